package pyn

import (
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
