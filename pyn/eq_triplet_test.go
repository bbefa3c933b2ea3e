package pyn

import (
	"math"
	"testing"
)

// geo is Σ_{j=1..k} q^j.
func geo(q float64, k int) float64 {
	if k <= 0 {
		return 0
	}
	return q * (1 - math.Pow(q, float64(k))) / (1 - q)
}

// pairingDW is the closed-form weight change of the all-to-all triplet
// rule (Pfister & Gerstner 2006, Eqs. 1–4) over n pairings at frequency
// rho (Hz), each a pre and a post spike lag ms apart (lag > 0: pre first),
// |lag| < 1000/rho. Before pairing k (0-based) every trace is a finite
// geometric sum over the earlier spikes: e.g. for lag > 0 the post spike
// of pairing k sees r1 = e^(−lag/τ+)·(1 + q+ + … + q+^k) and
// o2 = q_y + … + q_y^k, with q = e^(−T/τ), T = 1000/rho. Its limit per
// pairing, k → ∞, is the mean-field curve of the paper's Fig. 5.
func pairingDW(rho, lag float64, n int, p map[string]float64) (total, perPairingLimit float64) {
	T := 1000 / rho
	qp, qm := math.Exp(-T/p["tau_plus"]), math.Exp(-T/p["tau_minus"])
	qx, qy := math.Exp(-T/p["tau_x"]), math.Exp(-T/p["tau_y"])
	d := math.Abs(lag)
	post := func(r1, o2 float64) float64 { return r1 * (p["A2p"] + p["A3p"]*o2) }
	pre := func(o1, r2 float64) float64 { return -o1 * (p["A2m"] + p["A3m"]*r2) }
	for k := 0; k < n; k++ {
		o2, r2 := geo(qy, k), geo(qx, k)
		if lag > 0 { // pre at kT, post at kT + d
			r1 := math.Exp(-d/p["tau_plus"]) * (1 + geo(qp, k))
			o1 := math.Exp(d/p["tau_minus"]) * geo(qm, k)
			total += pre(o1, r2) + post(r1, o2)
		} else { // post at kT, pre at kT + d
			r1 := math.Exp(d/p["tau_plus"]) * geo(qp, k)
			o1 := math.Exp(-d/p["tau_minus"]) * (1 + geo(qm, k))
			total += post(r1, o2) + pre(o1, r2)
		}
	}
	inf := func(q float64) float64 { return q / (1 - q) }
	if lag > 0 {
		perPairingLimit = pre(math.Exp(d/p["tau_minus"])*inf(qm), inf(qx)) + post(math.Exp(-d/p["tau_plus"])*(1+inf(qp)), inf(qy))
	} else {
		perPairingLimit = post(math.Exp(d/p["tau_plus"])*inf(qp), inf(qy)) + pre(math.Exp(-d/p["tau_minus"])*(1+inf(qm)), inf(qx))
	}
	return total, perPairingLimit
}

// TestTripletSTDPFrequencyCurve runs the pairing protocol of Sjöström et
// al. (2001) as Pfister & Gerstner (2006) model it (their Fig. 5: 60
// pairings of a pre and a post spike Δt = ±10 ms apart, at 0.1 to 50 Hz)
// through a network with the TripletSTDP synapse model, and compares the
// weight change with the closed form of the rule over the protocol
// (pairingDW). Tolerance 1e-12 relative: both are the same sums of
// exponentials evaluated in a different order (traces decayed from event
// to event against geometric series), so only rounding separates them.
// The second parameter set switches on every term (A2+, A3−, τx) so that
// the whole rule is checked, not only the minimal model's two terms.
// The preset's curve has the shape of the paper's Fig. 5 and lies within
// 2 s.e.m. of the data it fits (Sjöström et al. 2001, as tabulated in
// SpiNNaker's PyNN example that reproduces the figure): depression at
// low frequency for post-before-pre, none for pre-before-post,
// potentiation for both at high frequency, growing with frequency.
func TestTripletSTDPFrequencyCurve(t *testing.T) {
	const dt, pairs = 0.5, 60
	full := TripletSTDP().Params
	full["A2p"], full["A3m"], full["tau_x"] = 2e-3, 1e-3, 101
	for _, set := range []struct {
		name   string
		params map[string]float64
	}{{"minimal (preset)", TripletSTDP().Params}, {"all terms", full}} {
		eqs := TripletSTDP()
		eqs.Params = set.params
		eqs.Params["wmin"], eqs.Params["wmax"] = -100, 100 // unbounded: the rule's own change
		sm, err := NewSynapseModel(eqs)
		if err != nil {
			t.Fatal(err)
		}
		curve := map[[2]float64]float64{}
		for _, rho := range []float64{0.1, 10, 20, 40, 50} {
			for _, lag := range []float64{10, -10} {
				period := 1000 / rho
				var preT, postT []float64
				for k := 0; k < pairs; k++ {
					t0 := 20 + float64(k)*period
					if lag > 0 {
						preT, postT = append(preT, t0), append(postT, t0+lag)
					} else {
						postT, preT = append(postT, t0), append(preT, t0-lag)
					}
				}
				var stims []Stim
				for _, x := range postT {
					stims = append(stims, Stim{Start: x - dt/2, Stop: x + dt/2, Amp: 2000 / dt})
				}
				net := NewNetwork(NewSpikeSource("pre", [][]float64{preT}), passivePost(t))
				if err := net.Connect("pre", "post", Conn{Rule: OneToOne, Weight: Const(0.5), Synapse: Synapse{Kind: Delta}, Model: sm}); err != nil {
					t.Fatal(err)
				}
				res, err := net.Simulate(Sim{T: math.Max(preT[pairs-1], postT[pairs-1]) + 5, Dt: dt, IExt: map[string][]Stim{"post": stims}})
				if err != nil {
					t.Fatal(err)
				}
				gp, gq := res.Pop("pre").Spikes.T, res.Pop("post").Spikes.T
				if len(gp) != pairs || len(gq) != pairs {
					t.Fatalf("ρ = %v Hz: %d pre and %d post spikes, want %d", rho, len(gp), len(gq), pairs)
				}
				for k := range gp {
					if got := gq[k] - gp[k]; math.Abs(got-lag) > 1e-9 {
						t.Fatalf("ρ = %v Hz, pairing %d: post − pre = %v ms, want %v", rho, k, got, lag)
					}
				}
				w, err := net.SynState("pre", "post", "w")
				if err != nil {
					t.Fatal(err)
				}
				got := w[0] - 0.5
				want, limit := pairingDW(rho, lag, pairs, eqs.Params)
				if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Errorf("%s, ρ = %v Hz, Δt = %+v ms: Δw = %.15g, closed form %.15g", set.name, rho, lag, got, want)
				}
				curve[[2]float64{rho, lag}] = got
				t.Logf("%s ρ = %4v Hz Δt = %+3.0f ms: Δw = %+.4f (60 × mean-field limit %+.4f)", set.name, rho, lag, got, pairs*limit)
			}
		}
		if set.name != "minimal (preset)" {
			continue
		}
		// The data the minimal model was fitted to: Sjöström et al. (2001),
		// visual cortex L5, relative weight change Δw/w after the pairing
		// protocol, mean ± s.e.m., as plotted with the model in Pfister &
		// Gerstner (2006), Fig. 5. The model's Δw is the relative change
		// (the rule is additive with w normalised to 1). A least-squares
		// fit of five parameters to ten points does not pass through each:
		// the test asks every point to lie within 2 s.e.m. of the data.
		for _, d := range []struct{ rho, lag, mean, sem float64 }{
			{0.1, -10, -0.29, 0.08}, {10, -10, -0.41, 0.11}, {20, -10, -0.34, 0.10}, {40, -10, 0.56, 0.32}, {50, -10, 0.75, 0.19},
			{0.1, 10, -0.04, 0.05}, {10, 10, 0.14, 0.10}, {20, 10, 0.29, 0.14}, {40, 10, 0.53, 0.11}, {50, 10, 0.56, 0.26},
		} {
			got := curve[[2]float64{d.rho, d.lag}]
			z := (got - d.mean) / d.sem
			t.Logf("Sjöström et al. ρ = %4v Hz Δt = %+3.0f ms: data %+.2f ± %.2f, model %+.3f (%+.1f s.e.m.)", d.rho, d.lag, d.mean, d.sem, got, z)
			if math.Abs(z) > 2 {
				t.Errorf("ρ = %v Hz, Δt = %+v ms: model Δw/w = %.3f, data %.2f ± %.2f (Sjöström et al. 2001): %.1f s.e.m. away", d.rho, d.lag, got, d.mean, d.sem, z)
			}
		}
		c := func(rho, lag float64) float64 { return curve[[2]float64{rho, lag}] }
		switch {
		case c(0.1, -10) >= 0:
			t.Errorf("0.1 Hz, post before pre: Δw = %v, want depression", c(0.1, -10))
		case math.Abs(c(0.1, 10)) > 1e-9:
			t.Errorf("0.1 Hz, pre before post: Δw = %v, want none (A2+ = 0: potentiation needs a post triplet)", c(0.1, 10))
		case c(50, 10) <= 0 || c(50, -10) <= 0:
			t.Errorf("50 Hz: Δw = %v (+10 ms), %v (−10 ms), want potentiation for both", c(50, 10), c(50, -10))
		case !(c(10, 10) < c(20, 10) && c(20, 10) < c(40, 10) && c(40, 10) < c(50, 10)):
			t.Errorf("pre before post: Δw should grow with frequency: %v", curve)
		}
	}
}
