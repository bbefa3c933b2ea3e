package pyn

import (
	"math"
	"sort"
	"strings"
	"testing"
)

// Every unit name an expression may use has a dimension, and the other
// way round.
func TestEqUnitTables(t *testing.T) {
	var a, b []string
	for k := range eqUnits {
		a = append(a, k)
	}
	for k := range eqUnitDims {
		b = append(b, k)
	}
	sort.Strings(a)
	sort.Strings(b)
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("unit names with a scale:\n%v\nwith a dimension:\n%v", a, b)
	}
	// The scales agree with the dimensions: pA = nS·mV, pA = pF·mV/ms,
	// mV = GΩ·pA (doc.go's units), and SI prefixes.
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"nS·mV", eqUnits["nS"] * eqUnits["mV"], eqUnits["pA"]},
		{"pF·mV/ms", eqUnits["pF"] * eqUnits["mV"] / eqUnits["ms"], eqUnits["pA"]},
		{"Gohm·pA", eqUnits["Gohm"] * eqUnits["pA"], eqUnits["mV"]},
		{"siemens·volt", eqUnits["siemens"] * eqUnits["volt"], eqUnits["amp"]},
		{"farad·volt/second", eqUnits["farad"] * eqUnits["volt"] / eqUnits["second"], eqUnits["amp"]},
		{"ohm·amp", eqUnits["ohm"] * eqUnits["amp"], eqUnits["volt"]},
		{"Hz·second", eqUnits["Hz"] * eqUnits["second"], 1},
	} {
		if math.Abs(c.got-c.want) > 1e-9*c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestEquationUnits: texts written with units are checked for dimensions
// when the model is made; errors name the field, line and column.
// Unit-free texts are accepted as before, even when their annotations
// would not agree (they are comments there).
func TestEquationUnits(t *testing.T) {
	lif := func(eqs, thr, reset, refr string) Equations {
		return Equations{Eqs: eqs, Threshold: thr, Reset: reset, Refractory: refr,
			Params: map[string]float64{"EL": -65, "tau": 10, "C": 250, "R": 0.04}}
	}
	for _, tc := range []struct {
		name string
		m    Equations
		want string // "" accepted; else a part of the error
	}{
		{"Brian2 LIF", lif("dv/dt = (EL - v)/tau + I/C : mV\nEL : mV\ntau : ms\nC : pF", "v > -50*mV", "v = -65*mV", "2*ms"), ""},
		{"time constant as subexpression", lif("dv/dt = (EL - v)/tau_m : mV\ntau_m = 10*ms\nEL : mV", "v > -50*mV", "", ""), ""},
		{"input in nA", lif("dv/dt = (EL - v + R*I)/tau : mV\nI : nA\nR : Gohm\nEL : mV\ntau : ms", "v > -50*mV", "", ""), ""},
		{"volts and seconds", lif("dv/dt = (EL - v)/(0.01*second) + I/C : volt\nEL : mV\nC : nfarad", "v > -0.05*volt", "v = EL", "0.002*second"), ""},
		{"undeclared parameters fit anything", lif("dv/dt = (EL - v)/tau : mV", "v > -50*mV", "", ""), ""},
		{"zero fits anything", lif("dv/dt = -v/tau : mV\ntau : ms", "v > 0", "v = 0", ""), ""},
		{"sqrt and powers", Equations{Eqs: "dv/dt = sqrt(v**2)/ms : mV", Threshold: "v > 1*mV"}, ""},
		{"exp of a ratio", Equations{Eqs: "dv/dt = exp((v - VT)/DT)*mV/ms : mV\nVT : mV\nDT : mV", Params: map[string]float64{"VT": -50, "DT": 2}}, ""},
		{"unit-free text unchanged", lif("dv/dt = (EL - v)/tau + I : mV", "v > -50", "v = -65", "2"), ""},
		{"unit-free, disagreeing annotation", lif("dv/dt = 0.04*v**2 + 5*v + 140 - v + I : mV", "v > 30", "", ""), ""},

		{"missing /tau", lif("dv/dt = (EL - v) : mV\nEL : mV", "v > -50*mV", "", ""),
			"Eqs line 1, column 10: dv/dt: right side has dimension mV but v/ms needs mV/ms"},
		{"adding volts and seconds", lif("dv/dt = (v + 1*ms)/tau : mV\ntau : ms", "", "", ""),
			"Eqs line 1, column 12: cannot add mV and ms"},
		{"bare number", lif("dv/dt = (EL - v)/tau : mV\nEL : mV\ntau : ms", "v > -50*mV", "v = v - 5", ""),
			"Reset line 1, column 7: cannot subtract mV and 1"},
		{"threshold without unit", lif("dv/dt = (EL - v)/(10*ms) : mV\nEL : mV", "v > -50", "", ""),
			"Threshold line 1, column 3: cannot compare mV with 1 (write numbers with their unit, e.g. 30*mV)"},
		{"reset to a time", lif("dv/dt = (EL - v)/tau : mV\nEL : mV\ntau : ms", "v > -50*mV", "v = 3*ms", ""),
			"Reset line 1, column 5: v = …: right side has dimension ms but v is in mV"},
		{"refractory in mV", lif("dv/dt = (EL - v)/tau : mV\nEL : mV\ntau : ms", "v > -50*mV", "", "2*mV"),
			"Refractory line 1, column 1: the refractory period has dimension mV, want a time (ms)"},
		{"exp of volts", Equations{Eqs: "dv/dt = exp(v)/ms : mV", Threshold: "v > 1*mV"},
			"Eqs line 1, column 13: exp needs a dimensionless argument, got mV"},
		{"input declared as a voltage", lif("dv/dt = (EL - v)/tau : mV\nI : mV\ntau : ms", "v > 1*mV", "", ""),
			"Eqs line 2, column 1: I is the input current (pA); its unit mV is not a current"},
		{"input is a current", lif("dv/dt = (EL - v + I)/tau : mV\nEL : mV\ntau : ms", "v > 1*mV", "", ""),
			"Eqs line 1, column 17: cannot add mV and pA"},
		{"unknown unit", lif("dv/dt = (EL - v)/tau : mV\nEL : furlong\ntau : ms", "v > 1*mV", "", ""),
			`Eqs line 2, column 1: unknown unit "furlong"`},
		{"subexpression unit", lif("dv/dt = (EL - v)/tm : mV\ntm = 10*mV : ms\nEL : mV", "v > 1*mV", "", ""),
			"Eqs line 2, column 6: tm: right side has dimension mV but its unit is ms"},
		{"power of a variable", Equations{Eqs: "dv/dt = v**v/ms : mV", Threshold: "v > 1*mV"},
			"Eqs line 1, column 12: an exponent must be dimensionless, got mV"},
		{"init in ms", Equations{Eqs: "dv/dt = -v/(10*ms) : mV", Init: map[string]string{"v": "3*ms"}},
			"Init[v] line 1, column 1: initial value has dimension ms but v is in mV"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewModel("p", 2, tc.m)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}

// A LIF written with units in other scales (seconds, volts, nanofarads,
// nanoamperes) runs as the built-in LIF with the same values in pyn's
// units: units convert into ms, mV, pA, pF.
func TestEquationUnitsConvert(t *testing.T) {
	withUnits, err := NewModel("u", 1, Equations{
		Eqs:        "dv/dt = (EL - v)/(0.01*second) + (I + 0.1*nA)/(0.25*nF) : mV (unless refractory)\nEL = -0.065*volt",
		Threshold:  "v > -50*mV",
		Reset:      "v = -65*mV",
		Refractory: "0.002*second",
		Method:     MethodEuler,
		Init:       map[string]string{"v": "-65*mV"},
	})
	if err != nil {
		t.Fatal(err)
	}
	withUnits.DisableRecurrent()
	ref := NewLIF("ref", 1, LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65, TRef: 2, Integrator: LIFEuler})
	ref.DisableRecurrent()
	sim := func(p *Population, extra float64) *Result {
		r, err := NewNetwork(p).Simulate(Sim{T: 200, Dt: 0.1, Record: []string{"v"},
			IExt: map[string][]Stim{p.Name: {{Amp: 300 + extra}}}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := sim(withUnits, 0), sim(ref, 100) // the text adds 0.1 nA = 100 pA itself
	sa, sb := a.Pop("u").Spikes.T, b.Pop("ref").Spikes.T
	if len(sa) == 0 || len(sa) != len(sb) {
		t.Fatalf("spikes with units %v, built-in %v", sa, sb)
	}
	for k := range sa {
		if math.Abs(sa[k]-sb[k]) > 1e-9 {
			t.Errorf("spike %d at %v ms with units, %v built-in", k, sa[k], sb[k])
		}
	}
	va, vb := a.Pop("u").Trace("v").Neuron(0), b.Pop("ref").Trace("v").Neuron(0)
	for k := range va {
		if math.Abs(va[k]-vb[k]) > 1e-9 {
			t.Fatalf("v at sample %d: %v with units, %v built-in", k, va[k], vb[k])
		}
	}
}

// A text nested deeper than maxDepth is refused, not a stack overflow
// (Load parses texts from files).
func TestEquationsNestingLimit(t *testing.T) {
	const deep = 10000 // below maxTokens, above maxDepth
	for _, tc := range []struct{ name, rhs string }{
		{"parentheses", strings.Repeat("(", deep) + "v" + strings.Repeat(")", deep)},
		{"minus", strings.Repeat("-", deep) + "v"},
		{"powers", strings.Repeat("v**", deep) + "v"},
		{"not", strings.Repeat("not ", deep) + "v"},
	} {
		_, err := NewModel("deep", 1, Equations{Eqs: "dv/dt = " + tc.rhs})
		if err == nil || !strings.Contains(err.Error(), "nested more than 256 levels deep") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if _, err := NewModel("long", 1, Equations{Eqs: "dv/dt = " + strings.Repeat("v+", 100000) + "v"}); err == nil || !strings.Contains(err.Error(), "text too long: more than 65536 tokens") {
		t.Errorf("a chain of 100000 additions: %v", err)
	}
	if _, err := NewModel("ok", 1, Equations{Eqs: "dv/dt = " + strings.Repeat("(", 200) + "-v" + strings.Repeat(")", 200)}); err != nil {
		t.Errorf("200 levels: %v", err)
	}
}

// Synapse models written with units are checked the same way.
func TestSynapseUnits(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    SynapseEquations
		want string
	}{
		{"depressing, in ms", SynapseEquations{Eqs: "dx/dt = (1 - x)/(800*ms) : 1 (event-driven)", OnPre: "I_post += w*x*pA\nx -= 0.5*x",
			Init: map[string]string{"x": "1"}}, ""},
		{"conductance", SynapseEquations{Eqs: "w : nS", OnPre: "g_post += w + 0.1*nS"}, ""},
		{"presets have no units", TsodyksMarkram(0.5, 800, 10), ""},
		{"trace per ms", SynapseEquations{Eqs: "dx/dt = -x : 1 (event-driven)\ny = 1*ms"},
			"Eqs line 1, column 9: dx/dt: right side has dimension 1 but x/ms needs 1/ms"},
		{"current sent as a voltage", SynapseEquations{Eqs: "w : pA", OnPre: "I_post += 1*mV"},
			"OnPre line 1, column 11: I_post += …: right side has dimension mV but I_post needs pA"},
		{"conductance sent as a current", SynapseEquations{Eqs: "w : nS", OnPre: "g_post += w*mV"},
			"OnPre line 1, column 11: g_post += …: right side has dimension pA but g_post needs nS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSynapseModel(tc.s)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}
