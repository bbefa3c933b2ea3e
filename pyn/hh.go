package pyn

import (
	"fmt"
	"math"
)

// hodgkinHuxley is the Hodgkin–Huxley (1952) squid giant axon model in
// the modern convention (rest near −65 mV), integrated by the classical
// fourth-order Runge–Kutta method on (V, m, h, n) with the input held
// over the step. A spike is an upward crossing of 0 mV.
type hodgkinHuxley struct {
	n        int
	traub    bool  // Traub–Miles kinetics instead of the squid axon's
	expEuler bool  // exponential Euler instead of RK4
	euler    bool  // forward Euler instead of RK4
	kindErr  error // unknown Kinetics or Integrator: no SetParam can mend it

	c, gna, gk, gl, ena, ek, el, v0, vt []float64
	tab                                 ptab

	v, m, h, ng []float64
	cross       []float64 // Sim.SpikeTimes: where in the step each spike crossed 0 mV; nil when off

	scr  *hhScratch   // the vectorised step's buffers (Traub–Miles, exponential Euler)
	scrs []*hhScratch // the same per range (threads.go)
}

// NewHodgkinHuxley returns a population of n Hodgkin–Huxley neurons
// sharing p (start from HHSquidAxon). The gates start at their steady
// state at V0. Units: µA/cm², mS/cm², µF/cm², mV, ms.
func NewHodgkinHuxley(name string, n int, p HHParams) *Population {
	m := &hodgkinHuxley{n: n, traub: p.Kinetics == HHTraub, expEuler: p.Integrator == HHExponentialEuler, euler: p.Integrator == HHEuler}
	m.tab = ptab{{"C", &m.c}, {"gNa", &m.gna}, {"gK", &m.gk}, {"gL", &m.gl},
		{"ENa", &m.ena}, {"EK", &m.ek}, {"EL", &m.el}, {"V0", &m.v0}, {"VT", &m.vt}}
	allocErr := m.tab.alloc(n, p.C, p.GNa, p.GK, p.GL, p.ENa, p.EK, p.EL, p.V0, p.VT)
	if p.Kinetics != HHSquid && p.Kinetics != HHTraub {
		m.kindErr = fmt.Errorf("unknown HH kinetics %d", int(p.Kinetics))
	} else if p.Integrator != HHRK4 && p.Integrator != HHExponentialEuler && p.Integrator != HHEuler {
		m.kindErr = fmt.Errorf("unknown HH integrator %d", int(p.Integrator))
	}
	return newPop(name, n, m, firstErr(allocErr, m.valid()))
}

func (m *hodgkinHuxley) validate() error {
	for i := range m.c {
		if m.c[i] <= 0 {
			return fmt.Errorf("parameter %q: value[%d] = %v, want C > 0 µF/cm²", "C", i, m.c[i])
		}
		for _, g := range []struct {
			name string
			v    float64
		}{{"gNa", m.gna[i]}, {"gK", m.gk[i]}, {"gL", m.gl[i]}} {
			if g.v < 0 {
				return fmt.Errorf("parameter %q: value[%d] = %v, want ≥ 0 mS/cm²", g.name, i, g.v)
			}
		}
	}
	return nil
}

func (m *hodgkinHuxley) kind() string         { return "HodgkinHuxley" }
func (m *hodgkinHuxley) source() bool         { return false }
func (m *hodgkinHuxley) paramNames() []string { return m.tab.names() }
func (m *hodgkinHuxley) vars() []string       { return []string{"v", "m", "h", "n"} }

func (m *hodgkinHuxley) param(name string) ([]float64, bool) { return m.tab.get(name) }

func (m *hodgkinHuxley) setParam(name string, v []float64) error { return m.tab.set(name, m.n, v) }

func (m *hodgkinHuxley) init(n int) error {
	if n != m.n || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	if err := m.valid(); err != nil {
		return err
	}
	m.v = make([]float64, n)
	m.m = make([]float64, n)
	m.h = make([]float64, n)
	m.ng = make([]float64, n)
	m.reset()
	return nil
}

func (m *hodgkinHuxley) prepare(dt float64) error { return nil }

func (m *hodgkinHuxley) reset() {
	for i := range m.v {
		v := m.v0[i]
		m.v[i] = v
		am, bm, ah, bh, an, bn := m.rates(v, m.vt[i])
		m.m[i] = am / (am + bm)
		m.h[i] = ah / (ah + bh)
		m.ng[i] = an / (an + bn)
	}
}

func (m *hodgkinHuxley) state(name string) []float64 {
	switch name {
	case "v":
		return m.v
	case "m":
		return m.m
	case "h":
		return m.h
	case "n":
		return m.ng
	}
	return nil
}

// xOverExpm1 returns z/(1 − e^(−z)), continuous at z = 0 where it is 1.
// It removes the 0/0 of αn at V = −55 mV and αm at V = −40 mV.
//
// Away from 0 it uses 1 − e^(−z) from math.Exp, about three times faster
// than math.Expm1 (the rate functions are the hot path of HH networks):
// for |z| ≥ 0.5, |1 − e^(−z)| ≥ 0.39, so the subtraction loses at most
// about one bit. Near 0, where it would lose many, math.Expm1 is used.
func xOverExpm1(z float64) float64 {
	if z >= 0.5 || z <= -0.5 {
		return z / (1 - math.Exp(-z))
	}
	if math.Abs(z) < 1e-6 {
		return 1 + float64(z/2)
	}
	return z / -math.Expm1(-z)
}

// hhRates are the rate functions of Hodgkin & Huxley (1952) shifted to a
// resting potential of −65 mV (1/ms, V in mV).
func hhRates(v float64) (am, bm, ah, bh, an, bn float64) {
	am = xOverExpm1((v + 40) / 10) // = 0.1(V+40)/(1 − e^(−(V+40)/10))
	bm = 4 * math.Exp(-(v+65)/18)
	ah = 0.07 * math.Exp(-(v+65)/20)
	bh = 1 / (1 + math.Exp(-(v+35)/10))
	an = 0.1 * xOverExpm1((v+55)/10) // = 0.01(V+55)/(1 − e^(−(V+55)/10))
	bn = 0.125 * math.Exp(-(v+65)/80)
	return
}

// traubRates are the Traub & Miles (1991) rate functions as written for
// Brette et al. (2007), benchmark 3 (1/ms, V and VT in mV). The three
// 0/0 points (αm at V = VT + 13, βm at VT + 40, αn at VT + 15) use the
// same continuous form as the squid rates.
func traubRates(v, vt float64) (am, bm, ah, bh, an, bn float64) {
	// Divisions by the constants are multiplications by their inverses:
	// a division costs several multiplications, and these run ten times
	// per neuron and step.
	const i5, i18, i40 = 1.0 / 5, 1.0 / 18, 1.0 / 40
	u := vt - v
	am = 1.28 * xOverExpm1(-(13+u)*0.25) // = 0.32(13−V+VT)/(e^((13−V+VT)/4) − 1)
	bm = 1.4 * xOverExpm1((u+40)*i5)     // = 0.28(V−VT−40)/(e^((V−VT−40)/5) − 1)
	ah = 0.128 * math.Exp((17+u)*i18)
	bh = 4 / (1 + math.Exp((40+u)*i5))
	an = 0.16 * xOverExpm1(-(15+u)*i5) // = 0.032(15−V+VT)/(e^((15−V+VT)/5) − 1)
	bn = 0.5 * math.Exp((10+u)*i40)
	return
}

// rates returns the population's rate functions at v.
func (m *hodgkinHuxley) rates(v, vt float64) (am, bm, ah, bh, an, bn float64) {
	if m.traub {
		return traubRates(v, vt)
	}
	return hhRates(v)
}

// hhDeriv is the right-hand side for one neuron; I is the input at V = 0
// and gs the total input conductance (input current I − gs·V).
func hhDeriv(traub bool, vt, v, mm, hh, nn, C, gna, gk, gl, ena, ek, el, I, gs float64) (dv, dm, dh, dn float64) {
	var am, bm, ah, bh, an, bn float64
	if traub {
		am, bm, ah, bh, an, bn = traubRates(v, vt)
	} else {
		am, bm, ah, bh, an, bn = hhRates(v)
	}
	m3 := mm * mm * mm
	n4 := nn * nn
	n4 *= n4
	// float64(): products are rounded before they are added, so no build
	// fuses them into FMAs and every build gives the same bits.
	iion := float64(gna*m3*hh*(v-ena)) + float64(gk*n4*(v-ek)) + float64(gl*(v-el))
	dv = (I - float64(gs*v) - iion) / C
	dm = float64(am*(1-mm)) - float64(bm*mm)
	dh = float64(ah*(1-hh)) - float64(bh*hh)
	dn = float64(an*(1-nn)) - float64(bn*nn)
	return
}

// hhExpEuler advances one neuron by one exponential-Euler step: with the
// state at the start of the step, V relaxes towards
// V∞ = (Σ g·E + I)/Σ g with time constant C/Σ g (Σ over the channels,
// leak and input conductances) and each gate x towards α/(α + β) with
// time constant 1/(α + β), each exactly.
func hhExpEuler(traub bool, vt, v, mm, hh, nn, C, gna, gk, gl, ena, ek, el, I, gs, dt float64) (float64, float64, float64, float64) {
	var am, bm, ah, bh, an, bn float64
	if traub {
		am, bm, ah, bh, an, bn = traubRates(v, vt)
	} else {
		am, bm, ah, bh, an, bn = hhRates(v)
	}
	n2 := nn * nn
	gNa := float64(gna * mm * mm * mm * hh)
	gK := float64(gk * n2 * n2)
	gtot := gNa + gK + gl + gs
	nv := v
	if gtot > 0 {
		vinf := (float64(gNa*ena) + float64(gK*ek) + float64(gl*el) + I) / gtot
		nv = vinf + float64((v-vinf)*math.Exp(-dt*gtot/C))
	} else {
		nv = v + float64(dt*I/C)
	}
	relax := func(x, a, b float64) float64 {
		k := a + b
		if k <= 0 {
			return x
		}
		xinf := a / k
		return xinf + float64((x-xinf)*math.Exp(-dt*k))
	}
	return nv, relax(mm, am, bm), relax(hh, ah, bh), relax(nn, an, bn)
}

func (m *hodgkinHuxley) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	dt := c.dt
	if m.vecOK(in) {
		if m.scr == nil {
			m.scr = new(hhScratch)
		}
		return m.stepTraubEE(dt, in, spikes, 0, m.n, m.scr)
	}
	h2, h6 := dt/2, dt/6
	for i := range m.v {
		var I, gs float64
		if in != nil {
			if i < len(in.I) {
				I = in.I[i]
			}
			for _, ch := range in.G {
				g := ch.G[i]
				I += float64(g * ch.E)
				gs += g
			}
		}
		C, gna, gk, gl, ena, ek, el, vt, tr := m.c[i], m.gna[i], m.gk[i], m.gl[i], m.ena[i], m.ek[i], m.el[i], m.vt[i], m.traub
		v, mm, hh, nn := m.v[i], m.m[i], m.h[i], m.ng[i]
		var nv float64
		if m.expEuler {
			nv, mm, hh, nn = hhExpEuler(tr, vt, v, mm, hh, nn, C, gna, gk, gl, ena, ek, el, I, gs, dt)
		} else if m.euler {
			dv, dm, dh, dn := hhDeriv(tr, vt, v, mm, hh, nn, C, gna, gk, gl, ena, ek, el, I, gs)
			nv, mm, hh, nn = v+float64(dt*dv), mm+float64(dt*dm), hh+float64(dt*dh), nn+float64(dt*dn)
		} else {
			k1v, k1m, k1h, k1n := hhDeriv(tr, vt, v, mm, hh, nn, C, gna, gk, gl, ena, ek, el, I, gs)
			k2v, k2m, k2h, k2n := hhDeriv(tr, vt, v+float64(h2*k1v), mm+float64(h2*k1m), hh+float64(h2*k1h), nn+float64(h2*k1n), C, gna, gk, gl, ena, ek, el, I, gs)
			k3v, k3m, k3h, k3n := hhDeriv(tr, vt, v+float64(h2*k2v), mm+float64(h2*k2m), hh+float64(h2*k2h), nn+float64(h2*k2n), C, gna, gk, gl, ena, ek, el, I, gs)
			k4v, k4m, k4h, k4n := hhDeriv(tr, vt, v+float64(dt*k3v), mm+float64(dt*k3m), hh+float64(dt*k3h), nn+float64(dt*k3n), C, gna, gk, gl, ena, ek, el, I, gs)
			nv = v + float64(h6*(k1v+2*k2v+2*k3v+k4v))
			mm += float64(h6 * (k1m + 2*k2m + 2*k3m + k4m))
			hh += float64(h6 * (k1h + 2*k2h + 2*k3h + k4h))
			nn += float64(h6 * (k1n + 2*k2n + 2*k3n + k4n))
		}
		if math.IsNaN(nv) || math.IsInf(nv, 0) || math.IsNaN(mm+hh+nn) || math.IsInf(mm+hh+nn, 0) {
			name, x := "v", nv
			for _, g := range []struct {
				n string
				x float64
			}{{"n", nn}, {"h", hh}, {"m", mm}} {
				if !finite(g.x) {
					name, x = g.n, g.x
				}
			}
			if !finite(nv) {
				name, x = "v", nv
			}
			return spikes, newError(ErrDiverged, "neuron %d: %s = %v: state diverged (V = %v mV, m = %v, h = %v, n = %v) with dt = %v ms; reduce dt (0.01–0.05 ms is accurate)", i, name, x, nv, mm, hh, nn, dt).neuron(i).param(name, x)
		}
		if v < 0 && nv >= 0 {
			spikes = append(spikes, int32(i))
			if m.cross != nil {
				m.cross[i] = crossFrac(v, nv, 0, 1)
			}
		}
		m.v[i], m.m[i], m.h[i], m.ng[i] = nv, mm, hh, nn
	}
	return spikes, nil
}

// valid reports an unknown Kinetics or Integrator, else the first
// parameter value the model cannot use: NaN or infinite (tab.check), or
// outside the equations' domain (validate).
func (m *hodgkinHuxley) valid() error {
	if m.kindErr != nil {
		return m.kindErr
	}
	if err := m.tab.check(); err != nil {
		return err
	}
	return m.validate()
}
