package pyn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestHHVecMatchesScalar checks the vectorised Traub–Miles step against
// the scalar hhExpEuler (math.Exp) on random states that visit the
// careful branch of the rate functions (V near VT + 13, VT + 15 and VT +
// 40 mV), with input current and two conductance channels, at sizes that
// leave partial blocks and kernel tails. The two differ only by fexp's
// ≤ 2 ulp per exponential, so they agree to 1e-12 relative.
func TestHHVecMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := HHTraubMiles
	p.Integrator = HHExponentialEuler
	for _, n := range []int{1, 5, 128, 300} {
		pop := NewHodgkinHuxley("hh", n, p)
		if err := pop.initModel(); err != nil {
			t.Fatal(err)
		}
		m := pop.m.(*hodgkinHuxley)
		I, ge, gi := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := 0; i < n; i++ {
			switch i % 4 {
			case 0:
				m.v[i] = -100 + 150*rng.Float64()
			default: // near a 0/0 point of the rates
				m.v[i] = -63 + []float64{13, 15, 40}[i%4-1] + 2*rng.NormFloat64()
			}
			m.m[i], m.h[i], m.ng[i] = rng.Float64(), rng.Float64(), rng.Float64()
			I[i], ge[i], gi[i] = 5*rng.NormFloat64(), 0.1*rng.Float64(), 0.5*rng.Float64()
		}
		in := &input{I: I, G: []conductance{{G: ge, E: 0}, {G: gi, E: -80}}}
		type st struct{ v, m, h, n float64 }
		want := make([]st, n)
		var wantSpk []int32
		const dt = 0.1
		for i := range want {
			nv, mm, hh, nn := hhExpEuler(true, m.vt[i], m.v[i], m.m[i], m.h[i], m.ng[i], m.c[i], m.gna[i], m.gk[i], m.gl[i],
				m.ena[i], m.ek[i], m.el[i], I[i]+ge[i]*0+gi[i]*-80, ge[i]+gi[i], dt)
			want[i] = st{nv, mm, hh, nn}
			if m.v[i] < 0 && nv >= 0 {
				wantSpk = append(wantSpk, int32(i))
			}
		}
		spk, err := m.step(&stepCtx{dt: dt}, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
		for i, w := range want {
			if !close(m.v[i], w.v) || !close(m.m[i], w.m) || !close(m.h[i], w.h) || !close(m.ng[i], w.n) {
				t.Fatalf("n = %d, neuron %d: (V, m, h, n) = (%v, %v, %v, %v), scalar (%v, %v, %v, %v)",
					n, i, m.v[i], m.m[i], m.h[i], m.ng[i], w.v, w.m, w.h, w.n)
			}
		}
		if len(spk) != len(wantSpk) {
			t.Errorf("n = %d: spikes %v, scalar %v", n, spk, wantSpk)
		}
	}
}

// BenchmarkKernelHH times the vectorised Traub–Miles step alone (4000
// neurons, two conductance channels), for comparison with the plain C
// loop in docs/hardware/neuron_loops.c.
func BenchmarkKernelHH(b *testing.B) {
	const n = 4000
	step := kernelHH(b, n, 1)
	cpu0 := cpuTime()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*n), "cpu-ns/neuron-step")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/neuron-step")
}

// BenchmarkKernelHHCores is what two cores of the machine can give the
// HH step with nothing shared and nothing to wait for: cores=2 steps two
// populations of 2000 neurons on two goroutines, each with its own
// memory, b.N steps each, joined once at the end; cores=1 steps one of
// 4000. The ratio of their ns/neuron-step bounds what threads=2 can reach
// against threads=1 in BenchmarkCOBAHH (whose steps also deliver spikes
// and hand data from core to core every step); BenchmarkCOBAHH's
// independent=2 is the same bound for the whole workload.
func BenchmarkKernelHHCores(b *testing.B) {
	const n = 4000
	for _, k := range []int{1, 2} {
		b.Run(fmt.Sprintf("cores=%d", k), func(b *testing.B) {
			steps := make([]func(), k)
			for w := range steps {
				steps[w] = kernelHH(b, n/k, uint64(w))
			}
			b.ResetTimer()
			var wg sync.WaitGroup
			for _, step := range steps[1:] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range b.N {
						step()
					}
				}()
			}
			for range b.N {
				steps[0]()
			}
			wg.Wait()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/neuron-step")
		})
	}
}

// kernelHH makes n Traub–Miles neurons with random conductances and
// returns their step.
func kernelHH(b *testing.B, n int, seed uint64) func() {
	p := HHTraubMiles
	p.Integrator = HHExponentialEuler
	pop := NewHodgkinHuxley("hh", n, p)
	if err := pop.initModel(); err != nil {
		b.Fatal(err)
	}
	m := pop.m.(*hodgkinHuxley)
	rng := rand.New(rand.NewPCG(1, 2+seed))
	ge, gi := make([]float64, n), make([]float64, n)
	for i := range ge {
		m.v[i], ge[i], gi[i] = -65+10*rng.Float64(), 0.2*rng.Float64(), rng.Float64()
	}
	in := &input{I: make([]float64, n), G: []conductance{{G: ge, E: 0}, {G: gi, E: -80}}}
	c := &stepCtx{dt: 0.1}
	spikes := make([]int32, 0, n)
	return func() {
		var err error
		if spikes, err = m.step(c, in, spikes[:0]); err != nil {
			panic(err) // not b.Fatal: it may run on another goroutine
		}
	}
}
