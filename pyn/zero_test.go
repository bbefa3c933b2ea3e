package pyn

import (
	"errors"
	"math"
	"testing"
)

// TestZeroExplicit: pyn.Zero gives 0 where 0 means a default (issue 15,
// class 7), and is refused like any NaN elsewhere.
func TestZeroExplicit(t *testing.T) {
	adex := AdExTonic
	adex.VCut, adex.V0 = Zero, Zero
	lif := LIFParams{C: 250, TauM: 10, EL: -65, VTh: 10, VReset: -65, V0: Zero}
	izh := RegularSpiking
	izh.VPeak = Zero
	for _, test := range []struct {
		pop   *Population
		param string
		want  float64
	}{
		{NewAdEx("adex", 2, adex), "Vcut", 0},
		{NewAdEx("adex", 2, adex), "V0", 0},
		{NewAdEx("adex", 2, AdExTonic), "Vcut", AdExTonic.VT + 5*AdExTonic.DeltaT},
		{NewAdEx("adex", 2, AdExTonic), "V0", AdExTonic.EL},
		{NewLIF("lif", 2, lif), "V0", 0},
		{NewIzhikevich("izh", 2, izh), "vpeak", 0},
		{NewIzhikevich("izh", 2, RegularSpiking), "vpeak", 30},
	} {
		got, err := test.pop.Param(test.param)
		if err != nil || got[0] != test.want || got[1] != test.want {
			t.Errorf("%s %s = %v (%v), want %v", test.pop.Name, test.param, got, err, test.want)
		}
	}
	bad := AdExTonic
	bad.C = Zero
	if err := NewAdEx("bad", 1, bad).Err(); !errors.Is(err, ErrBadInput) {
		t.Errorf("Zero as a capacitance: err = %v, want ErrBadInput (not finite)", err)
	}
	// P: Zero draws no synapse, Scale: Zero makes every weight 0.
	for _, c := range []Conn{{Rule: FixedProb, P: Zero}, {Rule: AllToAll, Weight: Const(1), Scale: Zero}} {
		a, b := NewPoisson("a", 20, 10), NewLIF("b", 20, lif)
		b.DisableRecurrent()
		n := NewNetwork(a, b)
		if err := n.Connect("a", "b", c); err != nil {
			t.Fatal(err)
		}
		w, err := n.Weights("a", "b")
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range w.W {
			if x != 0 {
				t.Fatalf("%+v: weight %v, want none or 0", c, x)
			}
		}
		if c.Rule == FixedProb && len(w.W) != 0 {
			t.Errorf("P: Zero drew %d synapses", len(w.W))
		}
	}
	// Stop: Zero is a stimulus at t = 0 only; Stop 0 lasts the run.
	p := NewLIF("p", 1, LIFParams{C: 250, TauM: 10, EL: -65, VTh: 1e6, VReset: -65})
	p.DisableRecurrent()
	r, err := NewNetwork(p).Simulate(Sim{T: 2, Dt: 0.5, Record: []string{"I_ext"},
		IExt: map[string][]Stim{"p": {{Start: 0, Stop: Zero, Amp: 7}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Pops[0].Trace("I_ext").Data; len(got) != 4 || got[0] != 7 || got[1] != 0 {
		t.Errorf("I_ext with Stop: Zero = %v, want [7 0 0 0]", got)
	}
}

// TestSTDPZeroAPlus: APlus: Zero turns potentiation off (Δw = 0 for a pre
// spike 5 ms before a post spike), where APlus 0 means 0.01.
func TestSTDPZeroAPlus(t *testing.T) {
	for _, test := range []struct {
		aPlus, want float64
	}{{0, defaultAPlus * math.Exp(-5.0/defaultTauSTD)}, {Zero, 0}} {
		src := NewSpikeSource("pre", [][]float64{{50}})
		post := NewLIF("post", 1, LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65})
		post.DisableRecurrent()
		net := NewNetwork(src, post)
		if err := net.Connect("pre", "post", Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: Synapse{Kind: Exponential, Tau: 1},
			STDP: &STDP{APlus: test.aPlus}, Delay: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := net.Simulate(Sim{T: 100, Dt: 0.25, IExt: map[string][]Stim{"post": {{Start: 55, Stop: 55, Amp: 1e6}}}}); err != nil {
			t.Fatal(err)
		}
		w, _ := net.Weights("pre", "post")
		if got := w.W[0] - 0.5; math.Abs(got-test.want) > 1e-7 {
			t.Errorf("APlus %v: Δw = %v, want %v", test.aPlus, got, test.want)
		}
	}
}

// TestHHEulerConverges: forward Euler (Brian 2's "euler") agrees with RK4
// to first order: at dt = 0.01 ms the squid axon's first spike under
// 10 µA/cm² is within 0.05 ms of RK4's (Hodgkin & Huxley 1952 kinetics).
func TestHHEulerConverges(t *testing.T) {
	first := func(integ HHIntegrator) float64 {
		p := HHSquidAxon
		p.Integrator = integ
		pop := NewHodgkinHuxley("hh", 1, p)
		r, err := NewNetwork(pop).Simulate(Sim{T: 30, Dt: 0.01, IExt: map[string][]Stim{"hh": {{Start: 5, Amp: 10}}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Pops[0].Spikes.T) == 0 {
			t.Fatalf("integrator %v: no spike", integ)
		}
		return r.Pops[0].Spikes.T[0]
	}
	rk4, euler := first(HHRK4), first(HHEuler)
	if math.Abs(rk4-euler) > 0.05 || rk4 == euler {
		t.Errorf("first spike: RK4 %v ms, Euler %v ms: want different schemes within 0.05 ms", rk4, euler)
	}
}

// TestAdExEulerMatchesBrian2: with forward Euler and the cut-off Naud et
// al. (2008) use (0 mV, written pyn.Zero), the tonic pattern under 500 pA
// from 10 to 510 ms at dt = 0.05 ms gives Brian 2.5.1's spikes
// (testdata/brian2_adex_tonic.py, method "euler"): 50 spikes, the first
// at 24.35 and 33.45 ms, the last at 501.8 ms; with the default cut-off
// VT + 5ΔT = −40 mV, 52 spikes at 24.1, 32.95 … 506.35 ms.
func TestAdExEulerMatchesBrian2(t *testing.T) {
	for _, test := range []struct {
		vcut             float64
		n                int
		first, sec, last float64
	}{{Zero, 50, 24.35, 33.45, 501.8}, {0, 52, 24.1, 32.95, 506.35}} {
		p := AdExTonic
		p.VCut, p.Integrator = test.vcut, AdExEuler
		r, err := NewNetwork(NewAdEx("a", 1, p)).Simulate(Sim{T: 520, Dt: 0.05,
			IExt: map[string][]Stim{"a": {{Start: 10, Stop: 510 - 0.025, Amp: 500}}}})
		if err != nil {
			t.Fatal(err)
		}
		s := r.Pops[0].Spikes.T
		const tol = 1e-9 // the same scheme and step: the same step stamps
		if len(s) != test.n || math.Abs(s[0]-test.first) > tol || math.Abs(s[1]-test.sec) > tol || math.Abs(s[len(s)-1]-test.last) > tol {
			t.Errorf("VCut %v: %d spikes %v … %v, Brian 2: %d spikes [%v %v] … %v", test.vcut, len(s), s[:2], s[len(s)-1], test.n, test.first, test.sec, test.last)
		}
	}
}
