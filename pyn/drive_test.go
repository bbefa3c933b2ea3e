package pyn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// drive steps population p alone (no network) for steps steps of dt ms;
// current(step, t) gives the current of every neuron during the step
// starting at t. It returns the spike times (ms, the end of the step in
// which the spike was detected… see spikeTime) per neuron and, when rec is
// a state variable name, its trace per step (after the step) for neuron 0.
type driven struct {
	spikes [][]float64 // per neuron: times (ms) of the steps' starts
	steps  [][]int64   // per neuron: indices of the steps with a spike
	trace  []float64   // rec of neuron 0 after each step
}

func drive(t testing.TB, p *Population, dt float64, steps int, current func(step int, t float64) float64, rec string) driven {
	t.Helper()
	if err := p.initModel(); err != nil {
		t.Fatalf("init: %v", err)
	}
	n := p.N
	in := &input{I: make([]float64, n)}
	c := &stepCtx{dt: dt, rng: rand.New(rand.NewPCG(1, 2))}
	if err := p.m.prepare(dt); err != nil {
		t.Fatal(err)
	}
	var out driven
	out.spikes = make([][]float64, n)
	out.steps = make([][]int64, n)
	var buf []int32
	for k := 0; k < steps; k++ {
		c.step = int64(k)
		c.t = float64(k) * dt
		if current != nil {
			x := current(k, c.t)
			for i := range in.I {
				in.I[i] = x
			}
		}
		var err error
		buf, err = p.m.step(c, in, buf[:0])
		if err != nil {
			t.Fatalf("step %d: %v", k, err)
		}
		for _, i := range buf {
			out.spikes[i] = append(out.spikes[i], c.t)
			out.steps[i] = append(out.steps[i], int64(k))
		}
		if rec != "" {
			out.trace = append(out.trace, p.m.state(rec)[0])
		}
	}
	return out
}

// stimCurrent is the current of neuron i at time t (the start of step k)
// from stims, by the documented Stim rules: active while Start ≤ t ≤ Stop
// (Stop 0: to the end); Series sample floor((t − Start)/SeriesDt) (every
// step when SeriesDt is 0), nothing after the last sample. Noise (Std) is
// not modelled here. It lets the model tests run without the network.
func stimCurrent(stims []Stim, i int, t, dt float64) float64 {
	var sum float64
	for _, s := range stims {
		if s.Neurons != nil && !hasInt(s.Neurons, i) {
			continue
		}
		if t < s.Start || (s.Stop != 0 && t > s.Stop) {
			continue
		}
		sum += s.Amp
		if s.Series != nil {
			sdt := s.SeriesDt
			if sdt == 0 {
				sdt = dt
			}
			j := int(math.Floor((t - s.Start) / sdt))
			if j >= 0 && j < len(s.Series) {
				sum += s.Series[j]
			}
		}
	}
	return sum
}

func hasInt(list []int, x int) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// benchStep measures one step of population p (n neurons) under a
// constant current amp, reporting ns per neuron-step.
func benchStep(b *testing.B, p *Population, amp, dt float64) {
	if err := p.initModel(); err != nil {
		b.Fatal(err)
	}
	in := &input{I: make([]float64, p.N)}
	fill(in.I, amp)
	c := &stepCtx{dt: dt, rng: rand.New(rand.NewPCG(1, 2))}
	if err := p.m.prepare(dt); err != nil {
		b.Fatal(err)
	}
	spikes := make([]int32, 0, p.N)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		spikes, err = p.m.step(c, in, spikes[:0])
		if err != nil {
			b.Fatal(err)
		}
		c.step++
		c.t += dt
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.N), "ns/neuron-step")
}

func BenchmarkModelsStep(b *testing.B) {
	const n = 10000
	hhEE := HHTraubMiles
	hhEE.Integrator = HHExponentialEuler
	cases := []struct {
		name string
		p    *Population
		amp  float64
		dt   float64
	}{
		{"Izhikevich", NewIzhikevich("x", n, RegularSpiking), 10, 0.25},
		{"AdEx", NewAdEx("x", n, AdExAdapting), 500, 0.05},
		{"HH-RK4", NewHodgkinHuxley("x", n, HHSquidAxon), 10, 0.025},
		{"HH-ExpEuler", NewHodgkinHuxley("x", n, hhEE), 1, 0.1},
		{"LIF", NewLIF("x", n, LIFStandard), 500, 0.1},
		{"Poisson", NewPoisson("x", n, 10), 0, 0.1},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchStep(b, c.p, c.amp, c.dt) })
	}
}
