package pyn

import (
	"math"
	"testing"
)

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
