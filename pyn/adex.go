package pyn

import (
	"fmt"
	"math"
)

// adex is the adaptive exponential integrate-and-fire model of Brette &
// Gerstner (2005), integrated by the classical fourth-order Runge–Kutta
// method on (V, w) with the input held over the step, then tested for
// V ≥ Vcut. A spike resets V to Vr and adds b to w in the same step; for
// TRef ms after it V is held at Vr while w keeps evolving.
type adex struct {
	n int

	euler   bool // forward Euler instead of RK4
	kindErr error

	c, gl, el, vt, deltaT, a, tauW, b, vr, vcut, tref, v0, w0 []float64
	tab                                                       ptab

	v, w    []float64
	refLeft []float64 // ms of refractoriness left
	cross   []float64 // Sim.SpikeTimes: where in the step each spike crossed Vcut; nil when off
}

// adexExpMax bounds the exponent of the spike-generating term. Past
// (V − VT)/ΔT = 40 the term exceeds 10¹⁷ pA, far beyond any cut-off, so
// clamping changes no spike yet keeps Runge–Kutta stages finite.
const adexExpMax = 40

// NewAdEx returns a population of n AdEx neurons sharing p. VCut 0 means
// VT + 5·ΔT, V0 0 means EL (pyn.Zero asks for 0 mV). Every other field is used as given.
func NewAdEx(name string, n int, p AdExParams) *Population {
	m := &adex{n: n, euler: p.Integrator == AdExEuler}
	if p.Integrator != AdExRK4 && p.Integrator != AdExEuler {
		m.kindErr = fmt.Errorf("unknown AdEx integrator %d", int(p.Integrator))
	}
	m.tab = ptab{{"C", &m.c}, {"gL", &m.gl}, {"EL", &m.el}, {"VT", &m.vt}, {"DeltaT", &m.deltaT},
		{"a", &m.a}, {"tauw", &m.tauW}, {"b", &m.b}, {"Vr", &m.vr}, {"Vcut", &m.vcut},
		{"TRef", &m.tref}, {"V0", &m.v0}, {"W0", &m.w0}}
	vcut := orDefault(p.VCut, p.VT+5*p.DeltaT)
	v0 := orDefault(p.V0, p.EL)
	err := m.tab.alloc(n, p.C, p.GL, p.EL, p.VT, p.DeltaT, p.A, p.TauW, p.B, p.Vr, vcut, p.TRef, v0, p.W0)
	return newPop(name, n, m, firstErr(err, m.valid()))
}

// validate reports values the equations cannot use.
func (m *adex) validate() error {
	for i := range m.c {
		switch {
		case m.c[i] <= 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want C > 0 pF", "C", i, m.c[i])
		case m.tauW[i] <= 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want tauw > 0 ms", "tauw", i, m.tauW[i])
		case m.deltaT[i] < 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want DeltaT ≥ 0 mV", "DeltaT", i, m.deltaT[i])
		case m.gl[i] < 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want gL ≥ 0 nS", "gL", i, m.gl[i])
		case m.tref[i] < 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want TRef ≥ 0 ms", "TRef", i, m.tref[i])
		case m.vr[i] >= m.vcut[i]:
			return fmt.Errorf("parameter %q: value[%d] = %v, want Vr below Vcut = %v mV", "Vr", i, m.vr[i], m.vcut[i])
		}
	}
	return nil
}

func (m *adex) kind() string         { return "AdEx" }
func (m *adex) source() bool         { return false }
func (m *adex) paramNames() []string { return m.tab.names() }
func (m *adex) vars() []string       { return []string{"v", "w"} }

func (m *adex) param(name string) ([]float64, bool) { return m.tab.get(name) }

func (m *adex) setParam(name string, v []float64) error { return m.tab.set(name, m.n, v) }

func (m *adex) init(n int) error {
	if n != m.n || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	if err := m.valid(); err != nil {
		return err
	}
	m.v = make([]float64, n)
	m.w = make([]float64, n)
	m.refLeft = make([]float64, n)
	m.reset()
	return nil
}

func (m *adex) prepare(dt float64) error { return nil }

func (m *adex) reset() {
	copy(m.v, m.v0)
	copy(m.w, m.w0)
	fill(m.refLeft, 0)
}

func (m *adex) state(name string) []float64 {
	switch name {
	case "v":
		return m.v
	case "w":
		return m.w
	}
	return nil
}

// adexDV is C·dV/dt without the input, pA.
//
// In this file every product that is added to something is wrapped in
// float64(): the conversion rounds it, so the compiler cannot fuse it
// with the addition into one FMA (which rounds once) where the target has
// one (GOAMD64=v3, arm64), and every build computes the same bits.
func adexDV(v, w, gl, el, vt, dT float64) float64 {
	f := float64(-gl * (v - el))
	if dT > 0 {
		x := (v - vt) / dT
		if x > adexExpMax {
			x = adexExpMax
		}
		f += float64(gl * dT * math.Exp(x))
	}
	return f - w
}

func (m *adex) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	dt := c.dt
	h2, h6 := dt/2, dt/6
	for i := range m.v {
		v, w := m.v[i], m.w[i]
		var I, gs float64 // input current at V = 0 and total conductance: I(V) = I − gs·V
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
		C, gl, el, vt, dT, a, tw := m.c[i], m.gl[i], m.el[i], m.vt[i], m.deltaT[i], m.a[i], m.tauW[i]
		if m.refLeft[i] > dt/2 {
			// Refractory: V clamped at Vr, w relaxes exactly (linear ODE).
			m.refLeft[i] -= dt
			v = m.vr[i]
			winf := float64(a * (v - el))
			m.w[i] = winf + float64((w-winf)*math.Exp(-dt/tw))
			m.v[i] = v
			continue
		}
		// A Runge–Kutta stage past Vcut means the spike happens within
		// this step; the later stages would only feed the diverging
		// exponential into w, so the step ends with a spike and w takes
		// the forward-Euler increment of the first stage.
		vc := m.vcut[i]
		vk, vx, fx := v, 0.0, 1.0 // V_k, and the first point at or past Vcut at fraction fx of the step
		k1v := (adexDV(v, w, gl, el, vt, dT) + I - float64(gs*v)) / C
		k1w := (float64(a*(v-el)) - w) / tw
		stage := false // a stage passed Vcut
		if m.euler {
			v, w = v+float64(dt*k1v), w+float64(dt*k1w)
		} else {
			v2, w2 := v+float64(h2*k1v), w+float64(h2*k1w)
			if v2 >= vc {
				stage, vx, fx = true, v2, 0.5
			} else {
				k2v := (adexDV(v2, w2, gl, el, vt, dT) + I - float64(gs*v2)) / C
				k2w := (float64(a*(v2-el)) - w2) / tw
				v3, w3 := v+float64(h2*k2v), w+float64(h2*k2w)
				if v3 >= vc {
					stage, vx, fx = true, v3, 0.5
				} else {
					k3v := (adexDV(v3, w3, gl, el, vt, dT) + I - float64(gs*v3)) / C
					k3w := (float64(a*(v3-el)) - w3) / tw
					v4, w4 := v+float64(dt*k3v), w+float64(dt*k3w)
					if v4 >= vc {
						stage, vx = true, v4
					} else {
						k4v := (adexDV(v4, w4, gl, el, vt, dT) + I - float64(gs*v4)) / C
						k4w := (float64(a*(v4-el)) - w4) / tw
						v += float64(h6 * (k1v + 2*k2v + 2*k3v + k4v))
						w += float64(h6 * (k1w + 2*k2w + 2*k3w + k4w))
					}
				}
			}
		}
		if stage {
			w += float64(dt * k1w)
		}
		if stage || v >= vc {
			if m.cross != nil {
				if !stage {
					vx = v
				}
				m.cross[i] = crossFrac(vk, vx, vc, fx)
			}
			v = m.vr[i]
			w += m.b[i]
			m.refLeft[i] = m.tref[i]
			spikes = append(spikes, int32(i))
		}
		if math.IsNaN(v) || math.IsNaN(w) || math.IsInf(w, 0) || math.IsInf(v, 0) {
			name, x := "v", v
			if finite(v) {
				name, x = "w", w
			}
			return spikes, newError(ErrDiverged, "neuron %d: %s = %v: state diverged (v = %v, w = %v); reduce dt", i, name, x, v, w).neuron(i).param(name, x)
		}
		m.v[i], m.w[i] = v, w
	}
	return spikes, nil
}

// valid reports the first parameter value the model cannot use: NaN or
// infinite (tab.check), or outside the equations' domain (validate).
func (m *adex) valid() error {
	if m.kindErr != nil {
		return m.kindErr
	}
	if err := m.tab.check(); err != nil {
		return err
	}
	return m.validate()
}
