package pyn

import (
	"errors"
	"math"
	"slices"
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

// TestEquationsFusedStep: stepFused gives the spikes and state bits of
// step with the input deltaNoise computes (the general path), clears the
// ring-buffer slot, and allocates nothing.
func TestEquationsFusedStep(t *testing.T) {
	const n = 1001 // two blocks and an odd tail
	mk := func() *eqModel {
		p, err := NewModel("m", n, IzhikevichEquations(RegularSpiking))
		if err != nil {
			t.Fatal(err)
		}
		if err := p.initModel(); err != nil {
			t.Fatal(err)
		}
		if err := p.m.prepare(0.25); err != nil {
			t.Fatal(err)
		}
		return p.m.(*eqModel)
	}
	a, b := mk(), mk()
	if !b.canFuse(&input{}) {
		t.Fatal("IzhikevichEquations cannot take the fused input")
	}
	c := &stepCtx{dt: 0.25}
	h := make([]float64, n)
	bufA, bufB := make([]float32, n), make([]float32, n)
	in := &input{I: make([]float64, n)}
	f := &fusedInput{buf: bufB, scale: 2, amp: 1.5, h: h}
	var sa, sb []int32
	total := 0
	for step := 0; step < 400; step++ {
		for i := range h {
			h[i] = float64((i*7+step*3)%23) - 4
			if (i+step)%5 == 0 {
				bufA[i] = float32(i%3) + 0.5
				bufB[i] = bufA[i]
			}
		}
		c.t = float64(step) * c.dt
		deltaNoise(bufA, f.scale, in.I, f.amp, h)
		var err error
		if sa, err = a.step(c, in, sa[:0]); err != nil {
			t.Fatal(err)
		}
		if sb = b.stepFused(c, f, sb[:0]); b.ferr != nil {
			t.Fatal(b.ferr)
		}
		if !slices.Equal(sa, sb) {
			t.Fatalf("step %d: spikes %v, general path %v", step, sb, sa)
		}
		total += len(sa)
		for j := range a.x {
			for i := range a.x[j] {
				if math.Float64bits(a.x[j][i]) != math.Float64bits(b.x[j][i]) {
					t.Fatalf("step %d: %s[%d] = %v, general path %v", step, a.sc.states[j], i, b.x[j][i], a.x[j][i])
				}
			}
		}
		for i, x := range bufB {
			if x != 0 {
				t.Fatalf("step %d: buf[%d] = %v, want it cleared", step, i, x)
			}
		}
	}
	if total < 100 {
		t.Fatalf("%d spikes: the input does not drive the model", total)
	}
	if allocs := testing.AllocsPerRun(20, func() { sb = b.stepFused(c, f, sb[:0]) }); allocs != 0 {
		t.Errorf("stepFused allocates %v times per step", allocs)
	}
}
