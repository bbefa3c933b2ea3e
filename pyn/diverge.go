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

// checkFinite returns ErrDiverged naming the population, neuron, variable
// and time of the first non-finite state value, scanning the populations
// of r that do not check themselves. since is the time of the previous
// scan, when every value was finite.
func (r *run) checkFinite(since float64) error {
	t := float64(r.n.step) * r.dt
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
				if i := firstNonFinite(s); i >= 0 {
					return newError(ErrDiverged, "pyn: population %q: neuron %d: %s = %v (%v synapses, τ = %g ms) at t = %g ms (it was finite at t = %g ms); use smaller weights",
						p.p.Name, i, name, s[i], ch.kind, ch.tau, t, since).pop(p.p.Name).neuron(i).param(name, s[i]).at(t)
				}
			}
		}
		if _, ok := p.p.m.(selfChecked); ok {
			continue
		}
		for _, v := range p.p.m.vars() {
			s := p.p.m.state(v)
			if i := firstNonFinite(s); i >= 0 {
				return newError(ErrDiverged, "pyn: population %q: neuron %d: %s = %v at t = %g ms (it was finite at t = %g ms); reduce dt or the input",
					p.p.Name, i, v, s[i], t, since).pop(p.p.Name).neuron(i).param(v, s[i]).at(t)
			}
		}
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
