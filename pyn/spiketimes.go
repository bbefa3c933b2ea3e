package pyn

import "math"

// This file holds interpolated spike times (Sim.SpikeTimes =
// SpikeInterpolated): the models that detect a threshold crossing record
// where in the step it fell, and the engine reports t_k + dt·fraction
// instead of t_k. Only the reported time changes: the spike stays in the
// step it was detected in for delivery and plasticity.

// crosser is a model whose spikes are upward crossings of a threshold.
type crosser interface {
	// interpolate turns the recording of crossings on (and returns the
	// per-neuron slice it writes) or off (and returns nil). When on, each
	// step writes, for every neuron that spikes, the fraction of the step
	// at which the threshold was crossed, in [0, 1].
	interpolate(on bool, n int) []float64
}

// crossingSlice returns cross resized for n neurons when on, nil when off.
func crossingSlice(cross []float64, on bool, n int) []float64 {
	if !on {
		return nil
	}
	if len(cross) != n {
		cross = make([]float64, n)
	}
	return cross
}

// crossFrac is the fraction of a step of length f (in steps, 0 < f ≤ 1) at
// which the line from (0, vk) to (f, vx) meets theta, clamped to [0, f]:
// vk < theta ≤ vx is the crossing; vk ≥ theta (a neuron that starts the
// step past threshold) gives 0.
func crossFrac(vk, vx, theta, f float64) float64 {
	if !(vk < theta) {
		return 0
	}
	if !(vx > vk) {
		return f
	}
	x := f * ((theta - vk) / (vx - vk))
	return math.Min(math.Max(x, 0), f)
}

// checkSpikeTimes refuses an unknown SpikeTiming, and SpikeInterpolated
// for a population whose model detects no threshold crossing. Spike
// sources keep their step times.
func checkSpikeTimes(s *Sim, pops []*popRT) error {
	switch s.SpikeTimes {
	case SpikeStep:
		return nil
	case SpikeInterpolated:
	default:
		return inputErrorf("pyn: Simulate: SpikeTimes = %v, want SpikeStep or SpikeInterpolated", s.SpikeTimes).param("SpikeTimes", float64(s.SpikeTimes))
	}
	for _, p := range pops {
		if _, ok := p.p.m.(crosser); !ok && !p.src {
			return inputErrorf("pyn: Simulate: SpikeTimes = SpikeInterpolated: population %q is a %s model, which has no threshold crossing to interpolate (only HodgkinHuxley and AdEx have)", p.p.Name, p.p.m.kind()).pop(p.p.Name)
		}
	}
	return nil
}

// wireCrossings turns the crossing records of every crosser on or off
// and returns them per population (nil where times stay step times).
func wireCrossings(s *Sim, pops []*popRT) [][]float64 {
	on := s.SpikeTimes == SpikeInterpolated
	out := make([][]float64, len(pops))
	for k, p := range pops {
		if c, ok := p.p.m.(crosser); ok {
			out[k] = c.interpolate(on, p.p.N)
		}
	}
	return out
}

// stampInterpolated appends the step's spikes of p with their
// interpolated times, within (t, t + dt], and keeps the list in time
// order (ties in neuron order) by sorting the step's part in place.
func (r *run) stampInterpolated(p *popRT, cross []float64) {
	t0 := r.sc.t
	t1 := float64(r.sc.step+1) * r.dt
	start := len(p.spT)
	for _, i := range p.spikes {
		t := t0 + float64(r.dt*cross[i])
		if t <= t0 {
			t = math.Nextafter(t0, math.Inf(1))
		}
		if t > t1 {
			t = t1
		}
		p.spT = append(p.spT, t)
		p.spID = append(p.spID, i)
	}
	// Insertion sort of the step's spikes: stable, and they are few.
	T, ID := p.spT, p.spID
	for a := start + 1; a < len(T); a++ {
		for b := a; b > start && (T[b] < T[b-1] || T[b] == T[b-1] && ID[b] < ID[b-1]); b-- {
			T[b], T[b-1] = T[b-1], T[b]
			ID[b], ID[b-1] = ID[b-1], ID[b]
		}
	}
}

func (m *hodgkinHuxley) interpolate(on bool, n int) []float64 {
	m.cross = crossingSlice(m.cross, on, n)
	return m.cross
}

func (m *adex) interpolate(on bool, n int) []float64 {
	m.cross = crossingSlice(m.cross, on, n)
	return m.cross
}
