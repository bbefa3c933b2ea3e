package pyn

import (
	"math"
	"strings"
	"testing"
)

// passivePost is a neuron that integrates what it receives (v += dt·I)
// and spikes only when a large pulse drives it over 1000.
func passivePost(t *testing.T) *Population {
	t.Helper()
	p, err := NewModel("post", 1, Equations{Eqs: "dv/dt = I : 1", Threshold: "v >= 1000", Reset: "v = 0"})
	if err != nil {
		t.Fatal(err)
	}
	p.DisableRecurrent()
	return p
}

// TestTsodyksMarkramSteadyState: a regular presynaptic train through the
// TsodyksMarkram preset reaches the closed-form steady state of
// Tsodyks, Pawelzik & Markram (1998) — u⁺ = U/(1 − (1 − U)e^(−T/τf)),
// x⁻ = (1 − e^(−T/τd))/(1 − (1 − u⁺)e^(−T/τd)), amplitude w·u⁺·x⁻ —
// for a depressing and a facilitating synapse. The amplitude is read
// from the jumps of a neuron that integrates its delta input.
func TestTsodyksMarkramSteadyState(t *testing.T) {
	for _, tc := range []struct {
		name             string
		U, tauD, tauF, T float64
	}{
		{"depressing", 0.5, 800, 10, 50},
		{"facilitating", 0.1, 100, 1000, 50},
		{"depressing 100 Hz", 0.25, 706, 21, 10},
	} {
		const dt, n, w = 0.1, 100, 2.0
		times := make([]float64, n)
		for k := range times {
			times[k] = 10 + float64(k)*tc.T
		}
		pre := NewSpikeSource("pre", [][]float64{times})
		post := passivePost(t)
		net := NewNetwork(pre, post)
		sm, err := NewSynapseModel(TsodyksMarkram(tc.U, tc.tauD, tc.tauF))
		if err != nil {
			t.Fatal(err)
		}
		if err := net.Connect("pre", "post", Conn{Rule: AllToAll, Weight: Const(w), Synapse: Synapse{Kind: Delta}, Model: sm}); err != nil {
			t.Fatal(err)
		}
		res, err := net.Simulate(Sim{T: times[n-1] + 5, Dt: dt, Record: []string{"v"}})
		if err != nil {
			t.Fatal(err)
		}
		v := res.Pop("post").Trace("v").Neuron(0)
		var jumps []float64
		for k := 1; k < len(v); k++ {
			if d := v[k] - v[k-1]; d > 1e-9 {
				jumps = append(jumps, d)
			}
		}
		if len(jumps) != n {
			t.Fatalf("%s: %d PSCs, want %d", tc.name, len(jumps), n)
		}
		ef, ed := math.Exp(-tc.T/tc.tauF), math.Exp(-tc.T/tc.tauD)
		uPlus := tc.U / (1 - (1-tc.U)*ef)
		xMinus := (1 - ed) / (1 - (1-uPlus)*ed)
		want := w * uPlus * xMinus
		if got := jumps[n-1]; math.Abs(got-want) > 1e-5*want {
			t.Errorf("%s: steady PSC %v, closed form %v", tc.name, got, want)
		}
		if got := jumps[0]; math.Abs(got-w*tc.U) > 1e-5*w {
			t.Errorf("%s: first PSC %v, want w·U = %v", tc.name, got, w*tc.U)
		}
		u, err := net.SynState("pre", "post", "u")
		if err != nil || math.Abs(u[0]-uPlus) > 1e-6*uPlus {
			t.Errorf("%s: u after the last spike %v (%v), want u⁺ = %v", tc.name, u, err, uPlus)
		}
	}
}

// tripletDW is the weight change of the all-to-all triplet rule
// (Pfister & Gerstner 2006, Eqs. 1–4) computed directly from its
// definition: every trace is the sum of the kernels of all earlier spikes
// of its neuron (no recursion), pre before post at equal times.
func tripletDW(pre, post []float64, p map[string]float64) float64 {
	trace := func(ts []float64, t, tau float64, strict bool) float64 {
		var s float64
		for _, x := range ts {
			if x < t || (!strict && x == t) {
				s += math.Exp(-(t - x) / tau)
			}
		}
		return s
	}
	var dw float64
	i, j := 0, 0
	for i < len(pre) || j < len(post) {
		if j >= len(post) || (i < len(pre) && pre[i] <= post[j]) {
			t := pre[i]
			dw -= trace(post, t, p["tau_minus"], true) * (p["A2m"] + p["A3m"]*trace(pre, t, p["tau_x"], true))
			i++
			continue
		}
		t := post[j]
		dw += trace(pre, t, p["tau_plus"], false) * (p["A2p"] + p["A3p"]*trace(post, t, p["tau_y"], true))
		j++
	}
	return dw
}

// TestTripletSTDPPairing runs the pairing protocol of Sjöström et al.
// (2001) as modelled by Pfister & Gerstner (2006): pairs of a pre and a
// post spike Δt = ±10 ms apart, repeated at frequency ρ, with the
// TripletSTDP preset (the minimal all-to-all visual-cortex parameters of
// their Table 4). The weight change equals the rule's definition summed
// over the spike trains (tripletDW), and shows the published frequency
// dependence: at 0.1 Hz post-before-pre depresses and pre-before-post
// does almost nothing (A2+ = 0 and o2 has decayed), at 50 Hz both
// orders potentiate (the triplet term dominates).
func TestTripletSTDPPairing(t *testing.T) {
	const dt = 0.5
	eqs := TripletSTDP()
	eqs.Params["wmin"], eqs.Params["wmax"] = -100, 100 // no bounds: the rule's own change
	sm, err := NewSynapseModel(eqs)
	if err != nil {
		t.Fatal(err)
	}
	dws := map[[2]float64]float64{}
	for _, rho := range []float64{0.1, 10, 20, 50} {
		for _, lag := range []float64{10, -10} {
			pairs := 60
			if rho < 1 {
				pairs = 10
			}
			period := 1000 / rho
			var preT, postT []float64
			for k := 0; k < pairs; k++ {
				t0 := 20 + float64(k)*period
				preT = append(preT, t0)
				postT = append(postT, t0+lag)
			}
			var stims []Stim
			for _, x := range postT {
				stims = append(stims, Stim{Start: x - dt/2, Stop: x + dt/2, Amp: 2000 / dt})
			}
			net := NewNetwork(NewSpikeSource("pre", [][]float64{preT}), passivePost(t))
			if err := net.Connect("pre", "post", Conn{Rule: OneToOne, Weight: Const(0.5), Synapse: Synapse{Kind: Delta}, Model: sm}); err != nil {
				t.Fatal(err)
			}
			T := math.Max(preT[pairs-1], postT[pairs-1]) + 5
			res, err := net.Simulate(Sim{T: T, Dt: dt, IExt: map[string][]Stim{"post": stims}})
			if err != nil {
				t.Fatal(err)
			}
			gotPre, gotPost := res.Pop("pre").Spikes.T, res.Pop("post").Spikes.T
			if len(gotPre) != pairs || len(gotPost) != pairs {
				t.Fatalf("ρ = %v Hz: %d pre and %d post spikes, want %d", rho, len(gotPre), len(gotPost), pairs)
			}
			w, err := net.SynState("pre", "post", "w")
			if err != nil {
				t.Fatal(err)
			}
			want := tripletDW(gotPre, gotPost, eqs.Params)
			if got := w[0] - 0.5; math.Abs(got-want) > 1e-12 {
				t.Errorf("ρ = %v Hz, Δt = %v ms: Δw = %v, the rule's definition gives %v", rho, lag, got, want)
			}
			dws[[2]float64{rho, lag}] = w[0] - 0.5
		}
	}
	if d := dws[[2]float64{0.1, -10}]; d >= 0 {
		t.Errorf("0.1 Hz, post before pre: Δw = %v, want depression", d)
	}
	if d := dws[[2]float64{0.1, 10}]; math.Abs(d) > 0.01*math.Abs(dws[[2]float64{0.1, -10}]) {
		t.Errorf("0.1 Hz, pre before post: Δw = %v, want almost no change", d)
	}
	for _, lag := range []float64{10, -10} {
		if d := dws[[2]float64{50, lag}]; d <= 0 {
			t.Errorf("50 Hz, Δt = %v ms: Δw = %v, want potentiation", lag, d)
		}
	}
	t.Logf("Δw per protocol: %v", dws)
}

// TestSynapseModelErrors: synapse texts are checked when compiled, with
// field, line and column; a model that sends a current cannot drive a
// conductance synapse.
func TestSynapseModelErrors(t *testing.T) {
	for _, tc := range []struct {
		s    SynapseEquations
		want string
	}{
		{SynapseEquations{Eqs: "dx/dt = -x/tau : 1", Params: map[string]float64{"tau": 5}}, "must be (event-driven)"},
		{SynapseEquations{OnPre: "I_post += w*q"}, `OnPre line 1, column 13: unknown variable "q"`},
		{SynapseEquations{OnPost: "I_post += w"}, `OnPost line 1, column 1: I_post takes only "+=" in OnPre`},
		{SynapseEquations{Eqs: "dx/dt = -x*x : 1 (event-driven)"}, "must be linear in x"},
		{SynapseEquations{OnPre: "z = 1"}, `"z" is not a synaptic variable`},
	} {
		_, err := NewSynapseModel(tc.s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.s, err, tc.want)
		}
	}
	sm, err := NewSynapseModel(TsodyksMarkram(0.5, 800, 10))
	if err != nil {
		t.Fatal(err)
	}
	net := NewNetwork(NewSpikeSource("pre", [][]float64{{1}}), passivePost(t))
	err = net.Connect("pre", "post", Conn{Synapse: Synapse{Kind: CondExp}, Model: sm})
	if err == nil || !strings.Contains(err.Error(), "is CondExp") {
		t.Errorf("I_post into CondExp: %v", err)
	}
}
