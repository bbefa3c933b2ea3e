package pyn

// Helpers shared by the tests of the step loop, synapses and connections.

import (
	"testing"
)

// quiet returns a single Izhikevich neuron at its resting fixed point
// (TonicSpiking: v = −70, u = −14 is a fixed point of the discrete map), so
// that it never fires on its own and its input can be read off I_syn.
func quiet(name string, n int) *Population {
	p := NewIzhikevich(name, n, TonicSpiking)
	p.DisableRecurrent()
	return p
}

// trace returns the recorded trace var of population pop, failing the test if absent.
func trace(t *testing.T, res *Result, pop, v string) *Trace {
	t.Helper()
	p := res.Pop(pop)
	if p == nil {
		t.Fatalf("no population %q in result", pop)
	}
	tr := p.Trace(v)
	if tr == nil {
		t.Fatalf("no trace %q of %q", v, pop)
	}
	return tr
}
