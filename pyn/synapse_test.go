package pyn

import (
	"math"
	"testing"
	"unsafe"
)

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

// TestAlignSlots checks the ring laid out with page-aligned slots: every
// slot starts a page and keeps its contents, and a ring whose
// padding would cost more than half of it, or that is too large, keeps
// its layout.
func TestAlignSlots(t *testing.T) {
	for _, test := range []struct {
		n, depth int
		aligned  bool
	}{
		{3200, 2, true},
		{800, 3, true},
		{1024, 4, true},        // aligned already, or laid out again
		{600, 2, false},        // a page of 1024 would cost 70 % more
		{1 << 20, 2, false},    // larger than maxAlignedRing
		{3200, 1 << 10, false}, // likewise
	} {
		ch := newChannel(CondExp, 5, 0, test.n, test.depth, 0.1)
		for k := range test.depth {
			for i, s := 0, ch.slotAt(int64(k)); i < len(s); i++ {
				s[i] = float32(k*test.n + i)
			}
		}
		old := unsafe.SliceData(ch.ring)
		ch.alignSlots()
		if !test.aligned && (unsafe.SliceData(ch.ring) != old || ch.stride != test.n) {
			t.Errorf("n = %d, depth %d: the ring was laid out again (stride %d)", test.n, test.depth, ch.stride)
		}
		for k := range test.depth {
			s := ch.slotAt(int64(k))
			if test.aligned && pageOffset(unsafe.Pointer(&s[0])) != 0 {
				t.Errorf("n = %d: slot %d starts %d bytes into a page", test.n, k, pageOffset(unsafe.Pointer(&s[0])))
			}
			for i, x := range s {
				if x != float32(k*test.n+i) {
					t.Fatalf("n = %d: slot %d [%d] = %v after alignSlots, want %v", test.n, k, i, x, float32(k*test.n+i))
				}
			}
		}
	}
}
