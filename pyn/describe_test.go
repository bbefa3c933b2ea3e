package pyn

import (
	"errors"
	"testing"
)

func TestDescribePopulationAndConnections(t *testing.T) {
	src := NewSpikeSource("in", [][]float64{{5, 1}, {2}})
	lif := NewLIF("lif", 3, LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65, TRef: 2, Integrator: LIFEuler})
	if err := lif.SetParam("VTh", []float64{-50, -51, -52}); err != nil {
		t.Fatal(err)
	}
	lif.DisableRecurrent()
	net := NewNetwork(src, lif)
	if err := net.Connect("in", "lif", Conn{Rule: AllToAll, Weight: Const(2), Delay: 1.3, Synapse: Synapse{Kind: Exponential}}); err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("lif", "lif", Conn{Rule: OneToOne, Autapses: true, Weight: Const(-1), Synapse: Synapse{Kind: CondExp, Tau: 10, E: -80}}); err != nil {
		t.Fatal(err)
	}
	si, err := src.Describe()
	if err != nil {
		t.Fatal(err)
	}
	if si.Model != "SpikeSource" || len(si.SpikeTimes) != 2 || si.SpikeTimes[0][0] != 1 || si.SpikeTimes[0][1] != 5 {
		t.Errorf("spike source described as %+v, want sorted times [[1 5] [2]]", si)
	}
	li, err := lif.Describe()
	if err != nil {
		t.Fatal(err)
	}
	if li.LIFIntegrator != LIFEuler || li.Params["VTh"][2] != -52 || li.Params["C"][0] != 250 || len(li.ParamNames) != 7 {
		t.Errorf("LIF described as %+v", li)
	}
	cs, err := net.Describe(0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("%d connections, want 2", len(cs))
	}
	a, b := cs[0], cs[1]
	// 1.3 ms at dt = 0.5 ms rounds to 3 steps = 1.5 ms (Conn.Delay doc).
	if a.Synapses == nil || len(a.Synapses.W) != 6 || a.Synapses.Delay[0] != 1.5 || a.Synapse.Tau != 5 || a.STDP == nil || a.STDP.APlus != 0.01 {
		t.Errorf("first connection %+v (synapses %+v), want 6 synapses of delay 1.5 ms, τ = 5 ms, default STDP", a, a.Synapses)
	}
	if len(b.Synapses.W) != 3 || b.Synapses.W[0] != -1 || b.STDP != nil || b.Synapse.E != -80 || b.Dt != 0.5 {
		t.Errorf("second connection %+v, want 3 static synapses of weight −1", b)
	}
	if _, err := net.Describe(-1); !errors.Is(err, ErrBadInput) {
		t.Errorf("Describe(−1) = %v, want ErrBadInput", err)
	}
	var nilNet *Network
	if _, err := nilNet.Describe(0); !errors.Is(err, ErrNil) {
		t.Errorf("nil network: %v, want ErrNil", err)
	}
}

// Describe gives the initial weights, which Reset restores, also after
// STDP changed them.
func TestDescribeGivesInitialWeights(t *testing.T) {
	src := NewSpikeSource("in", [][]float64{{1, 3, 5, 7}})
	post := NewIzhikevich("post", 1, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65})
	net := NewNetwork(src, post)
	if err := net.Connect("in", "post", Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: Synapse{Kind: Delta}}); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Simulate(Sim{T: 20, Dt: 0.25, IExt: map[string][]Stim{"post": {{Amp: 20}}}}); err != nil {
		t.Fatal(err)
	}
	w, err := net.Weights("in", "post")
	if err != nil {
		t.Fatal(err)
	}
	if w.W[0] == 0.5 {
		t.Fatalf("STDP left the weight at 0.5: the test needs it changed")
	}
	cs, err := net.Describe(0)
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Synapses.W[0] != 0.5 || cs[0].Dt != 0.25 {
		t.Errorf("Describe gives weight %v at dt %v, want the initial 0.5 at 0.25", cs[0].Synapses.W[0], cs[0].Dt)
	}
}
