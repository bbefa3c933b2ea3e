package pyn

import (
	"fmt"
	"math"
)

// lif is the current-based leaky integrate-and-fire neuron. Between
// spikes the equation is linear, so each step is integrated exactly for
// an input held constant over the step:
//
//	V(t+dt) = V∞ + (V(t) − V∞)·e^(−dt/τ),  V∞ = EL + τm·I/C
//
// (with conductances, τ and V∞ include them), or, with LIFEuler, by one
// forward-Euler step. A spike (V ≥ VTh) resets V to VReset in the same
// step, and V stays there for TRef.
type lif struct {
	n       int
	euler   bool  // forward Euler instead of the exact step
	kindErr error // unknown Integrator: no SetParam can mend it

	c, tauM, el, vth, vreset, tref, v0 []float64
	tab                                ptab

	v, refLeft []float64

	// decay caches e^(−dt/τm) per neuron for the run's step (set by
	// prepare), with 1/τm, 1/C and EL/τm, which spare the conductance path
	// its divisions.
	decay, invTau, invC, elTau []float64
	uniform                    bool      // every neuron has the same parameters (set by prepare)
	grps                       [][]int32 // the fused kernel's spiking groups, per range (lif_cond.go, threads.go)
}

// NewLIF returns a population of n current-based LIF neurons sharing p.
// Units: pA, pF, ms, mV. V0 0 means EL (pyn.Zero asks for 0 mV).
func NewLIF(name string, n int, p LIFParams) *Population {
	m := &lif{n: n, euler: p.Integrator == LIFEuler}
	if p.Integrator != LIFExact && p.Integrator != LIFEuler {
		m.kindErr = fmt.Errorf("unknown LIF integrator %d", int(p.Integrator))
	}
	m.tab = ptab{{"C", &m.c}, {"TauM", &m.tauM}, {"EL", &m.el}, {"VTh", &m.vth},
		{"VReset", &m.vreset}, {"TRef", &m.tref}, {"V0", &m.v0}}
	v0 := orDefault(p.V0, p.EL)
	err := m.tab.alloc(n, p.C, p.TauM, p.EL, p.VTh, p.VReset, p.TRef, v0)
	return newPop(name, n, m, firstErr(err, m.valid()))
}

func (m *lif) validate() error {
	for i := range m.c {
		switch {
		case m.c[i] <= 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want C > 0 pF", "C", i, m.c[i])
		case m.tauM[i] <= 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want TauM > 0 ms", "TauM", i, m.tauM[i])
		case m.tref[i] < 0:
			return fmt.Errorf("parameter %q: value[%d] = %v, want TRef ≥ 0 ms", "TRef", i, m.tref[i])
		case m.vreset[i] >= m.vth[i]:
			return fmt.Errorf("parameter %q: value[%d] = %v, want VReset below VTh = %v mV", "VReset", i, m.vreset[i], m.vth[i])
		}
	}
	return nil
}

func (m *lif) kind() string         { return "LIF" }
func (m *lif) source() bool         { return false }
func (m *lif) paramNames() []string { return m.tab.names() }
func (m *lif) vars() []string       { return []string{"v"} }

func (m *lif) param(name string) ([]float64, bool) { return m.tab.get(name) }

func (m *lif) setParam(name string, v []float64) error {
	return m.tab.set(name, m.n, v)
}

func (m *lif) init(n int) error {
	if n != m.n || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	if err := m.valid(); err != nil {
		return err
	}
	m.v = make([]float64, n)
	m.refLeft = make([]float64, n)
	m.decay = make([]float64, n)
	m.invTau, m.invC, m.elTau = make([]float64, n), make([]float64, n), make([]float64, n)
	m.reset()
	return nil
}

func (m *lif) reset() {
	copy(m.v, m.v0)
	fill(m.refLeft, 0)
}

func (m *lif) state(name string) []float64 {
	if name == "v" {
		return m.v
	}
	return nil
}

// prepare caches e^(−dt/τm) and the reciprocals step uses, per neuron.
func (m *lif) prepare(dt float64) error {
	for i, tau := range m.tauM {
		m.decay[i] = math.Exp(-dt / tau)
		m.invTau[i] = 1 / tau
		m.invC[i] = 1 / m.c[i]
		m.elTau[i] = m.el[i] / tau
	}
	m.uniform = true
	for _, p := range [][]float64{m.el, m.invTau, m.invC, m.vth, m.vreset, m.tref} {
		for _, x := range p {
			if x != p[0] {
				m.uniform = false
			}
		}
	}
	return nil
}

func (m *lif) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	dt := c.dt
	if m.euler {
		return m.stepEuler(dt, in, spikes), nil
	}
	if in != nil && len(in.G) == 2 && (in.I == nil || len(in.I) >= m.n) {
		return m.step2(dt, in, spikes), nil
	}
	for i := range m.v {
		if m.refLeft[i] > dt/2 {
			m.refLeft[i] -= dt
			m.v[i] = m.vreset[i]
			continue
		}
		var I, gs, ge float64
		if in != nil {
			if i < len(in.I) {
				I = in.I[i]
			}
			for _, ch := range in.G {
				g := ch.G[i]
				gs += g
				ge += float64(g * ch.E)
			}
		}
		var vinf, decay float64
		if gs == 0 {
			vinf = m.el[i] + m.tauM[i]*I/m.c[i]
			decay = m.decay[i]
		} else {
			// C V' = −(C/τm)(V − EL) + I + ge − gs·V
			rate := m.invTau[i] + float64(gs*m.invC[i])
			vinf = (m.elTau[i] + float64((I+ge)*m.invC[i])) / rate
			decay = math.Exp(-dt * rate)
		}
		v := vinf + float64((m.v[i]-vinf)*decay)
		if v >= m.vth[i] {
			v = m.vreset[i]
			m.refLeft[i] = m.tref[i]
			spikes = append(spikes, int32(i))
		}
		m.v[i] = v
	}
	return spikes, nil
}

// step2 is step for the conductance-based network case, two conductance
// channels (excitatory and inhibitory, as in Brette et al. 2007's COBA
// benchmark): the same arithmetic as step's loop with every slice hoisted
// and bounds-checked once, since this loop is the hot path of such
// networks.
func (m *lif) step2(dt float64, in *input, spikes []int32) []int32 {
	n := m.n
	v, refLeft, vreset, vth, tref := m.v[:n], m.refLeft[:n], m.vreset[:n], m.vth[:n], m.tref[:n]
	el, tauM, c, dec := m.el[:n], m.tauM[:n], m.c[:n], m.decay[:n]
	invTau, invC, elTau := m.invTau[:n], m.invC[:n], m.elTau[:n]
	g0, g1 := in.G[0].G[:n], in.G[1].G[:n]
	e0, e1 := in.G[0].E, in.G[1].E
	cur := in.I
	half := dt / 2
	for i := range v {
		if refLeft[i] > half {
			refLeft[i] -= dt
			v[i] = vreset[i]
			continue
		}
		var I float64
		if cur != nil {
			I = cur[i]
		}
		a, b := g0[i], g1[i]
		gs := a + b
		ge := float64(a*e0) + float64(b*e1) // float64(): no FMA, the same spikes on every build
		var vinf, decay float64
		if gs == 0 {
			vinf = el[i] + tauM[i]*I/c[i]
			decay = dec[i]
		} else {
			rate := invTau[i] + float64(gs*invC[i])
			vinf = (elTau[i] + float64((I+ge)*invC[i])) / rate
			decay = math.Exp(-dt * rate)
		}
		x := vinf + float64((v[i]-vinf)*decay)
		if x >= vth[i] {
			x = vreset[i]
			refLeft[i] = tref[i]
			spikes = append(spikes, int32(i))
		}
		v[i] = x
	}
	return spikes
}

// stepEuler is step with forward Euler:
//
//	V(t+dt) = V + dt·((EL − V)/τm + (I + Σ g·(E − V))/C)
//
// all from the state at the start of the step, refractoriness as in the
// exact step. The two-channel network case has its own loop with the
// slices hoisted, as in step2. Every product is wrapped in float64() so
// that no build fuses it into an FMA: the same spikes on every build.
func (m *lif) stepEuler(dt float64, in *input, spikes []int32) []int32 {
	n := m.n
	v, refLeft, vreset, vth, tref := m.v[:n], m.refLeft[:n], m.vreset[:n], m.vth[:n], m.tref[:n]
	el, invTau, invC := m.el[:n], m.invTau[:n], m.invC[:n]
	half := dt / 2
	if in != nil && len(in.G) == 2 && (in.I == nil || len(in.I) >= n) {
		g0, g1 := in.G[0].G[:n], in.G[1].G[:n]
		e0, e1 := in.G[0].E, in.G[1].E
		cur := in.I
		for i := range v {
			if refLeft[i] > half {
				refLeft[i] -= dt
				v[i] = vreset[i]
				continue
			}
			var I float64
			if cur != nil {
				I = cur[i]
			}
			x := v[i]
			syn := I + float64(g0[i]*(e0-x)) + float64(g1[i]*(e1-x))
			dv := float64((el[i]-x)*invTau[i]) + float64(syn*invC[i])
			x += float64(dt * dv)
			if x >= vth[i] {
				x = vreset[i]
				refLeft[i] = tref[i]
				spikes = append(spikes, int32(i))
			}
			v[i] = x
		}
		return spikes
	}
	for i := range v {
		if refLeft[i] > half {
			refLeft[i] -= dt
			v[i] = vreset[i]
			continue
		}
		x := v[i]
		var syn float64
		if in != nil {
			if i < len(in.I) {
				syn = in.I[i]
			}
			for _, ch := range in.G {
				syn += float64(ch.G[i] * (ch.E - x))
			}
		}
		dv := float64((el[i]-x)*invTau[i]) + float64(syn*invC[i])
		x += float64(dt * dv)
		if x >= vth[i] {
			x = vreset[i]
			refLeft[i] = tref[i]
			spikes = append(spikes, int32(i))
		}
		v[i] = x
	}
	return spikes
}

// valid reports an unknown Integrator, else the first parameter value the
// model cannot use: NaN or infinite (tab.check), or outside the
// equations' domain (validate).
func (m *lif) valid() error {
	if m.kindErr != nil {
		return m.kindErr
	}
	if err := m.tab.check(); err != nil {
		return err
	}
	return m.validate()
}
