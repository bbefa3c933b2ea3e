package pyn

import (
	"math"
	"strings"
	"testing"
)

func TestPopulationParams(t *testing.T) {
	p := NewIzhikevich("cortex", 4, TonicSpiking)
	if err := p.Err(); err != nil {
		t.Fatal(err)
	}
	a, err := p.Param("a")
	if err != nil || len(a) != 4 || a[3] != 0.02 {
		t.Fatalf("Param(a) = %v, %v", a, err)
	}
	a[0] = 99 // a copy: the population is unchanged
	if b, _ := p.Param("a"); b[0] != 0.02 {
		t.Error("Param returned the live slice")
	}
	if err := p.SetParam("d", []float64{1, 2, 3, 4}); err != nil {
		t.Fatal(err)
	}
	if d, _ := p.Param("d"); d[2] != 3 {
		t.Errorf("d = %v", d)
	}
	if err := p.SetParam("c", []float64{-50}); err != nil {
		t.Fatal(err)
	}
	if c, _ := p.Param("c"); c[0] != -50 || c[3] != -50 {
		t.Errorf("c = %v", c)
	}
	// Zero is a value like any other (d = 0 for Class 2).
	if err := p.SetParam("d", []float64{0}); err != nil {
		t.Fatal(err)
	}
	if d, _ := p.Param("d"); d[1] != 0 {
		t.Errorf("d = %v, want 0", d)
	}
}

func TestPopulationParamErrors(t *testing.T) {
	p := NewIzhikevich("cortex", 3, TonicSpiking)
	cases := []struct {
		name   string
		values []float64
		want   []string
	}{
		{"a", []float64{1, 2}, []string{`population "cortex"`, `"a"`, "2 values"}},
		{"b", []float64{0, math.NaN(), 1}, []string{`"b"`, "value[1]", "NaN"}},
		{"c", []float64{math.Inf(-1)}, []string{`"c"`, "value[0]", "-Inf"}},
		{"zz", []float64{1}, []string{`unknown parameter "zz"`, "a, b, c, d"}},
	}
	for _, c := range cases {
		err := p.SetParam(c.name, c.values)
		if err == nil {
			t.Errorf("SetParam(%q, %v): no error", c.name, c.values)
			continue
		}
		if !strings.HasPrefix(err.Error(), "pyn: ") {
			t.Errorf("error %q does not start with pyn:", err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("SetParam(%q): error %q lacks %q", c.name, err, w)
			}
		}
	}
	if _, err := p.Param("zz"); err == nil {
		t.Error("Param(zz): no error")
	}
	if _, err := p.State("zz"); err == nil {
		t.Error("State(zz): no error")
	}
}

func TestConstructorErrors(t *testing.T) {
	cases := []struct {
		p    *Population
		want string
	}{
		{NewIzhikevich("x", 0, TonicSpiking), "N = 0"},
		{NewIzhikevich("x", -3, TonicSpiking), "N = -3"},
		{NewIzhikevich("x", 2, IzhikevichParams{A: math.NaN()}), `"a"`},
		{NewIzhikevich("x", 2, IzhikevichParams{Variant: 7}), "variant 7"},
		{NewAdEx("x", 0, AdExBrette2005), "N = 0"},
		{NewHodgkinHuxley("x", 1, HHParams{C: 1, GNa: math.Inf(1)}), `"gNa"`},
		{NewLIF("x", 1, LIFParams{C: 1, TauM: 1, VTh: 1, VReset: 0, EL: math.NaN()}), `"EL"`},
		{NewPoisson("x", 2, -1), `"rate"`},
		{NewPoisson("x", 0, 1), "N = 0"},
		{NewSpikeSource("x", [][]float64{{1, math.NaN()}}), "[0][1]"},
	}
	for _, c := range cases {
		err := c.p.Err()
		if err == nil {
			t.Errorf("%s: no error, want %q", c.p.Model(), c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), `pyn: population "x": `) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want it to name the population and %q", c.p.Model(), err, c.want)
		}
	}
}

func TestSpread(t *testing.T) {
	p := NewIzhikevich("x", 1000, TonicSpiking)
	if err := p.Spread("d", Uniform(2, 8), 42); err != nil {
		t.Fatal(err)
	}
	d1, _ := p.Param("d")
	q := NewIzhikevich("y", 1000, TonicSpiking)
	_ = q.Spread("d", Uniform(2, 8), 42)
	d2, _ := q.Param("d")
	var mean float64
	for i := range d1 {
		if d1[i] != d2[i] {
			t.Fatal("same seed, different values")
		}
		if d1[i] < 2 || d1[i] >= 8 {
			t.Fatalf("d[%d] = %v outside [2, 8)", i, d1[i])
		}
		mean += d1[i] / 1000
	}
	if math.Abs(mean-5) > 0.3 {
		t.Errorf("mean %v, want ≈ 5", mean)
	}
	_ = q.Spread("d", Uniform(2, 8), 43)
	if d3, _ := q.Param("d"); d3[0] == d1[0] && d3[1] == d1[1] {
		t.Error("different seeds, same values")
	}
	if err := p.Spread("c", Normal(-65, -1), 1); err == nil {
		t.Error("negative std accepted")
	}
	if err := p.Spread("c", Const(-60), 1); err != nil {
		t.Fatal(err)
	}
	if c, _ := p.Param("c"); c[999] != -60 {
		t.Errorf("Const spread: %v", c[999])
	}
}

// TestStateBeforeRun: State works before any simulation and gives the
// initial values (u0 = b·v0 unless set).
func TestStateBeforeRun(t *testing.T) {
	p := NewIzhikevich("x", 2, TonicSpiking)
	u, err := p.State("u")
	if err != nil || u[0] != 0.2*-70 {
		t.Fatalf("u = %v, %v; want b·v0 = -14", u, err)
	}
	q := NewIzhikevich("acc", 1, Accommodation)
	if u, _ := q.State("u"); u[0] != -16 {
		t.Errorf("Accommodation u0 = %v, want -16", u[0])
	}
	if err := p.SetParam("u0", []float64{-3}); err != nil {
		t.Fatal(err)
	}
	_ = p.initModel()
	if u, _ := p.State("u"); u[1] != -3 {
		t.Errorf("after SetParam(u0): u = %v, want -3", u[1])
	}
	h := NewHodgkinHuxley("hh", 1, HHSquidAxon)
	if m, err := h.State("m"); err != nil || m[0] < 0.05 || m[0] > 0.06 {
		t.Errorf("HH m∞(-65) = %v, %v; want ≈ 0.0529", m, err)
	}
}

// TestSpreadNormal: Normal spreads have the requested mean and standard
// deviation (within 5 standard errors for 10 000 draws).
func TestSpreadNormal(t *testing.T) {
	const n = 10000
	p := NewLIF("x", n, LIFStandard)
	if err := p.Spread("EL", Normal(-70, 2), 5); err != nil {
		t.Fatal(err)
	}
	el, _ := p.Param("EL")
	mean, cv := meanCV(el)
	sd := math.Abs(cv * mean)
	if math.Abs(mean+70) > 5*2/math.Sqrt(n) {
		t.Errorf("mean %v, want -70", mean)
	}
	if math.Abs(sd-2) > 5*2/math.Sqrt(2*n) {
		t.Errorf("sd %v, want 2", sd)
	}
}

func TestSourceParamErrors(t *testing.T) {
	src := NewSpikeSource("s", [][]float64{{1}})
	if _, err := src.State("v"); err == nil || !strings.Contains(err.Error(), "no state variables") {
		t.Errorf("State(v) on a source: %v", err)
	}
	if _, err := src.Param("rate"); err == nil || !strings.Contains(err.Error(), "no parameters") {
		t.Errorf("Param(rate) on a spike source: %v", err)
	}
	if err := src.SetParam("rate", []float64{1}); err == nil || !strings.Contains(err.Error(), `population "s"`) {
		t.Errorf("SetParam on a spike source: %v", err)
	}
}
