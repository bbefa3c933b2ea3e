package pyn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTutorialSpikeTrain is pyN's README single-neuron tutorial: one
// tonic-spiking neuron (a=0.02, b=0.2, c=−65, d=6, v0=−70), dt = 0.25 ms,
// T = 100 ms, I = 14 while 10 ≤ t ≤ 100 ms.
//
// Expected spike times 12.75, 16.75, 31.25, 59.0, 86.5 ms: v and u stay at
// the fixed point (−70, −14) of the discrete map until the current starts
// at t = 10 ms (step 40); the steps are then integrated by forward Euler,
// v first and u with the new v. These are also the times pyN itself
// produced: its code takes the same forward-Euler steps. pyN reset one step
// late, but the step after a spike integrates from v = c, u + d in both
// programs, so the spike times agree; only the recorded v at the spike
// step differs: pyN shows 30 (spike_delta), pyn shows c = −65.
func TestTutorialSpikeTrain(t *testing.T) {
	stim := []Stim{{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}
	p := NewIzhikevich("Charly the Neuron", 1, TonicSpiking)
	d := drive(t, p, 0.25, 400, func(k int, tt float64) float64 {
		return stimCurrent(stim, 0, tt, 0.25)
	}, "v")
	want := []float64{12.75, 16.75, 31.25, 59.0, 86.5}
	got := d.spikes[0]
	if len(got) != len(want) {
		t.Fatalf("spikes at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("spike %d at %v ms, want %v", i, got[i], want[i])
		}
	}
	// Same-step reset: the v recorded after each spike step is c.
	for _, k := range d.steps[0] {
		if d.trace[k] != -65 {
			t.Errorf("v after spike step %d = %v, want c = -65", k, d.trace[k])
		}
	}
	// Before the stimulus v stays exactly at −70.
	for k := 0; k < 40; k++ {
		if d.trace[k] != -70 {
			t.Fatalf("v at step %d = %v before the stimulus, want -70", k, d.trace[k])
		}
	}
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

// TestIzhikevichHeterogeneous: a population with per-neuron parameters
// (the general loop) gives each neuron the trajectory of a one-neuron
// population with its own parameters (the homogeneous fast loop).
func TestIzhikevichHeterogeneous(t *testing.T) {
	presets := []IzhikevichParams{TonicSpiking, PhasicBursting, MixedMode, FastSpiking, Chattering}
	pop := NewIzhikevich("mix", len(presets), TonicSpiking)
	for _, name := range []string{"a", "b", "c", "d", "v0"} {
		v := make([]float64, len(presets))
		for i, p := range presets {
			v[i] = map[string]float64{"a": p.A, "b": p.B, "c": p.C, "d": p.D, "v0": p.V0}[name]
		}
		if err := pop.SetParam(name, v); err != nil {
			t.Fatal(err)
		}
	}
	cur := func(int, float64) float64 { return 10 }
	all := drive(t, pop, 0.25, 800, cur, "")
	for i, p := range presets {
		one := drive(t, NewIzhikevich("one", 1, p), 0.25, 800, cur, "")
		if len(one.spikes[0]) == 0 || len(one.spikes[0]) != len(all.spikes[i]) {
			t.Fatalf("neuron %d: %d spikes, alone %d", i, len(all.spikes[i]), len(one.spikes[0]))
		}
		for j := range one.spikes[0] {
			if one.spikes[0][j] != all.spikes[i][j] {
				t.Fatalf("neuron %d spike %d: %v vs %v alone", i, j, all.spikes[i][j], one.spikes[0][j])
			}
		}
	}
}

// TestIzhikevichConductance: a conductance g to E acts as the current
// g·(E − v) computed from v at the start of the step.
func TestIzhikevichConductance(t *testing.T) {
	a := NewIzhikevich("g", 1, TonicSpiking)
	b := NewIzhikevich("i", 1, TonicSpiking)
	_ = a.initModel()
	_ = b.initModel()
	c := &stepCtx{dt: 0.25}
	g := &input{I: []float64{1}, G: []conductance{{G: []float64{0.5}, E: 0}, {G: []float64{0.1}, E: -80}}}
	for k := 0; k < 200; k++ {
		v := a.m.state("v")[0]
		ib := &input{I: []float64{1 + 0.5*(0-v) + 0.1*(-80-v)}}
		sa, _ := a.m.step(c, g, nil)
		sb, _ := b.m.step(c, ib, nil)
		if len(sa) != len(sb) || a.m.state("v")[0] != b.m.state("v")[0] {
			t.Fatalf("step %d: conductance and equivalent current differ", k)
		}
	}
}

// TestIzhikevichVariantsGeneralLoop runs the variants through the
// heterogeneous loop too (two neurons with different d) and checks them
// against the homogeneous runs of the gallery.
func TestIzhikevichVariantsGeneralLoop(t *testing.T) {
	for _, b := range Behaviours() {
		if b.Params.Variant == IzhStandard {
			continue
		}
		pop := NewIzhikevich(b.Name, 2, b.Params)
		if err := pop.SetParam("d", []float64{b.Params.D, b.Params.D + 1}); err != nil {
			t.Fatal(err)
		}
		steps := int(math.Round(b.T / b.Dt))
		cur := func(k int, tt float64) float64 { return stimCurrent(b.Stim, 0, tt, b.Dt) }
		two := drive(t, pop, b.Dt, steps, cur, "")
		one := drive(t, NewIzhikevich(b.Name, 1, b.Params), b.Dt, steps, cur, "")
		if len(two.spikes[0]) != len(one.spikes[0]) {
			t.Errorf("%s: general loop %d spikes, fast loop %d", b.Name, len(two.spikes[0]), len(one.spikes[0]))
		}
	}
}

// BenchmarkIzhikevichStepHeterogeneous: per-neuron c and d (as in the
// Izhikevich 2003 network), the fast loop.
func BenchmarkIzhikevichStepHeterogeneous(b *testing.B) {
	const n = 100000
	p := NewIzhikevich("bench", n, RegularSpiking)
	r := rand.New(rand.NewPCG(1, 1))
	c, d := make([]float64, n), make([]float64, n)
	for i := range c {
		x := r.Float64()
		c[i], d[i] = -65+15*x*x, 8-6*x*x
	}
	_ = p.SetParam("c", c)
	_ = p.SetParam("d", d)
	if err := p.initModel(); err != nil {
		b.Fatal(err)
	}
	in := &input{I: make([]float64, n)}
	for i := range in.I {
		in.I[i] = 10 * r.Float64()
	}
	ctx := &stepCtx{dt: 0.25}
	spikes := make([]int32, 0, n)
	b.ReportAllocs()
	for b.Loop() {
		spikes, _ = p.m.step(ctx, in, spikes[:0])
	}
}

// TestIzhikevichLoopsAgree: per-neuron a and b with a shared cut-off (the
// inhibitory population of the Izhikevich 2003 network, which the fused
// loop also handles) and with per-neuron cut-offs give bit-identical
// trajectories for the same per-neuron values.
func TestIzhikevichLoopsAgree(t *testing.T) {
	const n = 50
	r := rand.New(rand.NewPCG(3, 4))
	a, b := make([]float64, n), make([]float64, n)
	for i := range a {
		x := r.Float64()
		a[i], b[i] = 0.02+0.08*x, 0.25-0.05*x
	}
	mk := func(vpeak []float64) *Population {
		p := NewIzhikevich("x", n, FastSpiking)
		_ = p.SetParam("a", a)
		_ = p.SetParam("b", b)
		_ = p.SetParam("vpeak", vpeak)
		return p
	}
	shared := mk([]float64{30})
	vp := make([]float64, n)
	fill(vp, 30)
	vp[n-1] = 31 // not shared; neuron n−1 is left out of the comparison
	general := mk(vp)
	cur := func(k int, tt float64) float64 { return 4 + 6*math.Sin(tt/7) }
	d1 := drive(t, shared, 0.25, 2000, cur, "")
	d2 := drive(t, general, 0.25, 2000, cur, "")
	if !shared.m.(*izhikevich).vpUniform || general.m.(*izhikevich).vpUniform {
		t.Fatal("test does not exercise both loops")
	}
	for i := 0; i < n-1; i++ {
		if len(d1.steps[i]) != len(d2.steps[i]) || len(d1.steps[i]) == 0 {
			t.Fatalf("neuron %d: %d vs %d spikes", i, len(d1.steps[i]), len(d2.steps[i]))
		}
	}
	v1, v2 := shared.m.state("v"), general.m.state("v")
	for i := range v1[:n-1] {
		if v1[i] != v2[i] {
			t.Fatalf("neuron %d: v %v vs %v", i, v1[i], v2[i])
		}
	}
}
