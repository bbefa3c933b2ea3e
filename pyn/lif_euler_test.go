package pyn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLIFEulerPassiveDecay: forward Euler of τm V' = −(V − EL) gives
// V_k = EL + (V0 − EL)(1 − dt/τm)^k, whose error against the exact
// EL + (V0 − EL)e^(−t/τm) is, to leading order in x = dt/τm,
// (V0 − EL)·k·x²/2·e^(−kx), largest at t = τm: (V0 − EL)·dt/(2e·τm).
// The test asserts that bound (with 10 % for the higher-order terms,
// which at x ≤ 0.04 add under 3 %) and that the error shrinks as dt
// does: first order, so 4× smaller dt gives about 4× smaller error.
func TestLIFEulerPassiveDecay(t *testing.T) {
	p := lifTest
	p.V0, p.Integrator = -60, LIFEuler
	const T = 50.0
	prev := math.Inf(1)
	for _, dt := range []float64{0.4, 0.1, 0.025} {
		d := drive(t, NewLIF("lif", 1, p), dt, int(math.Round(T/dt)), nil, "v")
		var maxErr float64
		for k, v := range d.trace {
			want := -70 + 10*math.Exp(-float64(k+1)*dt/10)
			maxErr = math.Max(maxErr, math.Abs(v-want))
		}
		bound := 1.1 * 10 * dt / (2 * math.E * 10)
		if maxErr > bound {
			t.Errorf("dt = %v: max |V − exact| = %.3g mV, want ≤ %.3g", dt, maxErr, bound)
		}
		if maxErr > prev/3.5 {
			t.Errorf("dt = %v: error %.3g, want about a quarter of %.3g at 4× dt", dt, maxErr, prev)
		}
		prev = maxErr
	}
}

// TestLIFEulerRate: the Euler f–I relation converges to the exact one,
// T(I) = TRef + τm·ln((R·I − (VReset − EL))/(R·I − (VTh − EL))) (see
// TestLIFRate). Euler's discrete relaxation (1 − dt/τm)^k is faster than
// e^(−k·dt/τm), so it reaches threshold early by about
// τm·ln(…)·dt/(2τm) to leading order; the tolerance is the grid's dt plus
// twice that: |ISI − T(I)| ≤ dt + τm·ln(…)·dt/τm.
func TestLIFEulerRate(t *testing.T) {
	p := lifTest
	p.Integrator = LIFEuler
	for _, I := range []float64{500, 1000} {
		R := p.TauM / p.C
		sub := p.TauM * math.Log((R*I-(p.VReset-p.EL))/(R*I-(p.VTh-p.EL)))
		period := p.TRef + sub
		for _, dt := range []float64{0.1, 0.05, 0.01} {
			d := drive(t, NewLIF("lif", 1, p), dt, int(math.Round(200/dt)), func(int, float64) float64 { return I }, "")
			isi := isis(d.spikes[0])
			if len(isi) < 5 {
				t.Fatalf("I = %v dt = %v: %d spikes", I, dt, len(d.spikes[0]))
			}
			tol := dt + sub*dt/p.TauM
			for _, x := range isi {
				if math.Abs(x-period) > tol {
					t.Errorf("I = %v dt = %v: ISI %.4f ms, want T(I) = %.4f ± %.4f", I, dt, x, period, tol)
					break
				}
			}
		}
	}
}

// TestLIFEulerConductance: with constant conductances ge to 0 mV and gi
// to −80 mV the equation is linear with rate r = 1/τm + (ge + gi)/C and
// the exact solution V∞ + (V0 − V∞)e^(−r·t), V∞ = (gL·EL + ge·0 +
// gi·(−80))/(gL + ge + gi). Forward Euler's fixed point is exactly V∞,
// and its error is bounded like the passive case's, |V0 − V∞|·r·dt/(2e)
// (+10 %). Two channels take the hoisted loop of stepEuler.
func TestLIFEulerConductance(t *testing.T) {
	const ge, gi, v0 = 10.0, 20.0, -60.0
	p := LIFParams{C: 200, TauM: 20, EL: -70, VTh: 0, VReset: -70, V0: v0, Integrator: LIFEuler}
	gl := p.C / p.TauM
	vinf := (gl*p.EL + gi*-80) / (gl + ge + gi)
	r := 1/p.TauM + (ge+gi)/p.C
	for _, dt := range []float64{0.1, 0.01} {
		pop := NewLIF("lif", 1, p)
		if err := pop.initModel(); err != nil {
			t.Fatal(err)
		}
		in := &input{I: []float64{0}, G: []conductance{{G: []float64{ge}, E: 0}, {G: []float64{gi}, E: -80}}}
		c := &stepCtx{dt: dt}
		if err := pop.m.prepare(dt); err != nil {
			t.Fatal(err)
		}
		steps := int(math.Round(100 / dt)) // 20 time constants
		var maxErr float64
		for k := 1; k <= steps; k++ {
			if _, err := pop.m.step(c, in, nil); err != nil {
				t.Fatal(err)
			}
			want := vinf + (v0-vinf)*math.Exp(-r*float64(k)*dt)
			maxErr = math.Max(maxErr, math.Abs(pop.m.state("v")[0]-want))
		}
		if bound := 1.1 * math.Abs(v0-vinf) * r * dt / (2 * math.E); maxErr > bound {
			t.Errorf("dt = %v: max |V − exact| = %.3g mV, want ≤ %.3g", dt, maxErr, bound)
		}
		if v := pop.m.state("v")[0]; math.Abs(v-vinf) > 1e-6 {
			t.Errorf("dt = %v: V = %v after 100 ms, want V∞ = %v", dt, v, vinf)
		}
	}
}

// TestLIFEulerTwoChannelMatchesGeneral checks stepEuler's two-channel
// loop against its general loop bit for bit, as TestLIFStep2MatchesGeneral
// does for the exact step: a third, all-zero channel adds exact zeros.
func TestLIFEulerTwoChannelMatchesGeneral(t *testing.T) {
	const n = 64
	p := LIFParams{C: 200, TauM: 20, EL: -60, VTh: -50, VReset: -60, TRef: 2, Integrator: LIFEuler}
	a, b := NewLIF("a", n, p), NewLIF("b", n, p)
	for _, pop := range []*Population{a, b} {
		if err := pop.initModel(); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ge, gi, cur := make([]float64, n), make([]float64, n), make([]float64, n)
	in2 := &input{I: cur, G: []conductance{{G: ge, E: 0}, {G: gi, E: -80}}}
	in3 := &input{I: cur, G: []conductance{{G: ge, E: 0}, {G: gi, E: -80}, {G: make([]float64, n), E: -70}}}
	c := &stepCtx{dt: 0.1}
	if err := a.m.prepare(c.dt); err != nil {
		t.Fatal(err)
	}
	if err := b.m.prepare(c.dt); err != nil {
		t.Fatal(err)
	}
	var sa, sb []int32
	spikes := 0
	for k := 0; k < 2000; k++ {
		for i := range ge {
			ge[i], gi[i], cur[i] = 40*rng.Float64(), 200*rng.Float64(), 2000*rng.Float64()
		}
		var err error
		if sa, err = a.m.step(c, in2, sa[:0]); err != nil {
			t.Fatal(err)
		}
		if sb, err = b.m.step(c, in3, sb[:0]); err != nil {
			t.Fatal(err)
		}
		spikes += len(sa)
		va, vb := a.m.state("v"), b.m.state("v")
		for i := range va {
			if math.Float64bits(va[i]) != math.Float64bits(vb[i]) {
				t.Fatalf("step %d, neuron %d: V = %v (two channels), %v (general)", k, i, va[i], vb[i])
			}
		}
	}
	if spikes == 0 {
		t.Error("no spikes: the reset and refractory paths were not exercised")
	}
}

// TestLIFBadIntegrator: an unknown Integrator is refused, naming the
// population and the value.
func TestLIFBadIntegrator(t *testing.T) {
	p := lifTest
	p.Integrator = 7
	err := NewLIF("cells", 3, p).Err()
	if err == nil || !strings.HasPrefix(err.Error(), "pyn: ") || !strings.Contains(err.Error(), `"cells"`) ||
		!strings.Contains(err.Error(), "unknown LIF integrator 7") {
		t.Errorf("Integrator 7: error %v, want one naming population \"cells\" and the value", err)
	}
}
