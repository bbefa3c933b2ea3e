package pyn

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestPoissonRate: n sources at rate r for T ms emit n·r·T/1000 spikes on
// average (Poisson, variance equal to the mean); the count must be within
// 5 standard deviations. Per-neuron rates set with SetParam are honoured.
func TestPoissonRate(t *testing.T) {
	const n, T, dt = 1000, 1000.0, 0.1
	p := NewPoisson("in", n, 10)
	rates := make([]float64, n)
	for i := n / 2; i < n; i++ {
		rates[i] = 20
	}
	if err := p.SetParam("rate", rates); err != nil {
		t.Fatal(err)
	}
	d := drive(t, p, dt, int(T/dt), nil, "")
	var lo, hi int
	for i, s := range d.spikes {
		if i < n/2 {
			lo += len(s)
		} else {
			hi += len(s)
		}
	}
	if lo != 0 {
		t.Errorf("rate-0 sources fired %d spikes", lo)
	}
	mean := float64(n/2) * 20 * T / 1000 // 10 000
	if math.Abs(float64(hi)-mean) > 5*math.Sqrt(mean) {
		t.Errorf("%d spikes, want %v ± %v", hi, mean, 5*math.Sqrt(mean))
	}
	// ISIs of a Poisson process are exponential: CV ≈ 1.
	var all []float64
	for _, s := range d.spikes[n/2:] {
		all = append(all, isis(s)...)
	}
	if _, cv := meanCV(all); math.Abs(cv-1) > 0.05 {
		t.Errorf("ISI CV = %v, want ≈ 1", cv)
	}
}

// TestPoissonDeterministic: the same stream gives the same spikes.
func TestPoissonDeterministic(t *testing.T) {
	run := func() []int32 {
		p := NewPoisson("in", 50, 40)
		if err := p.initModel(); err != nil {
			t.Fatal(err)
		}
		c := &stepCtx{dt: 0.1, rng: rand.New(rand.NewPCG(7, 9))}
		var out []int32
		for k := 0; k < 1000; k++ {
			out, _ = p.m.step(c, nil, out)
		}
		return out
	}
	a, b := run(), run()
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("runs differ: %d vs %d spikes", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("spike %d differs", i)
		}
	}
}

// TestSpikeSource: each time falls in the step whose interval [k·dt,
// (k+1)·dt) contains it, including times that are exact multiples of dt
// (0.3 ms at dt = 0.1 is step 3 although 3·0.1 > 0.3 in floating point);
// two times in one step give one spike; Reset replays.
func TestSpikeSource(t *testing.T) {
	p := NewSpikeSource("sss", [][]float64{{1.05, 0.3, 1.0}, {2.5}, {}})
	if p.Err() != nil {
		t.Fatal(p.Err())
	}
	for pass := 0; pass < 2; pass++ {
		d := drive(t, p, 0.1, 40, nil, "")
		want := [][]int64{{3, 10}, {25}, nil}
		for i := range want {
			if len(d.steps[i]) != len(want[i]) {
				t.Fatalf("pass %d source %d: steps %v, want %v", pass, i, d.steps[i], want[i])
			}
			for j := range want[i] {
				if d.steps[i][j] != want[i][j] {
					t.Errorf("pass %d source %d: steps %v, want %v", pass, i, d.steps[i], want[i])
				}
			}
		}
	}
	for _, bad := range [][][]float64{{{1, math.NaN()}}, {{-1}}, {{math.Inf(1)}}, {}} {
		if NewSpikeSource("bad", bad).Err() == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// TestPoissonTooFast: a rate that would need more than one spike per step
// is an error, not a silently lower rate.
func TestPoissonTooFast(t *testing.T) {
	p := NewPoisson("fast", 2, 100)
	if err := p.SetParam("rate", []float64{100, 20000}); err != nil {
		t.Fatal(err)
	}
	if err := p.initModel(); err != nil {
		t.Fatal(err)
	}
	err := p.m.prepare(0.1)
	if err == nil || !contains(err.Error(), "20000 Hz") {
		t.Errorf("error %v, want one naming the rate", err)
	}
	// Simulate refuses the step before the first one, naming the
	// population, with a bad-input error.
	res, err := NewNetwork(p).Simulate(Sim{T: 1, Dt: 0.1})
	if !errors.Is(err, ErrBadInput) || !contains(err.Error(), `"fast"`) || res != nil {
		t.Errorf("Simulate: %v, %v; want no result and a bad-input error naming the population", res, err)
	}
	if err := p.m.prepare(0.01); err != nil { // p = 0.2 per step
		t.Errorf("dt = 0.01 ms: %v", err)
	}
}

// TestSetParamClearsConstructionError: a NaN given at construction is
// reported until a valid value replaces it.
func TestSetParamClearsConstructionError(t *testing.T) {
	p := NewAdEx("x", 2, AdExParams{C: math.NaN(), GL: 10, EL: -70, VT: -50, DeltaT: 2, TauW: 100, Vr: -60})
	if p.Err() == nil {
		t.Fatal("NaN C accepted")
	}
	if err := p.SetParam("C", []float64{200}); err != nil {
		t.Fatal(err)
	}
	if err := p.Err(); err != nil {
		t.Errorf("after fixing C: %v", err)
	}
	q := NewIzhikevich("y", 0, TonicSpiking)
	_ = q.SetParam("a", []float64{1})
	if q.Err() == nil {
		t.Error("N = 0 accepted after SetParam")
	}
}

// TestSourcesThroughSimulate: spike times are network time, so a
// continued simulation emits the later times once (no replay), and
// Poisson input is reproducible with Sim.Seed.
func TestSourcesThroughSimulate(t *testing.T) {
	src := NewSpikeSource("src", [][]float64{{5, 15}, {0.3}})
	net := NewNetwork(src)
	var got []float64
	for i := 0; i < 2; i++ {
		res, err := net.Simulate(Sim{T: 10, Dt: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.Pops[0].Spikes.T...)
	}
	want := []float64{0.3, 5, 15}
	if len(got) != len(want) {
		t.Fatalf("spikes at %v, want %v", got, want)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("spike %d at %v, want %v", i, got[i], want[i])
		}
	}
	run := func(seed uint64) []float64 {
		p := NewPoisson("in", 20, 50)
		p.DisableRecurrent()
		res, err := NewNetwork(p).Simulate(Sim{T: 200, Dt: 0.1, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return res.Pops[0].Spikes.T
	}
	a, b, c := run(3), run(3), run(4)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("same seed: %d and %d spikes", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("same seed, different spikes")
		}
	}
	if len(a) == len(c) && a[0] == c[0] && a[len(a)-1] == c[len(c)-1] {
		t.Error("different seeds, same spikes")
	}
}
