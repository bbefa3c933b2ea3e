package pyn

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestEquationsIzhikevichBehaviours: the Izhikevich model written as
// equations (IzhikevichEquations, MethodSequentialEuler) gives the same
// trace, bit for bit, as the built-in model on the 20 published
// protocols of Izhikevich (2004), Fig. 1 (Behaviours, from figure1.m),
// hence the published spike counts of TestBehavioursPublishedSpikeCounts.
func TestEquationsIzhikevichBehaviours(t *testing.T) {
	for _, b := range Behaviours() {
		pop, err := NewModel(b.Name, 1, IzhikevichEquations(b.Params))
		if err != nil {
			t.Fatal(err)
		}
		steps := int(math.Round(b.T / b.Dt))
		cur := func(k int, tt float64) float64 { return stimCurrent(b.Stim, 0, tt, b.Dt) }
		got := drive(t, pop, b.Dt, steps, cur, "v")
		want := drive(t, NewIzhikevich(b.Name, 1, b.Params), b.Dt, steps, cur, "v")
		sameTrain(t, b.Name, got, want)
		if len(want.spikes[0]) == 0 {
			t.Errorf("%s: no spikes", b.Name)
		}
	}
}

// sameTrain fails unless two runs have the same spikes and v trace.
func sameTrain(t *testing.T, name string, got, want driven) {
	t.Helper()
	if len(got.spikes[0]) != len(want.spikes[0]) {
		t.Errorf("%s: %d spikes, built-in %d", name, len(got.spikes[0]), len(want.spikes[0]))
		return
	}
	for i := range got.spikes[0] {
		if got.spikes[0][i] != want.spikes[0][i] {
			t.Errorf("%s: spike %d at %v ms, built-in %v", name, i, got.spikes[0][i], want.spikes[0][i])
			return
		}
	}
	for k := range got.trace {
		if got.trace[k] != want.trace[k] {
			t.Errorf("%s: v at step %d = %v, built-in %v", name, k, got.trace[k], want.trace[k])
			return
		}
	}
}

// TestEquationsAdExPatterns: AdExEquations (MethodRK4 with the stage cut)
// reproduces the built-in AdEx bit for bit on the eight firing patterns
// of Naud et al. (2008), Table 1 (AdExPatterns), at dt = 0.05 ms.
func TestEquationsAdExPatterns(t *testing.T) {
	const dt = 0.05
	for _, p := range AdExPatterns() {
		pop, err := NewModel(p.Name, 1, AdExEquations(p.Params))
		if err != nil {
			t.Fatal(err)
		}
		steps := int(math.Round(p.T / dt))
		cur := func(k int, tt float64) float64 { return stimCurrent(p.Stim, 0, tt, dt) }
		sameTrain(t, p.Name, drive(t, pop, dt, steps, cur, "v"), drive(t, NewAdEx(p.Name, 1, p.Params), dt, steps, cur, "v"))
	}
}

// TestEquationsLIF: LIFEquations with MethodEuler is the built-in
// LIFEuler bit for bit; with MethodExponentialEuler it is the exact step
// of LIFExact up to rounding (the same spikes, v within 1e-12 mV), on a
// fluctuating current with refractoriness (LIFStandard, TRef = 2 ms).
func TestEquationsLIF(t *testing.T) {
	cur := func(k int, tt float64) float64 { return 300 + 200*math.Sin(tt/7) + 100*math.Sin(tt/1.3) }
	for _, integ := range []LIFIntegrator{LIFEuler, LIFExact} {
		p := LIFStandard
		p.Integrator = integ
		pop, err := NewModel("lif", 1, LIFEquations(p))
		if err != nil {
			t.Fatal(err)
		}
		got := drive(t, pop, 0.1, 20000, cur, "v")
		want := drive(t, NewLIF("lif", 1, p), 0.1, 20000, cur, "v")
		if integ == LIFEuler {
			sameTrain(t, "LIFEuler", got, want)
			continue
		}
		if len(got.spikes[0]) != len(want.spikes[0]) || len(got.spikes[0]) < 20 {
			t.Fatalf("exponential Euler: %d spikes, LIFExact %d", len(got.spikes[0]), len(want.spikes[0]))
		}
		for i := range got.spikes[0] {
			if got.spikes[0][i] != want.spikes[0][i] {
				t.Fatalf("spike %d at %v, LIFExact %v", i, got.spikes[0][i], want.spikes[0][i])
			}
		}
		for k := range got.trace {
			if math.Abs(got.trace[k]-want.trace[k]) > 1e-12 {
				t.Fatalf("step %d: v = %v, LIFExact %v", k, got.trace[k], want.trace[k])
			}
		}
	}
}

// TestEquationsPassiveDecay: a passive membrane dv/dt = −v/τ from v0
// follows v0·e^(−t/τ) (closed form): exactly (to rounding) with
// exponential Euler, to O(dt⁴) with RK4, to O(dt) with Euler.
func TestEquationsPassiveDecay(t *testing.T) {
	for _, tc := range []struct {
		m   Method
		tol float64
	}{{MethodExponentialEuler, 1e-12}, {MethodRK4, 1e-9}, {MethodEuler, 0.05}, {MethodAuto, 1e-12}} {
		pop, err := NewModel("p", 1, Equations{Eqs: "dv/dt = -v/tau : mV", Params: map[string]float64{"tau": 10},
			Init: map[string]string{"v": "1"}, Method: tc.m})
		if err != nil {
			t.Fatal(err)
		}
		d := drive(t, pop, 0.1, 200, nil, "v")
		want := math.Exp(-20.0 / 10)
		if got := d.trace[199]; math.Abs(got-want) > tc.tol*want {
			t.Errorf("%v: v(20 ms) = %v, want %v", tc.m, got, want)
		}
	}
}

// TestEquationsErrors: every error names the field, line and column of
// the culprit and wraps a pyn error kind.
func TestEquationsErrors(t *testing.T) {
	base := Equations{Eqs: "dv/dt = (a - v)/tau\n", Threshold: "v > 1", Reset: "v = 0",
		Params: map[string]float64{"a": 2, "tau": 10}}
	for _, tc := range []struct {
		name string
		edit func(e *Equations)
		want string
	}{
		{"unknown variable", func(e *Equations) { e.Eqs = "dv/dt = (a - v)/tau\ndu/dt = q*v" }, `Eqs line 2, column 9: unknown variable "q"`},
		{"threshold refers to nothing", func(e *Equations) { e.Threshold = "a > 1" }, "Threshold line 1, column 3: the condition (a > 1) refers to no state variable"},
		{"division by a zero parameter", func(e *Equations) { e.Params["tau"] = 0 }, "Eqs line 1, column 16: division by tau, which is 0 for neuron 0"},
		{"syntax", func(e *Equations) { e.Eqs = "dv/dt = (a - v/tau" }, `Eqs line 1, column 19: expected ")"`},
		{"reset target", func(e *Equations) { e.Reset = "v = 0; w = 1" }, `Reset line 1, column 8: "w" is not a state variable`},
		{"unknown function", func(e *Equations) { e.Eqs = "dv/dt = foo(v)" }, `Eqs line 1, column 9: unknown function "foo"`},
		{"not linear", func(e *Equations) { e.Eqs = "dv/dt = v*v"; e.Method = MethodExponentialEuler }, "Eqs line 1, column 2: exponential Euler needs dx/dt linear in x"},
		{"declared without value", func(e *Equations) { e.Eqs = "dv/dt = -v/tau\nk : 1" }, `Eqs line 2, column 1: parameter "k" has no value in Params`},
		{"reserved", func(e *Equations) { e.Eqs = "dI/dt = -I" }, `Eqs line 1, column 2: "I" is a built-in name`},
		{"cycle", func(e *Equations) { e.Eqs = "dv/dt = x\nx = y\ny = x" }, `depends on itself`},
	} {
		e := base
		e.Params = map[string]float64{"a": 2, "tau": 10}
		tc.edit(&e)
		_, err := NewModel("pop", 3, e)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
			continue
		}
		if !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v is not ErrBadInput", tc.name, err)
		}
	}
	// A parameter made zero later, for one neuron, is found at Simulate.
	p, err := NewModel("pop", 3, base)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetParam("tau", []float64{10, 0, 10}); err != nil {
		t.Fatal(err)
	}
	_, err = NewNetwork(p).Simulate(Sim{T: 1, Dt: 0.1})
	if err == nil || !strings.Contains(err.Error(), "division by tau, which is 0 for neuron 1") || !strings.Contains(err.Error(), `"pop"`) {
		t.Errorf("SetParam tau = 0: %v", err)
	}
}

// TestEquationsNaN: a state that becomes non-finite stops the run with
// ErrDiverged naming the neuron, the variable, its line and the time.
func TestEquationsNaN(t *testing.T) {
	p, err := NewModel("blow", 2, Equations{Eqs: "dv/dt = v*v*k : 1\n", Params: map[string]float64{"k": 1},
		Init: map[string]string{"v": "1"}, Method: MethodEuler})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetParam("k", []float64{0, 1}); err != nil {
		t.Fatal(err)
	}
	p.DisableRecurrent()
	res, err := NewNetwork(p).Simulate(Sim{T: 100, Dt: 0.5})
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, ErrDiverged) {
		t.Fatalf("error %v, want ErrDiverged", err)
	}
	if pe.Neuron != 1 || !strings.Contains(err.Error(), `variable "v" (Eqs line 1)`) || math.IsNaN(pe.T) {
		t.Errorf("error %v (neuron %d, T %v), want neuron 1, variable v, line 1 and a time", err, pe.Neuron, pe.T)
	}
	if res == nil || res.Complete {
		t.Errorf("want the partial result")
	}
}

// TestEquationsInNetwork: an equation model is a population like the
// built-in ones: per-neuron parameters (SetParam, Spread), recorded
// state variables, synaptic input and a network run identical to the
// built-in Izhikevich network (IzhikevichEquations, delta synapses).
func TestEquationsInNetwork(t *testing.T) {
	build := func(eq bool) (*Network, *Population) {
		var p *Population
		if eq {
			var err error
			if p, err = NewModel("rs", 50, IzhikevichEquations(RegularSpiking)); err != nil {
				t.Fatal(err)
			}
		} else {
			p = NewIzhikevich("rs", 50, RegularSpiking)
		}
		if err := p.Spread("d", Uniform(2, 8), 7); err != nil {
			t.Fatal(err)
		}
		p.SetRecurrent(Conn{P: 0.2, Synapse: Synapse{Kind: Exponential, Tau: 5}, Scale: 2, Seed: 3})
		return NewNetwork(p), p
	}
	sim := Sim{T: 300, Dt: 0.25, Seed: 9, Record: []string{"v", "u"}, NoSTDP: true,
		IExt: map[string][]Stim{"rs": {{Std: 5, Amp: 3, Every: 1}}}}
	n1, _ := build(true)
	n2, _ := build(false)
	r1, err := n1.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := n2.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := r1.Pops[0].Spikes, r2.Pops[0].Spikes
	if len(s1.T) != len(s2.T) || len(s1.T) < 50 {
		t.Fatalf("%d spikes, built-in %d", len(s1.T), len(s2.T))
	}
	for i := range s1.T {
		if s1.T[i] != s2.T[i] || s1.ID[i] != s2.ID[i] {
			t.Fatalf("spike %d: (%v, %d), built-in (%v, %d)", i, s1.T[i], s1.ID[i], s2.T[i], s2.ID[i])
		}
	}
	u1, u2 := r1.Pops[0].Trace("u"), r2.Pops[0].Trace("u")
	if u1 == nil || u2 == nil || len(u1.Data) != len(u2.Data) {
		t.Fatal("u not recorded")
	}
	for i := range u1.Data {
		if u1.Data[i] != u2.Data[i] {
			t.Fatalf("u sample %d: %v, built-in %v", i, u1.Data[i], u2.Data[i])
		}
	}
	if r1.Pops[0].Model != "Equations" || len(r1.Pops[0].Params["d"]) != 50 {
		t.Errorf("result: model %q, params %v", r1.Pops[0].Model, r1.Pops[0].Params)
	}
}

// TestEquationsStepAllocs: after prepare, a step allocates nothing, with
// every integrator, conductance input, refractoriness and resets
// (docs/equations.md, "How it runs").
func TestEquationsStepAllocs(t *testing.T) {
	for _, eq := range []Equations{
		IzhikevichEquations(RegularSpiking),
		AdExEquations(AdExTonic),
		LIFEquations(LIFStandard),
		QIFEquations(10, 0.04, -65, -50, 30, -70, 0.1),
	} {
		p, err := NewModel("m", 100, eq)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.initModel(); err != nil {
			t.Fatal(err)
		}
		if err := p.m.prepare(0.1); err != nil {
			t.Fatal(err)
		}
		in := &input{I: make([]float64, 100), G: []conductance{{G: make([]float64, 100), E: 0}}}
		for i := range in.I {
			in.I[i] = 1000 * float64(i) / 100
			in.G[0].G[i] = 0.01
		}
		c := &stepCtx{dt: 0.1}
		spikes := make([]int32, 0, 100)
		var n int
		allocs := testing.AllocsPerRun(200, func() {
			var err error
			spikes, err = p.m.step(c, in, spikes[:0])
			if err != nil {
				t.Fatal(err)
			}
			n += len(spikes)
			c.t += 0.1
		})
		if allocs != 0 || n == 0 {
			t.Errorf("%v: %v allocations per step, %d spikes", p.m.(*eqModel).method, allocs, n)
		}
	}
}

// TestEquationsSaveLoad: the named state variables of an equation model
// are saved and loaded back like those of the built-in models.
func TestEquationsSaveLoad(t *testing.T) {
	p, err := NewModel("qif", 2, QIFEquations(10, 0.04, -65, -50, 30, -70, 0.1))
	if err != nil {
		t.Fatal(err)
	}
	p.DisableRecurrent()
	res, err := NewNetwork(p).Simulate(Sim{Name: "qif", T: 100, Dt: 0.1, Record: []string{"v"},
		IExt: map[string][]Stim{"qif": {{Amp: 100}}}})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := Save(res, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, b := res.Pop("qif"), back.Pop("qif")
	if b == nil || b.Model != "Equations" || len(b.Spikes.T) != len(a.Spikes.T) || len(a.Spikes.T) == 0 {
		t.Fatalf("loaded %+v", b)
	}
	ta, tb := a.Trace("v"), b.Trace("v")
	if tb == nil || len(tb.Data) != len(ta.Data) {
		t.Fatal("trace v not loaded")
	}
	for i := range ta.Data {
		if ta.Data[i] != tb.Data[i] {
			t.Fatalf("v sample %d: %v, saved %v", i, tb.Data[i], ta.Data[i])
		}
	}
	if got := b.Params["vpeak"]; len(got) != 2 || got[0] != 30 {
		t.Errorf("parameter vpeak loaded as %v", got)
	}
}
