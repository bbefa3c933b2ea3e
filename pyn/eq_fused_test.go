package pyn

import (
	"errors"
	"strings"
	"testing"
)

// TestEquationsNaNFused: in the network case that takes the fused input
// (one Delta channel and one noise stimulus, eq_fused.go), a state that
// becomes non-finite still stops the run with ErrDiverged naming the
// neuron and the variable.
func TestEquationsNaNFused(t *testing.T) {
	p, err := NewModel("blow", 20, Equations{Eqs: "dv/dt = v*v*k + I : 1\n", Params: map[string]float64{"k": 0},
		Init: map[string]string{"v": "1"}, Method: MethodEuler})
	if err != nil {
		t.Fatal(err)
	}
	k := make([]float64, 20)
	k[13] = 1
	if err := p.SetParam("k", k); err != nil {
		t.Fatal(err)
	}
	p.SetRecurrent(Conn{P: 0.1, Synapse: Synapse{Kind: Delta}, Seed: 2})
	net := NewNetwork(p)
	_, err = net.Simulate(Sim{T: 100, Dt: 0.5, Seed: 1, IExt: map[string][]Stim{"blow": {{Std: 0.1, Every: 1}}}})
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, ErrDiverged) {
		t.Fatalf("error %v, want ErrDiverged", err)
	}
	if pe.Neuron != 13 || !strings.Contains(err.Error(), `variable "v" (Eqs line 1)`) {
		t.Errorf("error %v (neuron %d), want neuron 13 and variable v", err, pe.Neuron)
	}
	if !net.rt.pops[0].fused {
		t.Error("the run did not take the fused input")
	}
}
