package pyn

import (
	"fmt"
	"math"
)

// stimRT is a stimulus compiled for one run: its active steps, its target
// neurons and its held noise.
//
// Times are relative to the start of the Simulate call (pyN started every
// simulate at t = 0). A stimulus is active in step k (t = k·dt) when
// Start ≤ t ≤ Stop. Noise is redrawn, independently per neuron, in the
// first active step and then every Every ms (rounded to whole steps, at
// least one), and held in between; draws come from the population's noise
// streams (one per noiseBlock neurons, see noiseStreams), in stimulus
// order and neuron order, so results do not depend on anything but
// Sim.Seed (not on Sim.Threads).
type stimRT struct {
	s           Stim
	neurons     []int32 // nil: every neuron
	start, stop int64   // active steps, inclusive
	every       int64   // noise redraw interval, steps
	held        []float64
	seriesDt    float64
}

// compileStims validates and compiles the stimuli of one population.
func compileStims(name string, p *popRT, stims []Stim, dt float64, nsteps int64) ([]*stimRT, error) {
	var out []*stimRT
	bound := 0.0 // the largest current the stimuli can add up to
	for k, s := range stims {
		bad := func(format string, args ...interface{}) error {
			return inputErrorf("pyn: IExt[%q][%d]: %s", name, k, fmt.Sprintf(format, args...))
		}
		for _, f := range []struct {
			name string
			v    float64
		}{{"Start", s.Start}, {"Stop", orDefault(s.Stop, 0)}, {"Amp", s.Amp}, {"Std", s.Std}, {"Every", s.Every}, {"SeriesDt", s.SeriesDt}} {
			if !finite(f.v) {
				return nil, bad("%s = %v is not finite", f.name, f.v)
			}
		}
		if s.Start < 0 {
			return nil, bad("Start = %v ms is negative", s.Start)
		}
		stop, hasStop := orDefault(s.Stop, 0), s.Stop != 0 // Stop: Zero is t = 0
		if hasStop && stop < s.Start {
			return nil, bad("Stop = %v ms is before Start = %v ms", s.Stop, s.Start)
		}
		if s.Std < 0 {
			return nil, bad("noise Std = %v is negative", s.Std)
		}
		if s.Every < 0 || s.SeriesDt < 0 {
			return nil, bad("Every = %v and SeriesDt = %v must be ≥ 0", s.Every, s.SeriesDt)
		}
		for i, x := range s.Series {
			if !finite(x) {
				return nil, bad("Series[%d] = %v is not finite", i, x)
			}
		}
		// Active stimuli add up: refuse a set whose sum can overflow
		// (noise counted to 40 standard deviations).
		peak := 0.0
		for _, x := range s.Series {
			peak = math.Max(peak, math.Abs(x))
		}
		bound += math.Abs(s.Amp) + peak + 40*s.Std
		if !finite(bound) {
			return nil, newError(ErrTooLarge, "pyn: IExt[%q][%d]: the stimuli of %q can add up to more than a float64 holds (Amp = %v, Std = %v, largest Series value %v)", name, k, name, s.Amp, s.Std, peak).pop(name).param("Amp", s.Amp)
		}
		st := &stimRT{s: s}
		for _, i := range s.Neurons {
			if i < 0 || i >= p.n {
				return nil, bad("neuron index %d is out of range [0, %d)", i, p.n)
			}
			st.neurons = append(st.neurons, int32(i))
		}
		if s.Neurons != nil && len(s.Neurons) == 0 {
			continue // an empty list stimulates nobody
		}
		const eps = 1e-9
		// Steps past the end of the run are clamped to it, so that a
		// time too large for the step counter cannot wrap around.
		st.start = clampSteps(math.Ceil(s.Start/dt-eps), nsteps)
		st.stop = nsteps - 1
		if hasStop {
			st.stop = clampSteps(math.Floor(stop/dt+eps), nsteps)
		}
		st.every = 1
		if s.Every > 0 {
			st.every = clampSteps(math.Round(s.Every/dt), nsteps)
			if st.every < 1 {
				st.every = 1
			}
		}
		st.seriesDt = s.SeriesDt
		if st.seriesDt == 0 {
			st.seriesDt = dt
		}
		if s.Std > 0 {
			m := p.n
			if st.neurons != nil {
				m = len(st.neurons)
			}
			st.held = make([]float64, m)
		}
		out = append(out, st)
	}
	return out, nil
}

// clampSteps converts a step count to int64, clamping it to [0, nsteps].
func clampSteps(x float64, nsteps int64) int64 {
	if !(x > 0) {
		return 0
	}
	if x >= float64(nsteps) {
		return nsteps
	}
	return int64(x)
}

// apply adds the stimulus's current in step k of the run (time k·dt
// from the call's start) to I, drawing noise from rng when due.
func (st *stimRT) apply(k int64, dt float64, I []float64, rng noiseStreams) {
	if k < st.start || k > st.stop {
		return
	}
	amp := st.s.Amp
	if st.s.Series != nil {
		j := int(math.Floor((float64(k)*dt-st.s.Start)/st.seriesDt + 1e-9))
		if j >= 0 && j < len(st.s.Series) {
			amp += st.s.Series[j]
		}
	}
	if st.held == nil {
		if st.neurons == nil {
			for i := range I {
				I[i] += amp
			}
		} else {
			for _, i := range st.neurons {
				I[i] += amp
			}
		}
		return
	}
	h := st.held
	st.redraw(k, rng)
	if st.neurons == nil {
		I = I[:len(h)]
		for i, x := range h {
			I[i] += amp + x
		}
	} else {
		for m, i := range st.neurons {
			I[i] += amp + h[m]
		}
	}
}

// redraw draws new noise if step k (active) is a redraw step.
func (st *stimRT) redraw(k int64, rng noiseStreams) {
	if st.due(k) {
		rng.fill(st.held, st.s.Std, 0)
	}
}

// due reports whether step k (active) is a redraw step.
func (st *stimRT) due(k int64) bool { return (k-st.start)%st.every == 0 }

// plainNoise reports whether the stimulus is noise (plus a constant) on
// every neuron and active in step k: then the loop fuses it with the
// synaptic input (see channel.advanceDeltaNoise).
func (st *stimRT) plainNoise(k int64) bool {
	return st.neurons == nil && st.held != nil && st.s.Series == nil && k >= st.start && k <= st.stop
}
