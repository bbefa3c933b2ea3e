package pyn

import (
	"math"
	"testing"
)

// lifTest is the LIFStandard preset (NEST's iaf_psc_* defaults).
var lifTest = LIFStandard

// TestLIFRate checks the f–I relation of the LIF neuron. For a constant
// current I the membrane relaxes to V∞ = EL + R·I (R = τm/C) and, from
// the reset, reaches VTh after τm·ln((V∞ − VReset)/(V∞ − VTh)), so the
// period is
//
//	T(I) = TRef + τm·ln((R·I − (VReset − EL))/(R·I − (VTh − EL)))
//
// (Lapicque's model; e.g. Gerstner et al. 2014, Neuronal Dynamics,
// Sect. 1.3; Dayan & Abbott 2001, Sect. 5.4). On a grid of step dt the
// exact update crosses threshold on the first whole step past that time
// and the refractory period holds round(TRef/dt) steps, so every ISI is
// exactly (round(TRef/dt) + ceil(τm·ln(…)/dt))·dt, within dt of T(I).
func TestLIFRate(t *testing.T) {
	for _, c := range []struct{ I, dt float64 }{{500, 0.1}, {400, 0.1}, {1000, 0.05}, {700, 0.25}} {
		p := NewLIF("lif", 1, lifTest)
		T := 300.0
		d := drive(t, p, c.dt, int(math.Round(T/c.dt)), func(int, float64) float64 { return c.I }, "")
		R := lifTest.TauM / lifTest.C
		ln := math.Log((R*c.I - (lifTest.VReset - lifTest.EL)) / (R*c.I - (lifTest.VTh - lifTest.EL)))
		period := lifTest.TRef + lifTest.TauM*ln
		wantSteps := math.Round(lifTest.TRef/c.dt) + math.Ceil(lifTest.TauM*ln/c.dt)
		isi := isis(d.spikes[0])
		if len(isi) < 5 {
			t.Fatalf("I=%v: %d spikes", c.I, len(d.spikes[0]))
		}
		for _, x := range isi {
			if math.Abs(x/c.dt-wantSteps) > 1e-6 {
				t.Errorf("I=%v dt=%v: ISI %v ms, want %v steps = %v ms", c.I, c.dt, x, wantSteps, wantSteps*c.dt)
				break
			}
			if math.Abs(x-period) > c.dt {
				t.Errorf("I=%v dt=%v: ISI %v ms further than dt from T(I) = %v ms", c.I, c.dt, x, period)
				break
			}
		}
	}
	// Below rheobase (R·I < VTh − EL = 15 mV, I < 375 pA) it never fires.
	p := NewLIF("lif", 1, lifTest)
	d := drive(t, p, 0.1, 5000, func(int, float64) float64 { return 370 }, "v")
	if len(d.spikes[0]) != 0 {
		t.Errorf("370 pA < rheobase 375 pA: %d spikes", len(d.spikes[0]))
	}
	if v := d.trace[len(d.trace)-1]; math.Abs(v-(-70+0.04*370)) > 1e-6 {
		t.Errorf("V∞ = %v, want EL + R·I = %v", v, -70+0.04*370)
	}
}

// TestLIFPassiveDecay: without input V(t) = EL + (V0 − EL)·e^(−t/τm),
// exactly (the update is the exact solution).
func TestLIFPassiveDecay(t *testing.T) {
	p := lifTest
	p.V0 = -60
	pop := NewLIF("lif", 1, p)
	d := drive(t, pop, 0.1, 500, nil, "v")
	for k, v := range d.trace {
		want := -70 + 10*math.Exp(-float64(k+1)*0.1/10)
		if math.Abs(v-want) > 1e-9 {
			t.Fatalf("step %d: V = %v, want %v", k, v, want)
		}
	}
}

// TestLIFConductance: a conductance g to E moves the steady state to
// (gL·EL + g·E)/(gL + g) with gL = C/τm.
func TestLIFConductance(t *testing.T) {
	pop := NewLIF("lif", 1, LIFParams{C: 200, TauM: 20, EL: -70, VTh: 0, VReset: -70})
	if err := pop.initModel(); err != nil {
		t.Fatal(err)
	}
	in := &input{I: []float64{0}, G: []conductance{{G: []float64{10}, E: -50}}}
	c := &stepCtx{dt: 0.1}
	if err := pop.m.prepare(c.dt); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3000; k++ { // 30 τ with τ = 1/(1/τm + g/C) = 10 ms
		if _, err := pop.m.step(c, in, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := (10*-70.0 + 10*-50) / 20
	if v := pop.m.state("v")[0]; math.Abs(v-want) > 1e-9 {
		t.Errorf("V = %v, want %v", v, want)
	}
}

func TestLIFBadParams(t *testing.T) {
	for _, c := range []struct {
		name string
		p    LIFParams
	}{
		{"C", LIFParams{C: -1, TauM: 10, VTh: -50, VReset: -60}},
		{"TauM", LIFParams{C: 1, TauM: 0, VTh: -50, VReset: -60}},
		{"VReset", LIFParams{C: 1, TauM: 10, VTh: -50, VReset: -40}},
		{"TRef", LIFParams{C: 1, TauM: 10, VTh: -50, VReset: -60, TRef: -1}},
	} {
		err := NewLIF("bad", 2, c.p).Err()
		if err == nil || !contains(err.Error(), `"`+c.name+`"`) {
			t.Errorf("%s: error %v does not name the parameter", c.name, err)
		}
	}
}

// TestLIFConductanceSynapseThroughNetwork: a spike through a CondExp
// synapse opens a conductance towards E: V rises towards E = 0 mV for an
// excitatory synapse and falls towards −80 mV for an inhibitory one, then
// relaxes back to EL. The peak follows from integrating
// C V' = −gL(V − EL) + g(t)(E − V), g(t) = w·e^(−t/τ), here checked
// against the same equation solved with a fine Euler step.
func TestLIFConductanceSynapseThroughNetwork(t *testing.T) {
	for _, e := range []float64{0, -80} {
		src := NewSpikeSource("src", [][]float64{{1}})
		cell := NewLIF("cell", 1, LIFParams{C: 200, TauM: 20, EL: -60, VTh: 100, VReset: -60})
		net := NewNetwork(src, cell)
		if err := net.Connect("src", "cell", Conn{Rule: OneToOne, Weight: Const(10),
			Synapse: Synapse{Kind: CondExp, Tau: 5, E: e}}); err != nil {
			t.Fatal(err)
		}
		res, err := net.Simulate(Sim{T: 100, Dt: 0.1, Record: []string{"v"}, NoSTDP: true})
		if err != nil {
			t.Fatal(err)
		}
		var v []float64
		for _, tr := range res.Pops[1].Traces {
			if tr.Var == "v" {
				v = tr.Neuron(0)
			}
		}
		ext := -60.0
		for _, x := range v {
			if (e > -60 && x > ext) || (e < -60 && x < ext) {
				ext = x
			}
		}
		// Reference: fine Euler from the step the conductance arrives.
		vr, g, want := -60.0, 10.0, -60.0
		for k := 0; k < 100000; k++ { // 100 ms at 0.001 ms
			vr += 0.001 * (-10*(vr+60) + g*(e-vr)) / 200
			g -= 0.001 * g / 5
			if (e > -60 && vr > want) || (e < -60 && vr < want) {
				want = vr
			}
		}
		if math.Abs(ext-want) > 0.05*math.Abs(want+60) {
			t.Errorf("E = %v: extreme V = %.3f mV, want %.3f (±5%% of the deflection)", e, ext, want)
		}
		if last := v[len(v)-1]; math.Abs(last+60) > 0.1*math.Abs(want+60) {
			t.Errorf("E = %v: V = %.3f at 100 ms, not back near EL", e, last)
		}
	}
}
