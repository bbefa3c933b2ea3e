package pyn

import (
	"fmt"
	"math"
)

// izhikevich is the Izhikevich (2003) model with the equation variants of
// Izhikevich (2004), integrated as the published code does: forward Euler,
// v first, then u with the new v, then the spike test and reset in the
// same step.
type izhikevich struct {
	n       int
	variant IzhVariant
	hasU0   bool

	// per-neuron parameters
	a, b, c, d, v0, u0, vpeak []float64
	tab                       ptab

	// state
	v, u []float64

	// scratch: total current when conductance channels are present
	iTot []float64
	// scratch: a block's spiking neurons (stepFused), and one per
	// parallel range (threads.go)
	spk  []int32
	spks [][]int32

	// fast is true when a, b and vpeak are the same for every neuron
	// (kept in ha, hb, hvpeak); c and d may differ, since they are read
	// only on a spike. Refreshed whenever a parameter changes.
	fast           bool
	ha, hb, hvpeak float64
	vpUniform      bool // vpeak is the same for every neuron (hvpeak)
}

// refresh recomputes the fast-path cache.
func (m *izhikevich) refresh() {
	var oa, ob, ov bool
	m.ha, oa = uniform(m.a)
	m.hb, ob = uniform(m.b)
	m.hvpeak, ov = uniform(m.vpeak)
	m.fast = oa && ob && ov
	m.vpUniform = ov
}

// NewIzhikevich returns a population of n Izhikevich neurons sharing p;
// SetParam and Spread make them heterogeneous. A bad n or a non-finite
// parameter is reported by the network (see Population.Err).
func NewIzhikevich(name string, n int, p IzhikevichParams) *Population {
	m := &izhikevich{n: n, variant: p.Variant, hasU0: p.HasU0}
	m.tab = ptab{{"a", &m.a}, {"b", &m.b}, {"c", &m.c}, {"d", &m.d},
		{"v0", &m.v0}, {"u0", &m.u0}, {"vpeak", &m.vpeak}}
	vpeak := orDefault(p.VPeak, 30)
	err := m.tab.alloc(n, p.A, p.B, p.C, p.D, p.V0, p.U0, vpeak)
	switch {
	case err != nil:
	case p.Variant < IzhStandard || p.Variant > IzhAccommodation:
		err = fmt.Errorf("unknown Izhikevich variant %d", int(p.Variant))
	default:
		err = m.tab.check()
	}
	return newPop(name, n, m, err)
}

func (m *izhikevich) kind() string         { return "Izhikevich" }
func (m *izhikevich) source() bool         { return false }
func (m *izhikevich) paramNames() []string { return m.tab.names() }
func (m *izhikevich) vars() []string       { return []string{"v", "u"} }

func (m *izhikevich) param(name string) ([]float64, bool) { return m.tab.get(name) }

// setParam sets a parameter; setting "u0" makes it the initial u instead of b·v0.
func (m *izhikevich) setParam(name string, v []float64) error {
	if err := m.tab.set(name, m.n, v); err != nil {
		return err
	}
	if name == "u0" {
		m.hasU0 = true
	}
	m.refresh()
	return nil
}

func (m *izhikevich) init(n int) error {
	if n != m.n || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	if err := m.tab.check(); err != nil {
		return err
	}
	m.v = make([]float64, n)
	m.u = make([]float64, n)
	m.iTot = make([]float64, n)
	m.spk = make([]int32, fusedBlock)
	m.refresh()
	m.reset()
	return nil
}

func (m *izhikevich) prepare(dt float64) error { return nil }

func (m *izhikevich) reset() {
	for i := range m.v {
		m.v[i] = m.v0[i]
		if m.hasU0 {
			m.u[i] = m.u0[i]
		} else {
			m.u[i] = m.b[i] * m.v0[i]
		}
	}
}

func (m *izhikevich) state(name string) []float64 {
	switch name {
	case "v":
		return m.v
	case "u":
		return m.u
	}
	return nil
}

// current returns the input current of neurons lo…hi−1 (indexed from 0
// in the returned slice): in.I plus, for each
// conductance channel, g·(E − v) with g in the model's current units per
// mV. Without conductances it is in.I itself (no copy).
func (m *izhikevich) current(in *input, lo, hi int) []float64 {
	if in != nil && len(in.I) == m.n && len(in.G) == 0 {
		return in.I[lo:hi]
	}
	t := m.iTot[lo:hi]
	k := 0
	if in != nil && lo < len(in.I) {
		k = copy(t, in.I[lo:min(hi, len(in.I))])
	}
	clear(t[k:])
	if in != nil {
		v := m.v[lo:hi]
		for _, ch := range in.G {
			g, e := ch.G[lo:hi], ch.E
			for i, vi := range v {
				t[i] += g[i] * (e - vi)
			}
		}
	}
	return t
}

func (m *izhikevich) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	return m.stepRange(c, in, 0, m.n, spikes), nil
}

// stepRange is step for neurons lo…hi−1: every neuron's arithmetic is
// the same whatever range it falls in.
func (m *izhikevich) stepRange(c *stepCtx, in *input, lo, hi int, spikes []int32) []int32 {
	I := m.current(in, lo, hi)
	dt := c.dt
	v := m.v[lo:hi]
	n := len(v)
	I, u := I[:n], m.u[lo:hi]
	pc, pd := m.c[lo:hi], m.d[lo:hi]
	pc, pd = pc[:n], pd[:n]
	k1, k0 := 5.0, 140.0
	if m.variant == IzhClass1 {
		k1, k0 = 4.1, 108
	}
	if m.variant == IzhAccommodation {
		pa, pb, pv := m.a[lo:hi], m.b[lo:hi], m.vpeak[lo:hi]
		pa, pb, pv = pa[:n], pb[:n], pv[:n]
		for i := range v {
			vi, ui := v[i], u[i]
			vi += float64(dt * (float64(0.04*(vi*vi)) + float64(k1*vi) + k0 - ui + I[i]))
			ui += float64(dt * pa[i] * (pb[i] * (vi + 65)))
			if vi >= pv[i] {
				vi = pc[i]
				ui += pd[i]
				spikes = append(spikes, int32(lo+i))
			}
			v[i], u[i] = vi, ui
		}
		return spikes
	}
	if m.fast {
		// The common case: a, b and vpeak shared, so the loop streams
		// only v, u and I (c and d are read on spikes).
		da, b, vp := dt*m.ha, m.hb, m.hvpeak // dt·a as the published code groups it
		for i := range v {
			vi, ui := v[i], u[i]
			vi += float64(dt * (float64(0.04*(vi*vi)) + float64(k1*vi) + k0 - ui + I[i]))
			ui += float64(da * (float64(b*vi) - ui))
			if vi >= vp {
				vi = pc[i]
				ui += pd[i]
				spikes = append(spikes, int32(lo+i))
			}
			v[i], u[i] = vi, ui
		}
		return spikes
	}
	pa, pb, pv := m.a[lo:hi], m.b[lo:hi], m.vpeak[lo:hi]
	pa, pb, pv = pa[:n], pb[:n], pv[:n]
	for i := range v {
		vi, ui := v[i], u[i]
		vi += float64(dt * (float64(0.04*(vi*vi)) + float64(k1*vi) + k0 - ui + I[i]))
		ui += float64(dt * pa[i] * (float64(pb[i]*vi) - ui))
		if vi >= pv[i] {
			vi = pc[i]
			ui += pd[i]
			spikes = append(spikes, int32(lo+i))
		}
		v[i], u[i] = vi, ui
	}
	return spikes
}

// fusedBlock is the number of neurons stepFused handles at a time: the
// block's freshly drawn noise (16 KiB) stays in the L1 cache between the
// draw and the update. It is one noise block, so each block draws from
// its own stream (noiseStreams).
const fusedBlock = noiseBlock

// canFuse reports whether stepFused applies: conductance channels and the
// accommodation variant take the general path.
func (m *izhikevich) canFuse(in *input) bool {
	return m.variant != IzhAccommodation && len(in.G) == 0
}

// stepFused is step for the common network case (see fusedInput): the
// input of neuron i, float64(buf[i])·scale + (amp + h[i]), is computed in
// the update loop itself instead of being written to an input slice and
// read back, so each step streams the state once. The arithmetic is that
// of the delta channel's advance followed by the noise stimulus's apply
// and step, operation for operation, so results are bit for bit the same.
// New noise, when due, is drawn block by block just before the block is
// updated, each block from its own stream as noiseStreams.fill draws it.
func (m *izhikevich) stepFused(c *stepCtx, f *fusedInput, spikes []int32) []int32 {
	return m.stepFusedRange(c, f, 0, m.n, m.spk, spikes)
}

// stepFusedRange is stepFused for neurons first…end−1, first a multiple
// of fusedBlock, with scratch spk (fusedBlock long).
func (m *izhikevich) stepFusedRange(c *stepCtx, f *fusedInput, first, end int, spk, spikes []int32) []int32 {
	dt := c.dt
	k1, k0 := 5.0, 140.0
	if m.variant == IzhClass1 {
		k1, k0 = 4.1, 108
	}
	k := izhConsts{scale: f.scale, amp: f.amp, c04: 0.04, k1: k1, k0: k0, dt: dt, b: m.hb, da: dt * m.ha, vp: m.hvpeak}
	if !m.vpUniform {
		k.vp = math.NaN() // tested per neuron below
	}
	for lo := first; lo < end; lo += fusedBlock {
		hi := min(lo+fusedBlock, end)
		v, u := m.v[lo:hi], m.u[lo:hi]
		h := f.h[lo:hi]
		if f.draw {
			f.rng.fill(h, f.sd, lo)
		}
		var pa, pb []float64
		if !m.fast {
			pa, pb = m.a[lo:hi], m.b[lo:hi]
		}
		cnt := izhUpdate(&k, v, u, h, pa, pb, f.buf[lo:hi], spk)
		// The reset, on the block while it is in cache.
		pc, pd := m.c[lo:hi], m.d[lo:hi]
		u, pc, pd = u[:len(v)], pc[:len(v)], pd[:len(v)]
		if m.vpUniform {
			for _, i := range spk[:cnt] {
				v[i] = pc[i]
				u[i] += pd[i]
				spikes = append(spikes, int32(lo)+i)
			}
			continue
		}
		pv := m.vpeak[lo:hi]
		pv = pv[:len(v)]
		for i, vi := range v {
			if vi >= pv[i] {
				v[i] = pc[i]
				u[i] += pd[i]
				spikes = append(spikes, int32(lo+i))
			}
		}
	}
	return spikes
}

func (m *izhikevich) valid() error {
	if m.variant < IzhStandard || m.variant > IzhAccommodation {
		return fmt.Errorf("unknown Izhikevich variant %d", int(m.variant))
	}
	return m.tab.check()
}
