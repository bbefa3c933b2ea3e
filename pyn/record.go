package pyn

import (
	"sort"
	"strings"
)

// Recorded properties that every neuron population has besides its
// model's state variables.
const (
	varPSC  = "psc"   // the population's own unit alpha trace of its spikes (pyN's psc)
	varIExt = "I_ext" // external current as actually applied
	varISyn = "I_syn" // synaptic current (current synapses, plus g·(E − V) of conductance synapses)
)

// maxRecorded caps the number of samples one Simulate call may record
// (8 bytes each), so that a Record over a large network fails with a
// clear error instead of exhausting memory.
const maxRecorded = 1 << 29

// monitor samples one property of some neurons of one population at the
// start of every every-th step (the state at t = k·dt and the inputs
// applied during the step).
type monitor struct {
	pop     *popRT
	v       string
	neurons []int32 // nil: every neuron
	every   int64
	src     []float64 // the live values
	tr      *Trace
	k       int // samples taken
	// data and times, when set, receive the samples instead of tr
	// (Sim.Stream).
	data, times *npyStream
}

// availVars lists what can be recorded from a population.
func (p *popRT) availVars() []string {
	if p.src {
		return nil
	}
	return append(append([]string(nil), p.p.m.vars()...), varPSC, varIExt, varISyn)
}

// compileMonitors validates Record and Probes and allocates the traces.
func compileMonitors(pops []*popRT, s *Sim, dt float64, nsteps int64, start float64) ([]*monitor, error) {
	if s.Stream && s.SaveData == "" {
		return nil, inputErrorf("pyn: Simulate: Stream needs SaveData, the directory the traces are streamed to")
	}
	var mons []*monitor
	var total int64
	add := func(p *popRT, v string, neurons []int32, every int64) error {
		m := &monitor{pop: p, v: v, neurons: neurons, every: every}
		nn := p.n
		if neurons != nil {
			nn = len(neurons)
		}
		ns := (nsteps + every - 1) / every
		m.tr = &Trace{Pop: p.p.Name, Var: v}
		if !s.Stream {
			// A streamed trace goes to disk as it is sampled (see
			// openStream); only the others are kept in memory.
			total += ns * int64(nn)
			if total > maxRecorded {
				return inputErrorf("pyn: recording %q of %q would keep more than %d samples; record fewer neurons or sample less often (Probes), or stream them to disk (Sim.Stream)", v, p.p.Name, maxRecorded)
			}
			m.tr.T, m.tr.Data = make([]float64, 0, ns), make([]float64, 0, ns*int64(nn))
		}
		if neurons == nil {
			m.tr.Neurons = make([]int, p.n)
			for i := range m.tr.Neurons {
				m.tr.Neurons[i] = i
			}
		} else {
			m.tr.Neurons = make([]int, len(neurons))
			for i, x := range neurons {
				m.tr.Neurons[i] = int(x)
			}
		}
		mons = append(mons, m)
		return nil
	}
	for _, v := range s.Record {
		if v == "spikes" {
			continue // always recorded
		}
		found := false
		for _, p := range pops {
			if hasName(p.availVars(), v) {
				found = true
				if err := add(p, v, nil, 1); err != nil {
					return nil, err
				}
			}
		}
		if !found {
			var known []string
			for _, p := range pops {
				for _, x := range p.availVars() {
					if !hasName(known, x) {
						known = append(known, x)
					}
				}
			}
			sort.Strings(known)
			return nil, notFoundf("pyn: Record: unknown property %q (the populations have %s)", v, strings.Join(known, ", "))
		}
	}
	for k, pb := range s.Probes {
		var p *popRT
		for _, q := range pops {
			if q.p.Name == pb.Pop {
				p = q
			}
		}
		if p == nil {
			return nil, notFoundf("pyn: Probes[%d]: unknown population %q", k, pb.Pop)
		}
		if !hasName(p.availVars(), pb.Var) {
			return nil, inputErrorf("pyn: Probes[%d]: population %q has no property %q (it has %s)", k, pb.Pop, pb.Var, strings.Join(p.availVars(), ", "))
		}
		every, err := probeEvery(k, pb.Every, dt, nsteps)
		if err != nil {
			return nil, err
		}
		var neurons []int32
		if pb.Neurons != nil {
			neurons = make([]int32, len(pb.Neurons))
			for m, i := range pb.Neurons {
				if i < 0 || i >= p.n {
					return nil, inputErrorf("pyn: Probes[%d]: neuron index %d of %q is out of range [0, %d)", k, i, pb.Pop, p.n)
				}
				neurons[m] = int32(i)
			}
		}
		if err := add(p, pb.Var, neurons, every); err != nil {
			return nil, err
		}
	}
	return mons, nil
}

// sample records the monitor's values if step k of the run is a sampling step.
func (m *monitor) sample(k int64, t float64) {
	if k%m.every != 0 {
		return
	}
	m.k++
	if m.data != nil {
		m.streamSample(t)
		return
	}
	m.tr.T = append(m.tr.T, t)
	if m.neurons == nil {
		m.tr.Data = append(m.tr.Data, m.src[:m.pop.n]...)
	} else {
		for _, i := range m.neurons {
			m.tr.Data = append(m.tr.Data, m.src[i])
		}
	}
}

// recFlags says, per population, which derived inputs are recorded (and
// so must be computed in the input stage).
type recFlags struct{ ext, syn, psc []bool }

// wireMonitors points every monitor at its live values, allocating the
// recording helpers on first use, and returns which derived inputs are
// recorded.
func wireMonitors(pops []*popRT, mons []*monitor, dt float64) recFlags {
	rec := recFlags{ext: make([]bool, len(pops)), syn: make([]bool, len(pops)), psc: make([]bool, len(pops))}
	for _, m := range mons {
		p := m.pop
		switch m.v {
		case varIExt:
			if p.ext == nil {
				p.ext = make([]float64, p.n)
			}
			m.src = p.ext
			rec.ext[p.idx] = true
		case varISyn:
			if p.isyn == nil {
				p.isyn = make([]float64, p.n)
			}
			m.src = p.isyn
			rec.syn[p.idx] = true
		case varPSC:
			if p.psc == nil {
				p.psc = newUnitAlpha(p.n, dt)
			}
			m.src = p.psc.y
			rec.psc[p.idx] = true
		default:
			m.src = p.p.m.state(m.v)
		}
	}
	for i, p := range pops {
		// psc is advanced only while recorded: a trace that was not kept
		// up to date in the previous run starts again from zero.
		if rec.psc[i] && !p.pscLive && p.psc != nil {
			clear(p.psc.x)
			clear(p.psc.y)
		}
		p.pscLive = rec.psc[i]
	}
	return rec
}

// recordISyn sets I_syn: the current-based synaptic input I plus every
// conductance's current g·(E − v) at the step's start.
func (p *popRT) recordISyn(I []float64) {
	copy(p.isyn, I)
	v := p.p.m.state("v")
	if v == nil {
		return
	}
	for _, g := range p.in.G {
		for i := range p.isyn {
			p.isyn[i] += float64(g.G[i] * (g.E - v[i])) // float64(): no FMA, the same bits on every build
		}
	}
}
