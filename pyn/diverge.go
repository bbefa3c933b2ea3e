package pyn

// This file stops a run whose state became non-finite. Models whose step
// can overflow within one step (HH, AdEx: stiff, exponential) test every
// neuron as they go; the others are scanned every divergenceEvery steps
// and at the end of a run, which costs one pass over their state per 64
// steps (well under 1 % of a step's work) and keeps the hot loops free of
// tests.

// divergenceEvery is the interval, in steps, of the state scan.
const divergenceEvery = 64

// selfChecked is implemented by models that test their state every step.
type selfChecked interface{ checksFinite() }

func (m *adex) checksFinite()          {}
func (m *hodgkinHuxley) checksFinite() {}

// scanVar is one state slice that checkFinite scans.
type scanVar struct {
	p    *popRT
	name string // variable name, "I_syn" or "g_syn"
	s    []float64
	ch   *channel // for synaptic state
}

// scanList lists the state slices of the populations of r: the synaptic
// channels of every population, and the variables of the models that do
// not check themselves. It is built once per run (the slices are live).
func (r *run) scanList() []scanVar {
	var out []scanVar
	for _, p := range r.rt.pops {
		if p.src {
			continue
		}
		// A synaptic state that overflowed (float32 slots summing many
		// large weights) stays infinite: the model would only see a
		// spike per step.
		for _, ch := range p.chans {
			name := "I_syn"
			if ch.kind == CondExp {
				name = "g_syn"
			}
			for _, s := range [][]float64{ch.x, ch.y} {
				if s != nil {
					out = append(out, scanVar{p: p, name: name, s: s, ch: ch})
				}
			}
		}
		if _, ok := p.p.m.(selfChecked); ok {
			continue
		}
		for _, v := range p.p.m.vars() {
			if s := p.p.m.state(v); s != nil {
				out = append(out, scanVar{p: p, name: v, s: s})
			}
		}
	}
	return out
}

// checkFinite returns ErrDiverged naming the population, neuron, variable
// and time of the first non-finite state value. since is the time of the
// previous scan, when every value was finite.
func (r *run) checkFinite(since float64) error {
	if r.scan == nil {
		r.scan = r.scanList()
	}
	t := float64(r.n.step) * r.dt
	for _, v := range r.scan {
		i := firstNonFinite(v.s)
		if i < 0 {
			continue
		}
		name := v.p.p.Name
		if v.ch != nil {
			return newError(ErrDiverged, "pyn: population %q: neuron %d: %s = %v (%v synapses, τ = %g ms) at t = %g ms (it was finite at t = %g ms); use smaller weights",
				name, i, v.name, v.s[i], v.ch.kind, v.ch.tau, t, since).pop(name).neuron(i).param(v.name, v.s[i]).at(t)
		}
		return newError(ErrDiverged, "pyn: population %q: neuron %d: %s = %v at t = %g ms (it was finite at t = %g ms); reduce dt or the input",
			name, i, v.name, v.s[i], t, since).pop(name).neuron(i).param(v.name, v.s[i]).at(t)
	}
	return nil
}

// firstNonFinite returns the index of the first NaN or ±Inf of s, or −1.
// x·0 is 0 for every finite x and NaN otherwise, so one branch-free sum
// answers for the whole slice.
func firstNonFinite(s []float64) int {
	acc := 0.0
	for _, x := range s {
		acc += x * 0
	}
	if acc == 0 {
		return -1
	}
	for i, x := range s {
		if !finite(x) {
			return i
		}
	}
	return -1
}
