package pyn

import (
	"math"
	"strings"
	"testing"
)

// ouRun simulates n independent Ornstein–Uhlenbeck processes
// dx/dt = −x/τ + σ·xi (τ = 10 ms, σ = 2, x(0) = 0) and samples x every τ.
func ouRun(t *testing.T, eqs string, n int, sim Sim) *Result {
	t.Helper()
	p, err := NewModel("ou", n, Equations{Eqs: eqs, Params: map[string]float64{"tau": 10, "sigma": 2}})
	if err != nil {
		t.Fatal(err)
	}
	p.DisableRecurrent()
	sim.Probes = []Probe{{Pop: "ou", Var: "x", Every: 10}}
	r, err := NewNetwork(p).Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestNoiseOrnsteinUhlenbeck: the stationary variance of the
// Ornstein–Uhlenbeck process dx/dt = −x/τ + σ·ξ(t), ξ white noise of
// unit intensity, is σ²τ/2 (Uhlenbeck & Ornstein 1930; Gardiner,
// Handbook of Stochastic Methods, §3.8.4; Brian 2's xi has this
// normalisation). Euler–Maruyama with step dt has the exact stationary
// variance σ²τ/(2 − dt/τ) (the AR(1) recursion x ← (1 − dt/τ)x +
// σ·sqrt(dt)·N(0,1)), 0.5 % above at dt = 0.1 ms, τ = 10 ms. Estimate:
// 2000 processes sampled every τ from 50 ms (5τ, the start's e^(−10) left)
// to 1000 ms, 1.9·10⁵ samples; with the lag-τ correlation e^(−1) the
// variance estimate has a relative standard error of about
// sqrt(2(1 + e^(−2))/(1 − e^(−2))/1.9·10⁵) ≈ 0.4 %; the tolerance, 2 %, is
// five of them. The run is seeded, so the test is deterministic.
func TestNoiseOrnsteinUhlenbeck(t *testing.T) {
	const n, dt, tau, sigma = 2000, 0.1, 10.0, 2.0
	for _, tc := range []struct{ name, eqs string }{
		{"unit-free", "dx/dt = -x/tau + sigma*xi : 1"},
		{"with units", "dx/dt = -x/tau + sigma*xi : 1\ntau : ms\nsigma : 1/ms**0.5\nx0 = 0*ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ouRun(t, tc.eqs, n, Sim{T: 1000, Dt: dt, Seed: 7})
			tr := r.Pop("ou").Trace("x")
			var s, s2 float64
			var m int
			for k, tk := range tr.T {
				if tk < 50 {
					continue
				}
				for j := range tr.Neurons {
					x := tr.At(k, j)
					s += x
					s2 += x * x
					m++
				}
			}
			mean := s / float64(m)
			v := s2/float64(m) - mean*mean
			want := sigma * sigma * tau / 2
			em := sigma * sigma * tau / (2 - dt/tau)
			t.Logf("%d samples: variance %.4f, σ²τ/2 = %.4f, Euler–Maruyama σ²τ/(2 − dt/τ) = %.4f, mean %.4f", m, v, want, em, mean)
			if math.Abs(v-want) > 0.02*want {
				t.Errorf("stationary variance %.4f, want σ²τ/2 = %.4f within 2 %%", v, want)
			}
			if math.Abs(mean) > 0.05 {
				t.Errorf("stationary mean %.4f, want 0", mean)
			}
		})
	}
}

// The draws are reproducible: the same seed gives the same trace bit for
// bit, whatever Sim.Threads; another seed another trace; two noise names
// are independent sources.
func TestNoiseReproducible(t *testing.T) {
	const eqs = "dx/dt = -x/tau + sigma*xi : 1"
	a := ouRun(t, eqs, 64, Sim{T: 50, Dt: 0.1, Seed: 3})
	b := ouRun(t, eqs, 64, Sim{T: 50, Dt: 0.1, Seed: 3, Threads: 2})
	c := ouRun(t, eqs, 64, Sim{T: 50, Dt: 0.1, Seed: 4})
	da, db, dc := a.Pop("ou").Trace("x").Data, b.Pop("ou").Trace("x").Data, c.Pop("ou").Trace("x").Data
	same := func(x, y []float64) bool {
		for k := range x {
			if x[k] != y[k] {
				return false
			}
		}
		return len(x) == len(y)
	}
	if !same(da, db) {
		t.Error("same seed, 1 and 2 threads: traces differ")
	}
	if same(da, dc) {
		t.Error("seeds 3 and 4 give the same trace")
	}
	// Two sources: y follows xi_1 and z follows xi_2; the correlation of
	// their increments is 0 within sampling error (2000 neurons: SE 0.022).
	p, err := NewModel("two", 2000, Equations{Eqs: "dy/dt = xi_1 : 1\ndz/dt = xi_2 : 1"})
	if err != nil {
		t.Fatal(err)
	}
	p.DisableRecurrent()
	r, err := NewNetwork(p).Simulate(Sim{T: 10, Dt: 0.1, Seed: 1, Record: []string{"y", "z"}})
	if err != nil {
		t.Fatal(err)
	}
	y, z := r.Pop("two").Trace("y"), r.Pop("two").Trace("z")
	last := len(y.T) - 1
	var syz, syy, szz float64
	for j := range y.Neurons {
		a, b := y.At(last, j), z.At(last, j)
		syz += a * b
		syy += a * a
		szz += b * b
	}
	if rho := syz / math.Sqrt(syy*szz); math.Abs(rho) > 0.1 {
		t.Errorf("correlation of xi_1 and xi_2 paths: %.3f, want ≈ 0", rho)
	}
	// Var(y(T)) = T for dy/dt = xi (a Wiener process), T = 10 ms; y(10) is
	// the last sample (9.9 ms) plus one step: compare with the sample time.
	if v := syy / float64(len(y.Neurons)); math.Abs(v-y.T[last]-0.1) > 0.15*(y.T[last]+0.1) {
		t.Errorf("Var y = %.3f, want ≈ %.1f (Wiener process)", v, y.T[last]+0.1)
	}
}

// Noise terms are refused where they cannot act, with the line and column.
func TestNoiseErrors(t *testing.T) {
	for _, tc := range []struct {
		m    Equations
		want string
	}{
		{Equations{Eqs: "dx/dt = -x + xi : 1", Method: MethodRK4},
			"Eqs line 1, column 14: the noise term xi needs a stochastic integrator: Method rk4 cannot take it"},
		{Equations{Eqs: "dx/dt = -x + xi : 1", Method: MethodExponentialEuler},
			"Method exponential-euler cannot take it"},
		{Equations{Eqs: "dx/dt = -x + xi*xi : 1"}, "dx/dt is not linear in the noise term xi"},
		{Equations{Eqs: "dx/dt = -x + exp(xi) : 1"}, "not linear in the noise term xi"},
		{Equations{Eqs: "dx/dt = -x : 1", Threshold: "x + xi > 1"}, "Threshold line 1, column 1: noise terms (xi) may appear only in differential equations"},
		{Equations{Eqs: "dx/dt = -x : 1", Threshold: "x > 1", Reset: "x = xi"}, "Reset line 1, column 1: noise terms"},
		{Equations{Eqs: "dx/dt = -x : 1", Init: map[string]string{"x": "xi"}}, "Init[x] line 1, column 1: noise terms"},
		{Equations{Eqs: "dv/dt = -v/(10*ms) + xi : mV"}, "Eqs line 1, column 20: cannot add mV/ms and 1/ms**0.5"},
	} {
		_, err := NewModel("p", 1, tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v\nwant %q", tc.m, err, tc.want)
		}
	}
	// MethodAuto chooses Euler–Maruyama for noisy equations.
	p, err := NewModel("p", 1, Equations{Eqs: "dx/dt = -x + xi : 1"})
	if err != nil {
		t.Fatal(err)
	}
	if m := p.m.(*eqModel).method; m != MethodEuler {
		t.Errorf("MethodAuto with noise chose %v, want euler", m)
	}
}

// A run continued in two pieces draws the same noise as one run, and
// Reset starts the same draws again.
func TestNoiseContinuation(t *testing.T) {
	mk := func() *Network {
		p, err := NewModel("ou", 16, Equations{Eqs: "dx/dt = -x/tau + sigma*xi : 1", Params: map[string]float64{"tau": 10, "sigma": 2}})
		if err != nil {
			t.Fatal(err)
		}
		p.DisableRecurrent()
		return NewNetwork(p)
	}
	one := mk()
	if _, err := one.Simulate(Sim{T: 20, Dt: 0.1, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	two := mk()
	for k := 0; k < 2; k++ {
		if _, err := two.Simulate(Sim{T: 10, Dt: 0.1, Seed: 2}); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := one.Population("ou").State("x")
	b, _ := two.Population("ou").State("x")
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("neuron %d: x = %v after one run of 20 ms, %v after two of 10 ms", i, a[i], b[i])
		}
	}
	two.Reset()
	if _, err := two.Simulate(Sim{T: 20, Dt: 0.1, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	c, _ := two.Population("ou").State("x")
	for i := range a {
		if a[i] != c[i] {
			t.Fatalf("neuron %d: x = %v, %v after Reset and the same run", i, a[i], c[i])
		}
	}
}

// BenchmarkEquationsNoise: 10 000 Ornstein–Uhlenbeck neurons for 100 ms
// at dt = 0.1 ms, with and without the noise term (the cost of the draws).
func BenchmarkEquationsNoise(b *testing.B) {
	for _, eqs := range []struct{ name, text string }{
		{"noise", "dx/dt = -x/tau + sigma*xi : 1"},
		{"none", "dx/dt = -x/tau + sigma : 1"},
	} {
		b.Run(eqs.name, func(b *testing.B) {
			const n, T, dt = 10000, 100.0, 0.1
			p, err := NewModel("ou", n, Equations{Eqs: eqs.text, Params: map[string]float64{"tau": 10, "sigma": 2}, Method: MethodEuler})
			if err != nil {
				b.Fatal(err)
			}
			p.DisableRecurrent()
			net := NewNetwork(p)
			b.ResetTimer()
			for k := 0; k < b.N; k++ {
				if _, err := net.Simulate(Sim{T: T, Dt: dt, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)*n*T/dt/b.Elapsed().Seconds(), "neuron-steps/s")
		})
	}
}
