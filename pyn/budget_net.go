package pyn

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"unsafe"
)

// Budget is an estimate of the memory one Simulate call of a network
// needs, in bytes. Synapse counts of random rules are their means; spikes,
// whose number is not known in advance, are not counted. Simulate checks
// the estimate before it allocates anything and refuses a run that does
// not fit (ErrTooLarge), and so can a program before it builds a large
// network: Network.Budget(sim).Total against Memory().Available.
type Budget struct {
	Params     int64 // per-neuron parameters (allocated by the constructors)
	State      int64 // state variables, inputs and spike lists
	Synapses   int64 // synapse tables, delays and STDP indices
	Buffers    int64 // spike delay rings and synaptic channels
	Recordings int64 // traces kept in memory and the Result's parameter copies
	Total      int64 // sum of the fields above
	// Stream is what Sim.Stream writes to disk, bytes (not memory).
	Stream int64
	// Largest names the connection or recording that needs the most.
	Largest      string
	LargestBytes int64
}

// Budget estimates the memory Simulate(s) needs. Its error is the one
// Simulate would give for s before allocating (a bad dt, an unknown
// population, a connection that cannot be built).
func (n *Network) Budget(s Sim) (Budget, error) {
	var b Budget
	if n == nil {
		return b, errNilNet
	}
	dt, nsteps, err := n.validate(&s)
	if err != nil {
		return b, err
	}
	if err := n.checkPops(); err != nil {
		return b, err
	}
	largest := func(what string, x int64) {
		if x > b.LargestBytes {
			b.Largest, b.LargestBytes = what, x
		}
	}
	depth := map[string]int64{} // longest delay, steps, into each population
	for _, p := range n.pops {
		np := int64(p.N)
		b.Params = addSizes(b.Params, sizeOf(np, 8*int64(len(p.m.paramNames()))))
		// model state and scratch, the input current and the spike list
		b.State = addSizes(b.State, sizeOf(np, 8*int64(len(p.m.vars())+3)+4))
		b.Recordings = addSizes(b.Recordings, sizeOf(np, 8*int64(len(p.m.paramNames()))))
	}
	for _, cs := range n.specs() {
		pre, post := n.Population(cs.pre), n.Population(cs.post)
		if err := cs.check(pre, post); err != nil {
			return b, err
		}
		if err := cs.checkDt(dt); err != nil {
			return b, err
		}
		syn := cs.expectedSynapses(pre.N, post.N)
		if syn > math.MaxInt64/64 {
			syn = math.MaxInt64 / 64
		}
		nsyn := int64(syn)
		c := &cs.c
		per := int64(unsafe.Sizeof(synapse{}))
		if c.Std > 0 || c.Delays != nil {
			per += 12 // a delay group per synapse at worst
		}
		if c.Rule == FixedInDegree || c.Rule == FromArrays {
			per += 12 // the (pre, post) pairs and their order while building
		}
		if c.STDP != nil && !c.STDP.Off && !s.NoSTDP {
			per += 12 // reverse index and initial weights
		}
		x := addSizes(sizeOf(nsyn, per), sizeOf(int64(pre.N)+1, 8))
		b.Synapses = addSizes(b.Synapses, x)
		largest(fmt.Sprintf("connection %q → %q (about %.3g synapses)", cs.pre, cs.post, syn), x)
		d := c.Delay
		if d == 0 {
			d = dt
		}
		d += 6 * c.Std
		for _, x := range c.Delays {
			d = math.Max(d, x)
		}
		steps := int64(math.Min(math.Round(d/dt), maxDelaySteps)) + 2
		if steps > depth[cs.post] {
			depth[cs.post] = steps
		}
	}
	for name, steps := range depth {
		np := int64(n.Population(name).N)
		x := addSizes(sizeOf(sizeOf(steps, np), 4), sizeOf(np, 16))
		b.Buffers = addSizes(b.Buffers, x)
		largest(fmt.Sprintf("spike buffer of %q (%d steps of delay)", name, steps), x)
	}
	trace := func(what string, samples, neurons int64) {
		x := addSizes(sizeOf(sizeOf(samples, neurons), 8), sizeOf(samples, 8))
		if s.Stream {
			b.Stream = addSizes(b.Stream, x)
			return
		}
		b.Recordings = addSizes(b.Recordings, x)
		largest(what, x)
	}
	for _, v := range s.Record {
		for _, p := range n.pops {
			if p.m.source() || v == "spikes" {
				continue
			}
			if hasName(p.m.vars(), v) || v == varPSC || v == varIExt || v == varISyn {
				trace(fmt.Sprintf("recording %q of %q (%d neurons × %d steps)", v, p.Name, p.N, nsteps), nsteps, int64(p.N))
			}
		}
	}
	for k, pb := range s.Probes {
		p := n.Population(pb.Pop)
		if p == nil {
			continue // Simulate names it
		}
		every, err := probeEvery(k, pb.Every, dt, nsteps)
		if err != nil {
			return b, err
		}
		nn := int64(p.N)
		if pb.Neurons != nil {
			nn = int64(len(pb.Neurons))
		}
		ns := (nsteps + every - 1) / every
		trace(fmt.Sprintf("Probes[%d] (%q of %q, %d neurons × %d samples)", k, pb.Var, pb.Pop, nn, ns), ns, nn)
	}
	b.Total = addSizes(b.Params, b.State, b.Synapses, b.Buffers, b.Recordings)
	return b, nil
}

// probeEvery converts a Probe's sampling interval to steps. An interval
// longer than the run samples once; one that the step counter cannot
// hold is refused.
func probeEvery(k int, every, dt float64, nsteps int64) (int64, error) {
	if !finite(every) || every < 0 {
		return 0, inputErrorf("pyn: Probes[%d]: Every = %v ms is not a valid interval", k, every).param("Every", every)
	}
	if every == 0 {
		return 1, nil
	}
	steps := math.Round(every / dt)
	if !(steps < 1<<62) {
		return 0, newError(ErrTooLarge, "pyn: Probes[%d]: Every = %v ms is %.3g steps of %v ms, more than the step counter holds", k, every, steps, dt).param("Every", every)
	}
	e := int64(steps)
	if e < 1 {
		e = 1
	}
	if e > nsteps && nsteps > 0 {
		e = nsteps // one sample, at the start
	}
	return e, nil
}

// checkBudget refuses a Simulate call whose estimate does not fit in the
// memory available, or whose stream does not fit on its disk. A network
// that has run already holds its synapses and buffers: only what the new
// call adds is checked then.
func (n *Network) checkBudget(s *Sim) error {
	b, err := n.Budget(*s)
	if err != nil {
		return err
	}
	need := b.Recordings
	if n.rt == nil {
		need = addSizes(b.State, b.Synapses, b.Buffers, b.Recordings)
	}
	if m := Memory(); need > m.Available {
		return newError(ErrTooLarge, "pyn: Simulate: the network needs about %s (synapses %s, buffers %s, state %s, recordings %s; the largest is %s, %s) but only %s is available (%s %s, %s in use)",
			fmtBytes(need), fmtBytes(b.Synapses), fmtBytes(b.Buffers), fmtBytes(b.State), fmtBytes(b.Recordings),
			b.Largest, fmtBytes(b.LargestBytes), fmtBytes(m.Available), m.Source, fmtBytes(m.Limit), fmtBytes(m.InUse))
	}
	if s.Stream && b.Stream > 0 && s.SaveData != "" {
		dir := s.SaveData
		for {
			if _, err := os.Stat(dir); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
		if free, ok := freeDisk(dir); ok && b.Stream > free {
			return newError(ErrTooLarge, "pyn: Simulate: streaming the recordings writes about %s to %s but its disk has %s free; record fewer neurons or sample less often (Probes)",
				fmtBytes(b.Stream), s.SaveData, fmtBytes(free))
		}
	}
	return nil
}
