package pyn

import (
	"math/rand/v2"
	"testing"
)

func TestIzhikevichSameStepReset(t *testing.T) {
	p := NewIzhikevich("x", 1, TonicSpiking)
	d := drive(t, p, 0.25, 400, func(k int, tt float64) float64 {
		if tt >= 10 {
			return 14
		}
		return 0
	}, "v")
	if len(d.steps[0]) == 0 {
		t.Fatal("no spikes")
	}
	for _, k := range d.steps[0] {
		if d.trace[k] != -65 {
			t.Errorf("v after spike step %d = %v, want c = -65", k, d.trace[k])
		}
	}
	t.Logf("spikes %v", d.spikes[0])
}

// BenchmarkIzhikevichStep measures one step of 100 000 tonic-spiking
// neurons driven near threshold.
func BenchmarkIzhikevichStep(b *testing.B) {
	const n = 100000
	p := NewIzhikevich("bench", n, TonicSpiking)
	if err := p.initModel(); err != nil {
		b.Fatal(err)
	}
	in := &input{I: make([]float64, n)}
	r := rand.New(rand.NewPCG(1, 1))
	for i := range in.I {
		in.I[i] = 10 * r.Float64()
	}
	c := &stepCtx{dt: 0.25}
	spikes := make([]int32, 0, n)
	b.ReportAllocs()
	for b.Loop() {
		spikes, _ = p.m.step(c, in, spikes[:0])
	}
}
