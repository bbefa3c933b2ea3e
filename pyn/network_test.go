package pyn

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pyn-go/pyn/internal/cell"
)

// quiet returns a single Izhikevich neuron at its resting fixed point
// (TonicSpiking: v = −70, u = −14 is a fixed point of the discrete map), so
// that it never fires on its own and its input can be read off I_syn.
func quiet(name string, n int) *Population {
	p := NewIzhikevich(name, n, TonicSpiking)
	p.DisableRecurrent()
	return p
}

// trace returns the recorded trace var of population pop, failing the test if absent.
func trace(t *testing.T, res *Result, pop, v string) *Trace {
	t.Helper()
	p := res.Pop(pop)
	if p == nil {
		t.Fatalf("no population %q in result", pop)
	}
	tr := p.Trace(v)
	if tr == nil {
		t.Fatalf("no trace %q of %q", v, pop)
	}
	return tr
}

// TestDelayExactToStep checks that a spike emitted in step s acts on its
// target exactly in step s + round(delay/dt), with the Delta synapse's
// w·(1 ms/dt) for that one step (the documented delay rule).
func TestDelayExactToStep(t *testing.T) {
	for _, test := range []struct {
		name      string
		dt, delay float64
		steps     int // expected delay in steps
	}{
		{"default one step", 0.25, 0, 1},
		{"one step", 0.25, 0.25, 1},
		{"pyN tutorial delay", 0.25, 2.25, 9},
		{"rounded up", 0.25, 1.2, 5},   // 4.8 steps → 5
		{"rounded down", 0.25, 1.1, 4}, // 4.4 steps → 4
		{"fine step", 0.1, 3, 30},
	} {
		t.Run(test.name, func(t *testing.T) {
			const tSpike = 2.0 // ms
			src := NewSpikeSource("src", [][]float64{{tSpike}})
			post := quiet("post", 1)
			net := NewNetwork(src, post)
			if err := net.Connect("src", "post", Conn{Rule: AllToAll, Weight: Const(0.75), Delay: test.delay, Synapse: Synapse{Kind: Delta}}); err != nil {
				t.Fatal(err)
			}
			res, err := net.Simulate(Sim{T: 10, Dt: test.dt, Record: []string{"I_syn"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Pop("src").Spikes.T; len(got) != 1 || math.Abs(got[0]-tSpike) > 1e-9 {
				t.Fatalf("source spikes %v, want [%v]", got, tSpike)
			}
			s := int(math.Round(tSpike / test.dt))
			tr := trace(t, res, "post", "I_syn")
			for k := range tr.T {
				want := 0.0
				if k == s+test.steps {
					want = 0.75 / test.dt
				}
				if math.Abs(tr.At(k, 0)-want) > 1e-6 {
					t.Errorf("step %d (t = %g): I_syn = %g, want %g", k, tr.T[k], tr.At(k, 0), want)
				}
			}
		})
	}
}

// TestDelayLaw checks the normal delay law N(Delay, Std), rounded to the
// step and at least one step, for a connection between two populations of
// equal size (pyN symmetrised and doubled delays there).
func TestDelayLaw(t *testing.T) {
	a, b := quiet("a", 200), quiet("b", 200)
	net := NewNetwork(a, b)
	if err := net.Connect("a", "b", Conn{Rule: AllToAll, Delay: 2.25, Std: 0.25}); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25, NoSTDP: true}); err != nil {
		t.Fatal(err)
	}
	w, err := net.Weights("a", "b")
	if err != nil {
		t.Fatal(err)
	}
	var sum, sum2 float64
	asym := 0
	idx := map[[2]int32]float64{}
	for k, d := range w.Delay {
		if d < 0.25 || math.Abs(d/0.25-math.Round(d/0.25)) > 1e-9 {
			t.Fatalf("delay %v is not a whole number of steps ≥ 1", d)
		}
		sum += d
		sum2 += d * d
		idx[[2]int32{w.PreIdx[k], w.PostIdx[k]}] = d
	}
	for k := range w.Delay {
		if idx[[2]int32{w.PostIdx[k], w.PreIdx[k]}] != w.Delay[k] {
			asym++
		}
	}
	n := float64(len(w.Delay))
	mean := sum / n
	sd := math.Sqrt(sum2/n - mean*mean)
	// Rounding N(2.25, 0.25) to 0.25 ms adds a uniform error of variance
	// 0.25²/12: sd ≈ sqrt(0.0625 + 0.0052) = 0.26. 40 000 samples make
	// the standard error of the mean 0.0013 ms.
	if math.Abs(mean-2.25) > 0.01 || math.Abs(sd-0.26) > 0.01 {
		t.Errorf("delays: mean %.4f ms, sd %.4f ms; want 2.25, 0.26", mean, sd)
	}
	if asym < len(w.Delay)/2 {
		t.Errorf("delays look symmetrised: only %d of %d differ from their transpose", asym, len(w.Delay))
	}
}

// TestPSCShapes checks the postsynaptic current of one spike against the
// closed forms: alpha w·(t/τ)·e^(1−t/τ) (peak w at t = τ) and exponential
// w·e^(−t/τ), t from the arrival (spike time + delay).
func TestPSCShapes(t *testing.T) {
	const dt, tau, w, tSpike = 0.25, 5.0, 0.6, 1.0
	for _, test := range []struct {
		kind SynapseKind
		f    func(t float64) float64
	}{
		{Alpha, func(t float64) float64 { return w * t / tau * math.Exp(1-t/tau) }},
		{Exponential, func(t float64) float64 { return w * math.Exp(-t/tau) }},
	} {
		src := NewSpikeSource("src", [][]float64{{tSpike}})
		net := NewNetwork(src, quiet("post", 1))
		if err := net.Connect("src", "post", Conn{Rule: AllToAll, Weight: Const(w), Synapse: Synapse{Kind: test.kind, Tau: tau}}); err != nil {
			t.Fatal(err)
		}
		res, err := net.Simulate(Sim{T: 40, Dt: dt, Record: []string{"I_syn"}})
		if err != nil {
			t.Fatal(err)
		}
		tr := trace(t, res, "post", "I_syn")
		arrival := tSpike + dt
		peak := 0.0
		for k, tk := range tr.T {
			want := 0.0
			if tk >= arrival-1e-9 {
				want = test.f(tk - arrival)
			}
			// Weights are stored in float32 (relative error ≤ 6e-8).
			if got := tr.At(k, 0); math.Abs(got-want) > 1e-7 {
				t.Errorf("kind %d, t = %g: I_syn = %.12g, want %.12g", test.kind, tk, got, want)
			}
			peak = math.Max(peak, tr.At(k, 0))
		}
		if math.Abs(peak-w) > 1e-7 {
			t.Errorf("kind %d: peak %v, want %v", test.kind, peak, w)
		}
	}
}

// TestOwnPSC checks the recorded "psc": the unit-peak alpha trace of the
// neuron's own spikes, (t/τ)·e^(1−t/τ) with τ = 5 ms from each spike.
func TestOwnPSC(t *testing.T) {
	p := NewIzhikevich("n", 1, TonicSpiking)
	net := NewNetwork(p)
	res, err := net.Simulate(Sim{T: 60, Dt: 0.25, Record: []string{"psc"},
		IExt: map[string][]Stim{"n": {{Start: 10, Stop: 10, Amp: 4000}}}}) // one forced spike
	if err != nil {
		t.Fatal(err)
	}
	sp := res.Pop("n").Spikes.T
	if len(sp) != 1 {
		t.Fatalf("spikes %v, want exactly one", sp)
	}
	tr := trace(t, res, "n", "psc")
	for k, tk := range tr.T {
		want := 0.0
		if s := tk - sp[0]; s > 0 {
			want = s / 5 * math.Exp(1-s/5)
		}
		if math.Abs(tr.At(k, 0)-want) > 1e-12 {
			t.Fatalf("t = %g: psc %.12g, want %.12g", tk, tr.At(k, 0), want)
		}
	}
}

// TestConnectivityStatistics checks each rule's counts: fixed-probability
// totals within binomial bounds (5 standard deviations), exact in-degrees,
// and self-connections only when asked.
func TestConnectivityStatistics(t *testing.T) {
	for _, test := range []struct {
		name       string
		pre, post  string
		c          Conn
		total      float64 // expected number of synapses
		sd         float64 // its standard deviation (0: exact)
		indeg      int     // exact in-degree, if > 0
		selfAllowd bool
	}{
		{"fixed prob", "a", "b", Conn{P: 0.2}, 0.2 * 300 * 400, math.Sqrt(300 * 400 * 0.2 * 0.8), 0, true},
		{"fixed prob recurrent", "a", "a", Conn{P: 0.3}, 0.3 * 300 * 299, math.Sqrt(300 * 299 * 0.3 * 0.7), 0, false},
		{"fixed prob autapses", "a", "a", Conn{P: 0.3, Autapses: true}, 0.3 * 300 * 300, math.Sqrt(300 * 300 * 0.3 * 0.7), 0, true},
		{"pyN default p", "a", "b", Conn{}, 0.1 * 300 * 400, math.Sqrt(300 * 400 * 0.1 * 0.9), 0, true},
		{"p = 1", "a", "a", Conn{P: 1}, 300 * 299, 0, 0, false},
		{"all to all", "a", "b", Conn{Rule: AllToAll}, 300 * 400, 0, 300, true},
		{"all to all self", "a", "a", Conn{Rule: AllToAll}, 300 * 299, 0, 299, false},
		{"all to all autapses", "a", "a", Conn{Rule: AllToAll, Autapses: true}, 300 * 300, 0, 300, true},
		{"one to one", "a", "c", Conn{Rule: OneToOne}, 300, 0, 1, true},
		{"in-degree", "a", "b", Conn{Rule: FixedInDegree, K: 17}, 17 * 400, 0, 17, true},
		{"in-degree dense", "a", "b", Conn{Rule: FixedInDegree, K: 290}, 290 * 400, 0, 290, true},
		{"in-degree self", "a", "a", Conn{Rule: FixedInDegree, K: 299}, 299 * 300, 0, 299, false},
		{"arrays", "a", "b", Conn{Rule: FromArrays, Pre: []int{0, 5, 5, 299}, Post: []int{3, 3, 399, 0}}, 4, 0, 0, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			net := NewNetwork(quiet("a", 300), quiet("b", 400), quiet("c", 300))
			if err := net.Connect(test.pre, test.post, test.c); err != nil {
				t.Fatal(err)
			}
			w, err := net.Weights(test.pre, test.post)
			if err != nil {
				t.Fatal(err)
			}
			n := float64(len(w.W))
			if test.sd == 0 && n != test.total {
				t.Errorf("%v synapses, want exactly %v", n, test.total)
			}
			if test.sd > 0 && math.Abs(n-test.total) > 5*test.sd {
				t.Errorf("%v synapses, want %v ± %v (5 sd)", n, test.total, 5*test.sd)
			}
			indeg := map[int32]int{}
			pairs := map[[2]int32]bool{}
			for k := range w.W {
				i, j := w.PreIdx[k], w.PostIdx[k]
				if test.pre == test.post && i == j && !test.selfAllowd {
					t.Fatalf("self-connection %d → %d", i, j)
				}
				if pairs[[2]int32{i, j}] && test.c.Rule != FromArrays {
					t.Fatalf("duplicate synapse %d → %d", i, j)
				}
				pairs[[2]int32{i, j}] = true
				indeg[j]++
				if w.W[k] < 0 || w.W[k] >= 1 {
					t.Fatalf("weight %v outside pyN's U[0,1)", w.W[k])
				}
			}
			if test.indeg > 0 {
				for j := int32(0); j < int32(net.Population(test.post).N); j++ {
					if indeg[j] != test.indeg {
						t.Fatalf("in-degree of %d is %d, want %d", j, indeg[j], test.indeg)
					}
				}
			}
		})
	}
}

// TestWeightLaws checks the weight options: scale, sign, constant and
// normal laws, explicit arrays, and the per-connection seed.
func TestWeightLaws(t *testing.T) {
	net := NewNetwork(quiet("a", 100), quiet("b", 100))
	conns := []Conn{
		{Rule: AllToAll, Scale: 2, Inhibitory: true},
		{Rule: AllToAll, Weight: Normal(3, 0.5)},
		{Rule: FromArrays, Pre: []int{1, 2}, Post: []int{3, 4}, Weights: []float64{0.25, 0.5}, Delays: []float64{1, 2}},
	}
	for _, c := range conns {
		if err := net.Connect("a", "b", c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25, NoSTDP: true}); err != nil {
		t.Fatal(err)
	}
	w, err := net.Weights("a", "b")
	if err != nil {
		t.Fatal(err)
	}
	var s1, s2, s22 float64
	for k := 0; k < 10000; k++ {
		if w.W[k] > 0 || w.W[k] <= -2 {
			t.Fatalf("inhibitory ×2 weight %v outside (−2, 0]", w.W[k])
		}
		s1 += w.W[k]
		x := w.W[10000+k]
		s2 += x
		s22 += x * x
	}
	if m := s1 / 10000; math.Abs(m+1) > 0.03 {
		t.Errorf("mean of −2·U[0,1) = %v, want −1", m)
	}
	if m, sd := s2/10000, math.Sqrt(s22/10000-s2*s2/1e8); math.Abs(m-3) > 0.02 || math.Abs(sd-0.5) > 0.02 {
		t.Errorf("normal weights: mean %v sd %v, want 3, 0.5", m, sd)
	}
	last := len(w.W) - 2
	if w.W[last] != 0.25 || w.W[last+1] != 0.5 || w.Delay[last] != 1 || w.Delay[last+1] != 2 || w.PostIdx[last+1] != 4 {
		t.Errorf("arrays: got w %v delay %v post %v", w.W[last:], w.Delay[last:], w.PostIdx[last:])
	}
}

// TestDefaultRecurrent checks pyN's promised default: a population with
// more than one neuron is connected to itself with p = 0.1, weights
// U[0,1), no self-connections, alpha PSC; DisableRecurrent, SetRecurrent
// and an explicit Connect change it.
func TestDefaultRecurrent(t *testing.T) {
	count := func(net *Network, pre, post string) (n int, rule string) {
		for _, c := range net.Connections() {
			if c.Pre == pre && c.Post == post {
				return c.Synapses, c.Rule
			}
		}
		return -1, ""
	}
	p := NewIzhikevich("x", 400, TonicSpiking)
	net := NewNetwork(p, NewIzhikevich("one", 1, TonicSpiking), NewPoisson("in", 50, 10))
	if len(net.Connections()) != 1 {
		t.Fatalf("connections %+v: want only x's recurrent one (not the 1-neuron or the source population)", net.Connections())
	}
	n, rule := count(net, "x", "x")
	mean, sd := 0.1*400*399, math.Sqrt(400*399*0.1*0.9)
	if rule != "FixedProb" || math.Abs(float64(n)-mean) > 5*sd {
		t.Errorf("default recurrent: %d synapses (%s), want %v ± %v", n, rule, mean, 5*sd)
	}
	w, err := net.Weights("x", "x")
	if err != nil {
		t.Fatal(err)
	}
	for k := range w.W {
		if w.PreIdx[k] == w.PostIdx[k] || w.W[k] < 0 || w.W[k] >= 1 {
			t.Fatalf("synapse %d → %d weight %v", w.PreIdx[k], w.PostIdx[k], w.W[k])
		}
	}

	p2 := NewIzhikevich("x", 50, TonicSpiking)
	p2.DisableRecurrent()
	if got := NewNetwork(p2).Connections(); len(got) != 0 {
		t.Errorf("DisableRecurrent: connections %+v", got)
	}
	p3 := NewIzhikevich("x", 50, TonicSpiking)
	p3.SetRecurrent(Conn{Rule: AllToAll})
	if n, _ := count(NewNetwork(p3), "x", "x"); n != 50*49 {
		t.Errorf("SetRecurrent(AllToAll): %d synapses, want %d", n, 50*49)
	}
	p4 := NewIzhikevich("x", 50, TonicSpiking)
	net4 := NewNetwork(p4)
	if err := net4.Connect("x", "x", Conn{Rule: OneToOne, Autapses: true}); err != nil {
		t.Fatal(err)
	}
	if c := net4.Connections(); len(c) != 1 || c[0].Synapses != 50 {
		t.Errorf("explicit Connect(x, x) should replace the default: %+v", c)
	}
}

// TestSTDPClosedForm checks the weight change of one pre/post pair against
// the closed form of pair-based STDP (see the STDP type): APlus·e^(−Δ/τ+)
// for Δ = tpost − tpre > 0, AMinus·e^(Δ/τ−) for Δ < 0, with pyN's defaults
// A = 0.01, τ = 20 ms, AMinus = −1.05·APlus; Δ = 0 potentiates (pre spikes
// are processed first within a step). Also with custom parameters.
func TestSTDPClosedForm(t *testing.T) {
	const w0 = 0.5
	for ri, rule := range []*STDP{nil, {APlus: 0.02, AMinus: -0.03, TauPlus: 10, TauMinus: 30}} {
		r, _ := stdpRule(&Conn{STDP: rule}, true)
		// The second rule also runs on the per-synapse-delay layout (Std > 0).
		std := []float64{0, 0.01}[ri]
		for _, lag := range []float64{-40, -20, -5, -0.25, 0, 0.25, 1, 5, 20, 60} {
			const tPre = 50.0
			tPost := tPre + lag
			src := NewSpikeSource("pre", [][]float64{{tPre}})
			post := quiet("post", 1)
			net := NewNetwork(src, post)
			// A tiny weight keeps the pre spike from moving the post spike.
			if err := net.Connect("pre", "post", Conn{Rule: AllToAll, Weight: Const(w0), Synapse: Synapse{Kind: Exponential, Tau: 1}, STDP: rule, Delay: 1, Std: std}); err != nil {
				t.Fatal(err)
			}
			res, err := net.Simulate(Sim{T: 150, Dt: 0.25,
				IExt: map[string][]Stim{"post": {{Start: tPost, Stop: tPost, Amp: 4000}}}})
			if err != nil {
				t.Fatal(err)
			}
			sp := res.Pop("post").Spikes.T
			if len(sp) != 1 || math.Abs(sp[0]-tPost) > 1e-9 {
				t.Fatalf("lag %v: post spikes %v, want [%v]", lag, sp, tPost)
			}
			w, err := net.Weights("pre", "post")
			if err != nil {
				t.Fatal(err)
			}
			var want float64
			if lag >= 0 {
				want = r.APlus * math.Exp(-lag/r.TauPlus)
			} else {
				want = r.AMinus * math.Exp(lag/r.TauMinus)
			}
			// Weights are stored in float32: 6e-8 absolute at w ≈ 0.5.
			if got := w.W[0] - w0; math.Abs(got-want) > 1e-7 {
				t.Errorf("rule %+v lag %v ms: Δw = %.9g, want %.9g", rule, lag, got, want)
			}
		}
	}
}

// TestSTDPScope checks what STDP touches: nothing with NoSTDP, no default
// rule on inhibitory connections, bounds applied only when a plastic
// synapse changes, Off per connection, and Reset restores the weights.
func TestSTDPScope(t *testing.T) {
	build := func(c Conn) *Network {
		src := NewSpikeSource("pre", [][]float64{{10}})
		net := NewNetwork(src, quiet("post", 1))
		if err := net.Connect("pre", "post", c); err != nil {
			t.Fatal(err)
		}
		return net
	}
	stim := map[string][]Stim{"post": {{Start: 12, Stop: 12, Amp: 4000}}}
	run := func(net *Network, noSTDP bool) float64 {
		if _, err := net.Simulate(Sim{T: 50, Dt: 0.25, IExt: stim, NoSTDP: noSTDP}); err != nil {
			t.Fatal(err)
		}
		w, err := net.Weights("pre", "post")
		if err != nil {
			t.Fatal(err)
		}
		return w.W[0]
	}
	small := Synapse{Kind: Exponential, Tau: 1}
	if w := run(build(Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: small}), true); w != 0.5 {
		t.Errorf("NoSTDP changed the weight to %v", w)
	}
	if w := run(build(Conn{Rule: AllToAll, Weight: Const(0.5), Inhibitory: true}), false); w != -0.5 {
		t.Errorf("default STDP acted on an inhibitory connection: %v", w)
	}
	if w := run(build(Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: small, STDP: &STDP{Off: true}}), false); w != 0.5 {
		t.Errorf("STDP Off changed the weight to %v", w)
	}
	// Out-of-bounds initial weight: not clamped until STDP changes it, then clipped.
	net := build(Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: small, STDP: &STDP{WMin: 0, WMax: 0.501}})
	if w := run(net, false); math.Abs(w-0.501) > 1e-7 {
		t.Errorf("weight %v, want clipped to WMax 0.501", w)
	}
	net.Reset()
	if w, _ := net.Weights("pre", "post"); w.W[0] != 0.5 {
		t.Errorf("Reset left weight %v, want the initial 0.5", w.W[0])
	}
	idle := NewNetwork(quiet("a", 1), quiet("b", 1))
	if err := idle.Connect("a", "b", Conn{Rule: AllToAll, Weight: Const(5)}); err != nil {
		t.Fatal(err)
	}
	if _, err := idle.Simulate(Sim{T: 20, Dt: 0.25}); err != nil {
		t.Fatal(err)
	}
	if w, _ := idle.Weights("a", "b"); w.W[0] != 5 {
		t.Errorf("a weight above WMax was clamped without any spike: %v", w.W[0])
	}
}

// thalamocortical is the pyN README's "Connecting Populations" network
// with noise, used by the determinism and continuation tests.
func thalamocortical(t *testing.T) (*Network, Sim) {
	thal := NewIzhikevich("thalamus", 100, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70})
	cortex := NewIzhikevich("cortex", 50, IzhikevichParams{A: 0.02, B: 0.25, C: -55, D: 0.05, V0: -70})
	net := NewNetwork(thal, cortex)
	if err := net.Connect("thalamus", "cortex", Conn{}); err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("cortex", "thalamus", Conn{Delay: 2.25, Std: 0.25, Inhibitory: true}); err != nil {
		t.Fatal(err)
	}
	return net, Sim{T: 100, Dt: 0.25, Seed: 7, Record: []string{"v", "I_ext"},
		IExt: map[string][]Stim{"thalamus": {{Amp: 5, Std: 3, Every: 1}}}}
}

func sameResult(t *testing.T, a, b *Result) {
	t.Helper()
	for i := range a.Pops {
		pa, pb := a.Pops[i], b.Pops[i]
		if len(pa.Spikes.T) != len(pb.Spikes.T) {
			t.Fatalf("%s: %d vs %d spikes", pa.Name, len(pa.Spikes.T), len(pb.Spikes.T))
		}
		for k := range pa.Spikes.T {
			if pa.Spikes.T[k] != pb.Spikes.T[k] || pa.Spikes.ID[k] != pb.Spikes.ID[k] {
				t.Fatalf("%s: spike %d differs", pa.Name, k)
			}
		}
		for k, tr := range pa.Traces {
			for m, x := range tr.Data {
				if math.Float64bits(x) != math.Float64bits(pb.Traces[k].Data[m]) {
					t.Fatalf("%s %s: sample %d differs", pa.Name, tr.Var, m)
				}
			}
		}
	}
}

// TestDeterminismGOMAXPROCS runs the same seeded network with GOMAXPROCS 1
// and 2 and compares every bit.
func TestDeterminismGOMAXPROCS(t *testing.T) {
	var res [2]*Result
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	for i, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		net, sim := thalamocortical(t)
		r, err := net.Simulate(sim)
		if err != nil {
			t.Fatal(err)
		}
		res[i] = r
	}
	if countSpikes(res[0]) == 0 {
		t.Fatal("no spikes: the test would prove nothing")
	}
	sameResult(t, res[0], res[1])
	// And another seed gives another run.
	net, sim := thalamocortical(t)
	sim.Seed = 8
	r, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if countSpikes(r) == countSpikes(res[0]) && r.Pops[0].Spikes.T[0] == res[0].Pops[0].Spikes.T[0] {
		t.Error("seed 8 gave the same spikes as seed 7")
	}
}

// TestContinuation checks that two runs of 100 ms equal one run of 200 ms
// (state, weights under STDP, delays in flight and noise streams carry
// over), and that Reset starts again from scratch.
func TestContinuation(t *testing.T) {
	netA, sim := thalamocortical(t)
	r1, err := netA.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := netA.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Start != 100 || netA.Time() != 200 {
		t.Fatalf("second run starts at %v, network time %v", r2.Start, netA.Time())
	}
	netB, long := thalamocortical(t)
	long.T = 200
	rl, err := netB.Simulate(long)
	if err != nil {
		t.Fatal(err)
	}
	// Concatenate the two halves and compare with the long run.
	for i := range rl.Pops {
		var ts []float64
		var ids []int32
		ts = append(append(ts, r1.Pops[i].Spikes.T...), r2.Pops[i].Spikes.T...)
		ids = append(append(ids, r1.Pops[i].Spikes.ID...), r2.Pops[i].Spikes.ID...)
		if len(ts) != len(rl.Pops[i].Spikes.T) {
			t.Fatalf("%s: %d spikes in two runs, %d in one", rl.Pops[i].Name, len(ts), len(rl.Pops[i].Spikes.T))
		}
		for k := range ts {
			if ts[k] != rl.Pops[i].Spikes.T[k] || ids[k] != rl.Pops[i].Spikes.ID[k] {
				t.Fatalf("%s: spike %d: (%v, %d) vs (%v, %d)", rl.Pops[i].Name, k, ts[k], ids[k], rl.Pops[i].Spikes.T[k], rl.Pops[i].Spikes.ID[k])
			}
		}
		v2 := r2.Pops[i].Trace("v")
		vl := rl.Pops[i].Trace("v")
		off := len(vl.T) - len(v2.T)
		for k := range v2.T {
			if v2.T[k] != vl.T[off+k] {
				t.Fatalf("trace times differ: %v vs %v", v2.T[k], vl.T[off+k])
			}
		}
		for m := range v2.Data {
			if v2.Data[m] != vl.Data[off*len(vl.Neurons)+m] {
				t.Fatalf("%s: v sample %d differs", rl.Pops[i].Name, m)
			}
		}
	}
	wa, _ := netA.Weights("thalamus", "thalamus")
	wb, _ := netB.Weights("thalamus", "thalamus")
	for k := range wa.W {
		if wa.W[k] != wb.W[k] {
			t.Fatalf("learned weight %d: %v vs %v", k, wa.W[k], wb.W[k])
		}
	}
	if countSpikes(rl) == 0 {
		t.Fatal("no spikes")
	}
	// Reset: a fresh run equals the first run.
	netA.Reset()
	if netA.Time() != 0 {
		t.Fatalf("time after Reset: %v", netA.Time())
	}
	r3, err := netA.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, r1, r3)
}

// TestCancellation checks that a cancelled context stops the run within a
// few steps and returns the partial result with the context's error.
func TestCancellation(t *testing.T) {
	net, sim := thalamocortical(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sim.Context = ctx
	res, err := net.Simulate(sim)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if res == nil || res.Complete || res.T <= 0 || res.T >= sim.T {
		t.Fatalf("partial result: %+v", res)
	}
	if tr := res.Pop("thalamus").Trace("v"); len(tr.T) != int(res.T/sim.Dt) {
		t.Errorf("trace has %d samples for %v ms", len(tr.T), res.T)
	}
	if net.Time() != res.T {
		t.Errorf("network time %v, want %v", net.Time(), res.T)
	}
	// The ambient context applies when Sim.Context is nil.
	cell.Set(cell.Env{Context: ctx})
	defer cell.Set(cell.Env{})
	sim.Context = nil
	if _, err := net.Simulate(sim); !errors.Is(err, context.Canceled) {
		t.Errorf("ambient context ignored: %v", err)
	}
	// Progress is called at the end of a complete run with Fraction 1.
	cell.Set(cell.Env{})
	var last Progress
	sim.Progress = func(p Progress) { last = p }
	if _, err := net.Simulate(sim); err != nil {
		t.Fatal(err)
	}
	if last.Fraction != 1 {
		t.Errorf("last progress %+v", last)
	}
}

// TestStimuli checks the stimulus rules: Start ≤ t ≤ Stop inclusive,
// overlapping stimuli add, Neurons selects, Series is held per sample,
// noise is held for Every ms, and I_ext records what was applied.
func TestStimuli(t *testing.T) {
	p := quiet("p", 3)
	net := NewNetwork(p)
	stims := []Stim{
		{Start: 1, Stop: 2, Amp: 1},              // all neurons, steps 4…8
		{Start: 1.5, Amp: 10, Neurons: []int{1}}, // to the end
		{Start: 0, Series: []float64{100, 200}, SeriesDt: 0.5, Neurons: []int{2}},
		{Start: 3, Stop: 4, Std: 1, Every: 1, Neurons: []int{0}},
	}
	res, err := net.Simulate(Sim{T: 5, Dt: 0.25, IExt: map[string][]Stim{"p": stims}, Record: []string{"I_ext"}})
	if err != nil {
		t.Fatal(err)
	}
	tr := trace(t, res, "p", "I_ext")
	var noise []float64
	for k, tk := range tr.T {
		want := [3]float64{}
		if tk >= 1 && tk <= 2 {
			want = [3]float64{1, 1, 1}
		}
		if tk >= 1.5 {
			want[1] += 10
		}
		if tk < 0.5 {
			want[2] += 100
		} else if tk < 1 {
			want[2] += 200
		}
		for i := 0; i < 3; i++ {
			got := tr.At(k, i)
			if i == 0 && tk >= 3 && tk <= 4 {
				noise = append(noise, got-want[0])
				continue
			}
			if got != want[i] {
				t.Errorf("t = %v neuron %d: I_ext = %v, want %v", tk, i, got, want[i])
			}
		}
	}
	// Noise from 3 to 4 ms inclusive: 5 steps, redrawn at 3 and 4 ms.
	if len(noise) != 5 || noise[0] != noise[3] || noise[0] == noise[4] || noise[0] == 0 {
		t.Errorf("held noise samples %v: want 4 equal values then a new one", noise)
	}
}

// TestErrors checks that bad input gives an error naming the culprit,
// never a panic.
func TestErrors(t *testing.T) {
	good := func() *Network { return NewNetwork(quiet("a", 10), quiet("b", 20)) }
	for _, test := range []struct {
		name string
		run  func() error
		want string
	}{
		{"unknown pre", func() error { return good().Connect("zz", "b", Conn{}) }, `connect "zz" → "b": unknown population "zz"`},
		{"unknown post", func() error { return good().Connect("a", "zz", Conn{}) }, `unknown population "zz"`},
		{"P > 1", func() error { return good().Connect("a", "b", Conn{P: 1.5}) }, `"a" → "b": probability P = 1.5`},
		{"P < 0", func() error { return good().Connect("a", "b", Conn{P: -0.1}) }, "P = -0.1"},
		{"P NaN", func() error { return good().Connect("a", "b", Conn{P: math.NaN()}) }, "P = NaN"},
		{"K too large", func() error { return good().Connect("a", "b", Conn{Rule: FixedInDegree, K: 11}) }, "K = 11"},
		{"K self", func() error { return good().Connect("a", "a", Conn{Rule: FixedInDegree, K: 10}) }, "K = 10"},
		{"one to one sizes", func() error { return good().Connect("a", "b", Conn{Rule: OneToOne}) }, "equal sizes"},
		{"one to one self", func() error { return good().Connect("a", "a", Conn{Rule: OneToOne}) }, "set Autapses"},
		{"too many synapses", func() error {
			_, err := NewNetwork(NewIzhikevich("huge", 200000, TonicSpiking)).Simulate(Sim{T: 1})
			return err
		}, `connect "huge" → "huge": about 4e+09 synapses`},
		{"absurd delay", func() error {
			net := good()
			if err := net.Connect("a", "b", Conn{Delay: 1e9}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1, Dt: 0.1})
			return err
		}, `connect "a" → "b": Delay = 1e+09 ms is longer than`},
		{"delay needing a huge buffer", func() error {
			net := good()
			if err := net.Connect("a", "b", Conn{Delay: 1e7}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1, Dt: 0.1})
			return err
		}, `connect "a" → "b": a delay of 1e+07 ms`},
		{"arrays length", func() error {
			return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{1, 2}})
		}, "len(Pre) = 1"},
		{"weights length", func() error {
			return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{1}, Weights: []float64{1, 2}})
		}, "len(Weights) = 2"},
		{"pre index", func() error { return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{10}, Post: []int{1}}) }, "Pre[0] = 10"},
		{"post index", func() error { return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{-1}}) }, "Post[0] = -1"},
		{"NaN weight array", func() error {
			return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{1}, Weights: []float64{math.NaN()}})
		}, "Weights[0] = NaN"},
		{"NaN weight law", func() error { return good().Connect("a", "b", Conn{Weight: Normal(math.NaN(), 1)}) }, "weight"},
		{"negative std", func() error { return good().Connect("a", "b", Conn{Std: -1}) }, "Std = -1"},
		{"negative delay", func() error { return good().Connect("a", "b", Conn{Delay: -1}) }, "Delay = -1"},
		{"bounds reversed", func() error { return good().Connect("a", "b", Conn{STDP: &STDP{WMin: 1, WMax: 0}}) }, "WMin = 1 > WMax = 0"},
		{"bad tau", func() error { return good().Connect("a", "b", Conn{Synapse: Synapse{Tau: -2}}) }, "Tau = -2"},
		{"to a source", func() error {
			return NewNetwork(quiet("a", 2), NewPoisson("in", 2, 5)).Connect("a", "in", Conn{})
		}, `"in" is a spike source`},
		{"delay below a step", func() error {
			net := good()
			if err := net.Connect("a", "b", Conn{Delay: 0.1}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 10, Dt: 0.25})
			return err
		}, `connect "a" → "b": Delay = 0.1 ms is shorter than one step (dt = 0.25 ms)`},
		{"duplicate name", func() error { return NewNetwork(quiet("a", 1), quiet("a", 2)).Err() }, `duplicate population name "a"`},
		{"duplicate then connect", func() error { return NewNetwork(quiet("a", 1), quiet("a", 2)).Connect("a", "a", Conn{}) }, `duplicate population name "a"`},
		{"bad N", func() error {
			_, err := NewNetwork(NewIzhikevich("z", 0, TonicSpiking)).Simulate(Sim{T: 1})
			return err
		}, `"z"`},
		{"NaN param", func() error {
			_, err := NewNetwork(NewIzhikevich("z", 1, IzhikevichParams{A: math.NaN()})).Simulate(Sim{T: 1})
			return err
		}, `"z"`},
		{"dt zero is default, negative is not", func() error { _, err := good().Simulate(Sim{T: 10, Dt: -0.1}); return err }, "dt = -0.1"},
		{"dt NaN", func() error { _, err := good().Simulate(Sim{T: 10, Dt: math.NaN()}); return err }, "dt = NaN"},
		{"T < dt", func() error { _, err := good().Simulate(Sim{T: 0.1, Dt: 0.25}); return err }, "T = 0.1"},
		{"T inf", func() error { _, err := good().Simulate(Sim{T: math.Inf(1)}); return err }, "T = +Inf"},
		{"IExt unknown", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"zz": {{Amp: 1}}}})
			return err
		}, `IExt: unknown population "zz"`},
		{"stim index", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"a": {{Amp: 1, Neurons: []int{10}}}}})
			return err
		}, `IExt["a"][0]: neuron index 10`},
		{"stop before start", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"a": {{Start: 5, Stop: 2}}}})
			return err
		}, "Stop = 2 ms is before Start = 5 ms"},
		{"NaN amp", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"b": {{}, {Amp: math.Inf(-1)}}}})
			return err
		}, `IExt["b"][1]: Amp = -Inf`},
		{"record unknown", func() error { _, err := good().Simulate(Sim{T: 10, Record: []string{"volts"}}); return err }, `unknown property "volts"`},
		{"probe pop", func() error {
			_, err := good().Simulate(Sim{T: 10, Probes: []Probe{{Pop: "zz", Var: "v"}}})
			return err
		}, `unknown population "zz"`},
		{"probe var", func() error {
			_, err := good().Simulate(Sim{T: 10, Probes: []Probe{{Pop: "a", Var: "w"}}})
			return err
		}, `"a" has no property "w"`},
		{"probe index", func() error {
			_, err := good().Simulate(Sim{T: 10, Probes: []Probe{{Pop: "b", Var: "v", Neurons: []int{20}}}})
			return err
		}, "neuron index 20"},
		{"weights unknown", func() error { _, err := good().Weights("a", "q"); return err }, `unknown population "q"`},
		{"dt change in continuation", func() error {
			net := good()
			if _, err := net.Simulate(Sim{T: 1, Dt: 0.25}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1, Dt: 0.1})
			return err
		}, "call Reset first"},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := test.run()
			if err == nil {
				t.Fatalf("no error, want one containing %q", test.want)
			}
			if !strings.HasPrefix(err.Error(), "pyn: ") || !strings.Contains(err.Error(), test.want) {
				t.Errorf("error %q, want it to start with \"pyn: \" and contain %q", err, test.want)
			}
		})
	}
}

// TestProbes checks subset recording at an interval.
func TestProbes(t *testing.T) {
	net, sim := thalamocortical(t)
	sim.Record = nil
	sim.Probes = []Probe{{Pop: "cortex", Var: "u", Neurons: []int{3, 7}, Every: 1}}
	res, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	tr := trace(t, res, "cortex", "u")
	if len(tr.T) != 100 || len(tr.Data) != 200 || tr.T[1] != 1 || tr.Neurons[1] != 7 {
		t.Errorf("probe trace: %d times, %d samples, T[1] = %v, neurons %v", len(tr.T), len(tr.Data), tr.T[1], tr.Neurons)
	}
}

// TestDivergenceStopsRun checks that a model error (Hodgkin–Huxley blowing
// up at a far too large step) stops Simulate with the partial result and
// an error naming the population, the step and the time.
func TestDivergenceStopsRun(t *testing.T) {
	net := NewNetwork(NewHodgkinHuxley("axon", 2, HHSquidAxon))
	res, err := net.Simulate(Sim{T: 500, Dt: 5, IExt: map[string][]Stim{"axon": {{Amp: 200}}}})
	if err == nil {
		t.Fatal("no error at dt = 5 ms")
	}
	for _, want := range []string{`pyn: population "axon": step `, "dt = 5 ms", "dt"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if res == nil || res.Complete || res.T >= 500 {
		t.Errorf("want a partial result, got %+v", res)
	}
}

// TestNoAllocationsPerStep checks that the loop allocates nothing per
// step: a run four times longer costs no more allocations (the Result's
// slices are allocated once per run, spikes at the previous run's rate).
func TestNoAllocationsPerStep(t *testing.T) {
	net, sim := izhNetwork(t, 1000, 0, true, 100)
	sim.Probes = []Probe{{Pop: "exc", Var: "v", Neurons: []int{1, 2}}}
	run := func(T float64) float64 {
		sim.T = T
		net.Reset()
		if _, err := net.Simulate(sim); err != nil { // warm-up: builds, learns the spike rate
			t.Fatal(err)
		}
		return testing.AllocsPerRun(3, func() {
			net.Reset()
			if _, err := net.Simulate(sim); err != nil {
				t.Fatal(err)
			}
		})
	}
	short, long := run(100), run(400)
	if long-short > 4 {
		t.Errorf("%v allocations for 400 steps, %v for 1600: the loop allocates per step", short, long)
	}
}

// TestConductanceSynapse checks a CondExp synapse: the conductance jumps
// by w at the arrival and decays with τ, and the recorded I_syn is
// g·(E − v) with v at the start of the step (the neuron rests at −70 mV).
func TestConductanceSynapse(t *testing.T) {
	const dt, tau, w, e, tSpike = 0.25, 3.0, 0.01, 0.0, 1.0
	net := NewNetwork(NewSpikeSource("src", [][]float64{{tSpike}}), quiet("post", 1))
	if err := net.Connect("src", "post", Conn{Rule: AllToAll, Weight: Const(w), Synapse: Synapse{Kind: CondExp, Tau: tau, E: e}}); err != nil {
		t.Fatal(err)
	}
	res, err := net.Simulate(Sim{T: 10, Dt: dt, Record: []string{"I_syn", "v"}})
	if err != nil {
		t.Fatal(err)
	}
	is, v := trace(t, res, "post", "I_syn"), trace(t, res, "post", "v")
	arrival := tSpike + dt
	for k, tk := range is.T {
		g := 0.0
		if tk >= arrival-1e-9 {
			g = w * math.Exp(-(tk-arrival)/tau)
		}
		if want := g * (e - v.At(k, 0)); math.Abs(is.At(k, 0)-want) > 1e-7*math.Abs(want)+1e-12 { // float32 weights
			t.Errorf("t = %v: I_syn = %v, want %v", tk, is.At(k, 0), want)
		}
	}
	if v.At(len(v.T)-1, 0) <= -70 {
		t.Error("an excitatory conductance did not depolarise the neuron")
	}
}

// TestKeepWeights checks that Sim.KeepWeights puts the final (learned)
// weights into the result, equal to what Weights reports.
func TestKeepWeights(t *testing.T) {
	net, sim := thalamocortical(t)
	sim.KeepWeights = true
	res, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Conns {
		if c.Weights == nil || len(c.Weights.W) != c.Synapses {
			t.Fatalf("%s → %s: weights %v for %d synapses", c.Pre, c.Post, c.Weights, c.Synapses)
		}
	}
	w, _ := net.Weights("thalamus", "thalamus")
	got := res.Conns[0].Weights
	for k := range w.W {
		if got.W[k] != w.W[k] || got.PostIdx[k] != w.PostIdx[k] {
			t.Fatalf("synapse %d differs", k)
		}
	}
	if res2, _ := net.Simulate(Sim{T: 1, Dt: 0.25}); res2.Conns[0].Weights != nil {
		t.Error("weights kept without KeepWeights")
	}
}

// TestPerSynapseDelays checks delivery when the delays of one presynaptic
// neuron differ (explicit Delays): each target gets its spike exactly
// round(delay/dt) steps later, and inputs of two synapse kinds add up.
func TestPerSynapseDelays(t *testing.T) {
	const dt, tSpike = 0.25, 2.0
	net := NewNetwork(NewSpikeSource("src", [][]float64{{tSpike}}), NewSpikeSource("src2", [][]float64{{tSpike}}), quiet("post", 3))
	delays := []float64{1, 2.25, 0.5, 3}
	if err := net.Connect("src", "post", Conn{Rule: FromArrays, Pre: []int{0, 0, 0, 0}, Post: []int{0, 1, 2, 2},
		Weights: []float64{1, 2, 3, 4}, Delays: delays, Synapse: Synapse{Kind: Delta}}); err != nil {
		t.Fatal(err)
	}
	// A second channel on neuron 0: exponential, τ = 2 ms, one-step delay.
	if err := net.Connect("src2", "post", Conn{Rule: FromArrays, Pre: []int{0}, Post: []int{0}, Weights: []float64{0.5},
		Synapse: Synapse{Kind: Exponential, Tau: 2}}); err != nil {
		t.Fatal(err)
	}
	res, err := net.Simulate(Sim{T: 8, Dt: dt, Record: []string{"I_syn"}})
	if err != nil {
		t.Fatal(err)
	}
	tr := trace(t, res, "post", "I_syn")
	s := int(tSpike / dt)
	for k, tk := range tr.T {
		want := [3]float64{}
		for m, d := range delays {
			if k == s+int(math.Round(d/dt)) {
				want[[]int{0, 1, 2, 2}[m]] += float64(m+1) / dt
			}
		}
		if k >= s+1 {
			want[0] += 0.5 * math.Exp(-float64(k-s-1)*dt/2)
		}
		for i := range want {
			if math.Abs(tr.At(k, i)-want[i]) > 1e-7*math.Max(1, want[i]) {
				t.Errorf("t = %v neuron %d: I_syn = %v, want %v", tk, i, tr.At(k, i), want[i])
			}
		}
	}
}

// TestSetParamAfterBuild checks that parameters changed after the network
// was built (here by Connections) but before the first run set the
// initial state (u0 = b·v0).
func TestSetParamAfterBuild(t *testing.T) {
	p := quiet("n", 2)
	net := NewNetwork(p)
	_ = net.Connections()
	if err := p.SetParam("b", []float64{0.25}); err != nil {
		t.Fatal(err)
	}
	res, err := net.Simulate(Sim{T: 1, Dt: 0.25, Record: []string{"u"}})
	if err != nil {
		t.Fatal(err)
	}
	if u := trace(t, res, "n", "u").At(0, 0); u != 0.25*-70 {
		t.Errorf("u(0) = %v, want b·v0 = %v", u, 0.25*-70)
	}
}

// TestBytesPerSynapse checks the memory target of the sparse benchmark
// (≤ 12 bytes per static synapse, issue 3) on a 10 000-neuron version,
// and that plasticity adds its reverse index only when it is used.
func TestBytesPerSynapse(t *testing.T) {
	net, _ := izhNetwork(t, 10000, 100, false, 1)
	b, n, err := net.SynapseBytes()
	if err != nil {
		t.Fatal(err)
	}
	if per := float64(b) / float64(n); per > 9 || n < 900000 {
		t.Errorf("%d synapses, %.2f bytes each; want about 10⁶ and ≤ 9 (8 for target and weight)", n, per)
	}
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25}); err != nil { // STDP on: the excitatory connections become plastic
		t.Fatal(err)
	}
	b2, _, _ := net.SynapseBytes()
	if per := float64(b2) / float64(n); per < 12 || per > 22 {
		t.Errorf("with STDP: %.2f bytes per synapse, want 8 + 8·(plastic share) + 4 for the initial copy", per)
	}
}

// TestDenseEqualsSparse checks that the dense all-to-all layout and the
// general layout (the same synapses listed with FromArrays) give the same
// spikes and the same learned weights, bit for bit, with STDP on.
func TestDenseEqualsSparse(t *testing.T) {
	build := func(c func(net *Network) Conn) *Network {
		a := NewIzhikevich("a", 40, TonicSpiking)
		a.DisableRecurrent()
		b := NewIzhikevich("b", 30, TonicSpiking)
		b.DisableRecurrent()
		net := NewNetwork(a, b)
		if err := net.Connect("a", "b", c(net)); err != nil {
			t.Fatal(err)
		}
		return net
	}
	dense := build(func(*Network) Conn { return Conn{Rule: AllToAll, Scale: 0.3, Synapse: Synapse{Kind: Delta}} })
	w0, err := dense.Weights("a", "b")
	if err != nil {
		t.Fatal(err)
	}
	arrays := Conn{Rule: FromArrays, Synapse: Synapse{Kind: Delta}, Weights: w0.W}
	for k := range w0.W {
		arrays.Pre = append(arrays.Pre, int(w0.PreIdx[k]))
		arrays.Post = append(arrays.Post, int(w0.PostIdx[k]))
	}
	sparse := build(func(*Network) Conn { return arrays })
	sim := Sim{T: 300, Dt: 0.25, Seed: 3, IExt: map[string][]Stim{"a": {{Amp: 4, Std: 6, Every: 1}}, "b": {{Std: 3, Every: 1}}}}
	rd, err := dense.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sparse.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if countSpikes(rd) < 100 {
		t.Fatalf("only %d spikes: the test would prove little", countSpikes(rd))
	}
	sameResult(t, rd, rs)
	wd, _ := dense.Weights("a", "b")
	ws, _ := sparse.Weights("a", "b")
	changed := 0
	for k := range wd.W {
		if wd.W[k] != ws.W[k] {
			t.Fatalf("synapse %d: dense %v, arrays %v", k, wd.W[k], ws.W[k])
		}
		if wd.W[k] != w0.W[k] {
			changed++
		}
	}
	if changed == 0 {
		t.Error("STDP changed no weight")
	}
}

// TestRecordingDoesNotChangeResults runs a network with overlapping
// stimuli with and without recording I_ext, I_syn and psc: the spikes
// must be the same, bit for bit.
func TestRecordingDoesNotChangeResults(t *testing.T) {
	run := func(rec []string) *Result {
		net, sim := thalamocortical(t)
		sim.Record = rec
		sim.IExt["thalamus"] = append(sim.IExt["thalamus"], Stim{Amp: 0.3}, Stim{Start: 20, Std: 1.3, Every: 0.5})
		sim.IExt["cortex"] = []Stim{{Amp: 0.1}}
		res, err := net.Simulate(sim)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(nil), run([]string{"I_ext", "I_syn", "psc", "v"})
	for i := range a.Pops {
		sa, sb := a.Pops[i].Spikes, b.Pops[i].Spikes
		if len(sa.T) != len(sb.T) {
			t.Fatalf("%s: %d spikes without recording, %d with", a.Pops[i].Name, len(sa.T), len(sb.T))
		}
		for k := range sa.T {
			if sa.T[k] != sb.T[k] || sa.ID[k] != sb.ID[k] {
				t.Fatalf("%s: spike %d differs", a.Pops[i].Name, k)
			}
		}
	}
}

// TestSaveData checks that Sim.SaveData saves the experiment (through
// Save) and that Load reads back the spikes.
func TestSaveData(t *testing.T) {
	net, sim := thalamocortical(t)
	sim.SaveData = t.TempDir()
	res, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(sim.SaveData)
	if err != nil || len(entries) != 1 {
		t.Fatalf("SaveData folder holds %v (%v), want one experiment", entries, err)
	}
	back, err := Load(filepath.Join(sim.SaveData, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countSpikes(back), countSpikes(res); got != want || want == 0 {
		t.Errorf("loaded %d spikes, simulated %d", got, want)
	}
}

// A nil *Network is a user mistake that must come back as an error, not a panic.
func TestSimulateNilNetwork(t *testing.T) {
	var n *Network
	res, err := n.Simulate(Sim{T: 10})
	if err == nil || res != nil || !strings.Contains(err.Error(), "nil") {
		t.Fatalf("Simulate on a nil network: %v, %v; want an error naming the nil network", res, err)
	}
}

// More steps than a float64 counts exactly is refused, not run as zero steps.
func TestSimulateTooManySteps(t *testing.T) {
	n := NewNetwork(NewIzhikevich("x", 1, TonicSpiking))
	if _, err := n.Simulate(Sim{T: 1e6, Dt: 1e-300}); err == nil || !strings.Contains(err.Error(), "2⁵³") {
		t.Fatalf("got %v, want an error about the step count", err)
	}
	var nilNet *Network
	nilNet.Reset()
	if nilNet.Time() != 0 || nilNet.Connections() != nil {
		t.Error("nil network: Time or Connections not zero")
	}
	if _, _, err := nilNet.SynapseBytes(); err == nil {
		t.Error("nil network: SynapseBytes gave no error")
	}
}
