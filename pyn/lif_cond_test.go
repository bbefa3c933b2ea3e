package pyn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLIFCondKernel checks lifCondUniform (the AVX2 kernel where there is
// one) against lifCondGo bit for bit on random states that visit every
// branch (refractory, spiking, neither), at sizes that leave tails.
func TestLIFCondKernel(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		k := lifCondConsts{p0: math.Exp(-0.1 / 5), p1: math.Exp(-0.1 / 10), e0: 0, e1: -80,
			el: -60, invTau: 1.0 / 20, invC: 1.0 / 200, dt: 0.1, half: 0.05, vth: -50, vreset: -60, tref: 5}
		for _, n := range []int{1, 3, 4, 7, 64, 1001} {
			type state struct {
				v, ref, x0, x1 []float64
				b0, b1         []float32
			}
			mk := func() state {
				return state{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float32, n), make([]float32, n)}
			}
			a, b := mk(), mk()
			for i := 0; i < n; i++ {
				a.v[i] = -65 + 20*rng.Float64()
				if rng.IntN(4) == 0 {
					a.ref[i] = 5 * rng.Float64()
				}
				a.x0[i], a.x1[i] = 30*rng.Float64(), 100*rng.Float64()
			}
			copy(b.v, a.v)
			copy(b.ref, a.ref)
			copy(b.x0, a.x0)
			copy(b.x1, a.x1)
			grp := make([]int32, n/4+1)
			for step := 0; step < 200; step++ {
				for i := 0; i < n; i++ {
					if rng.IntN(10) == 0 {
						w0, w1 := float32(6*rng.Float64()), float32(67*rng.Float64())
						a.b0[i], b.b0[i], a.b1[i], b.b1[i] = w0, w0, w1, w1
					}
				}
				sa := lifCondUniform(&k, a.v, a.ref, a.x0, a.x1, a.b0, a.b1, nil, grp, 0)
				sb := lifCondGo(&k, b.v, b.ref, b.x0, b.x1, b.b0, b.b1, nil, 0)
				if !slices.Equal(sa, sb) {
					t.Fatalf("n = %d, step %d: spikes %v (kernel), %v (Go)", n, step, sa, sb)
				}
				for i := 0; i < n; i++ {
					for _, p := range [][2]float64{{a.v[i], b.v[i]}, {a.ref[i], b.ref[i]}, {a.x0[i], b.x0[i]}, {a.x1[i], b.x1[i]}} {
						if math.Float64bits(p[0]) != math.Float64bits(p[1]) {
							t.Fatalf("n = %d, step %d, neuron %d: kernel %v, Go %v", n, step, i, p[0], p[1])
						}
					}
					if a.b0[i] != 0 || a.b1[i] != 0 || b.b0[i] != 0 {
						t.Fatalf("n = %d, neuron %d: ring slot not cleared", n, i)
					}
				}
			}
		}
	})
}

// BenchmarkKernelLIFCond times the fused COBA neuron step alone (4000
// neurons, shared parameters), for comparison with the plain C loop in
// docs/hardware/neuron_loops.c.
func BenchmarkKernelLIFCond(b *testing.B) {
	const n = 4000
	rng := rand.New(rand.NewPCG(1, 2))
	k := lifCondConsts{p0: math.Exp(-0.1 / 5), p1: math.Exp(-0.1 / 10), e0: 0, e1: -80,
		el: -60, invTau: 1.0 / 20, invC: 1.0 / 200, dt: 0.1, half: 0.05, vth: -50, vreset: -60, tref: 5}
	v, ref, x0, x1 := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	b0, b1 := make([]float32, n), make([]float32, n)
	for i := range v {
		v[i], x0[i], x1[i] = -65+10*rng.Float64(), 40*rng.Float64(), 200*rng.Float64()
	}
	grp := make([]int32, n/4+1)
	spikes := make([]int32, 0, n)
	cpu0 := cpuTime()
	for b.Loop() {
		spikes = lifCondUniform(&k, v, ref, x0, x1, b0, b1, spikes[:0], grp, 0)
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*n), "cpu-ns/neuron-step")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/neuron-step")
}
