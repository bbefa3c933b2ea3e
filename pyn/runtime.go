package pyn

// This file is the runtime a Network builds on its first Simulate: each
// population's input and channels, the projections with their synapses
// and plasticity, and the random streams; with the queries that read it
// (Weights, Connections, SynapseBytes) and Reset.

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// defaultDt is pyN's default step, ms.
const defaultDt = 0.125

// maxRingBytes caps one population's spike ring buffer (4 bytes per
// neuron per step of the longest delay), so that an absurd delay gives an
// error instead of exhausting memory.
const maxRingBytes = 1 << 31

// popRT is the simulation state of one population beyond its model: its
// input, its synaptic channels and its outgoing projections.
type popRT struct {
	p      *Population
	idx    int
	n      int
	src    bool // a spike source: no input
	inited bool

	I     []float64
	in    input
	chans []*channel // current-based first, then conductance channels
	out   []*projection
	in2   []*projection // incoming projections (for STDP)

	spikes []int32 // this step's spikes

	// fused is set when this step's input is computed by the model
	// itself from fz (see fusedInput), in the update loop.
	fused bool
	fz    fusedInput
	// fusedCond: the model folds its two CondExp channels itself this
	// step (see condFuser).
	fusedCond bool

	rng   *rand.Rand   // the model's stream (sources)
	noise noiseStreams // the stimuli's noise streams, one per noiseBlock neurons

	// recording helpers, allocated when recorded
	ext, isyn []float64
	psc       *unitAlpha
	pscLive   bool // psc was advanced in the previous run

	// this run's spikes, and the previous run's spikes per step
	spT  []float64
	spID []int32
	rate float64
}

// runtime is everything a network needs to simulate, built at the first
// Simulate (or Weights) and kept across calls.
type netRuntime struct {
	dt      float64
	netSeed uint64 // Network.Seed the connections were drawn from
	pops    []*popRT
	projs   []*projection
	keys    []string // specs the projections were built from, in order

	seeded  bool
	seed    uint64 // Sim.Seed of the streams
	stdpWas bool   // plasticity was on in the previous run
}

// specs lists the connections of the network: first each population's
// default recurrent connection (in population order, unless disabled or
// replaced by an explicit Connect of the population to itself), then the
// explicit connections in the order made.
func (n *Network) specs() []*connSpec {
	var out []*connSpec
	for k, p := range n.pops {
		if p.N <= 1 || p.recurrentOff || p.m == nil || p.m.source() {
			continue
		}
		explicit := false
		for _, cs := range n.conns {
			if cs.pre == p.Name && cs.post == p.Name {
				explicit = true
			}
		}
		if explicit {
			continue
		}
		if p.recurrent != nil {
			out = append(out, &connSpec{pre: p.Name, post: p.Name, c: *p.recurrent, recurrent: true,
				stream: uint64(1)<<40 | uint64(k), key: fmt.Sprintf("r%d:%p", k, p.recurrent)})
		} else {
			out = append(out, &connSpec{pre: p.Name, post: p.Name, recurrent: true,
				stream: uint64(1)<<40 | uint64(k), key: fmt.Sprintf("r%d", k)})
		}
	}
	return append(out, n.conns...)
}

// checkPops reports the network's first error and every population's
// deferred construction error.
func (n *Network) checkPops() error {
	if n.err != nil {
		return n.err
	}
	if len(n.pops) == 0 {
		return inputErrorf("pyn: the network has no population")
	}
	for _, p := range n.pops {
		if err := p.Err(); err != nil {
			return err
		}
	}
	return nil
}

// prepare makes sure that the runtime exists for step dt: every population
// initialised, every connection built and wired to its target channel.
func (n *Network) prepare(dt float64, noSTDP bool) error {
	if err := n.checkPops(); err != nil {
		return err
	}
	specs := n.specs()
	for _, cs := range specs {
		if err := cs.check(n.Population(cs.pre), n.Population(cs.post)); err != nil {
			return err
		}
		if err := cs.checkDt(dt); err != nil {
			return err
		}
	}
	rt := n.rt
	if rt != nil && rt.dt == dt && rt.netSeed == n.Seed && len(rt.pops) == len(n.pops) && sameKeys(rt.keys, specs) {
		return n.wirePlasticity(dt, noSTDP)
	}
	if n.step > 0 {
		if rt.dt != dt {
			return inputErrorf("pyn: Simulate: dt = %v ms differs from the %v ms the network has run with; call Reset first", dt, rt.dt)
		}
		if rt.netSeed != n.Seed {
			return inputErrorf("pyn: Simulate: Network.Seed changed from %d to %d after the network ran; call Reset first", rt.netSeed, n.Seed)
		}
		return inputErrorf("pyn: Simulate: populations or connections changed after the network ran; call Reset first")
	}
	// Build from scratch (t = 0: nothing to keep but the models' state).
	rt = &netRuntime{dt: dt, netSeed: n.Seed}
	for k, p := range n.pops {
		pr := &popRT{p: p, idx: k, n: p.N, src: p.m.source()}
		if err := p.initModel(); err != nil {
			return err
		}
		pr.inited = true
		pr.spikes = make([]int32, 0, p.N)
		if !pr.src {
			pr.I = make([]float64, p.N)
		}
		rt.pops = append(rt.pops, pr)
	}
	byName := func(s string) *popRT {
		for _, p := range rt.pops {
			if p.p.Name == s {
				return p
			}
		}
		return nil
	}
	for _, cs := range specs {
		pr := &projection{spec: cs, from: byName(cs.pre), to: byName(cs.post)}
		if err := pr.build(n.Seed, dt); err != nil {
			return err
		}
		if m := cs.c.Model; m != nil {
			sm, err := newSynRT(pr, m, dt)
			if err != nil {
				return cs.errorf("%v", err)
			}
			pr.sm = sm
		}
		rt.projs = append(rt.projs, pr)
		rt.keys = append(rt.keys, cs.key)
		pr.from.out = append(pr.from.out, pr)
		pr.to.in2 = append(pr.to.in2, pr)
	}
	// One channel per (kind, τ, E) of each target population, as deep as
	// its longest delay.
	for _, p := range rt.pops {
		type chKey struct {
			kind   SynapseKind
			tau, e float64
		}
		var keys []chKey
		depth := map[chKey]int{}
		for _, pr := range p.in2 {
			s := pr.spec.c.Synapse
			k := chKey{s.Kind, s.Tau, 0}
			if k.tau == 0 {
				k.tau = defaultTau
			}
			if s.Kind == Delta {
				k.tau = 0
			}
			if s.Kind == CondExp {
				k.e = s.E
			}
			if _, ok := depth[k]; !ok {
				keys = append(keys, k)
			}
			if d := int(pr.maxDelay) + 1; d > depth[k] {
				depth[k] = d
			}
			// The ring buffer holds one value per neuron per step of delay.
			if bytes := int64(depth[k]) * int64(p.n) * 4; bytes > maxRingBytes {
				return pr.spec.errorf("a delay of %v ms at dt = %v ms needs a %d MiB spike buffer for %d neurons; use a shorter delay or a larger dt",
					float64(pr.maxDelay)*dt, dt, bytes>>20, p.n)
			}
		}
		// Current channels first so that the conductances are listed last.
		for _, cond := range []bool{false, true} {
			for _, k := range keys {
				if (k.kind == CondExp) != cond {
					continue
				}
				tau := k.tau
				if tau == 0 {
					tau = defaultTau
				}
				ch := newChannel(k.kind, tau, k.e, p.n, depth[k], dt)
				p.chans = append(p.chans, ch)
				if cond {
					p.in.G = append(p.in.G, conductance{G: ch.x, E: k.e})
				}
				for _, pr := range p.in2 {
					s := pr.spec.c.Synapse
					kk := chKey{s.Kind, s.Tau, 0}
					if kk.tau == 0 {
						kk.tau = defaultTau
					}
					if s.Kind == Delta {
						kk.tau = 0
					}
					if s.Kind == CondExp {
						kk.e = s.E
					}
					if kk == k {
						pr.ch = ch
						if g0 := pr.spec.c.G0; g0 != nil {
							if ch.x0 == nil {
								ch.x0 = make([]float64, p.n)
							}
							for i, g := range g0 {
								ch.x0[i] += g
							}
						}
					}
				}
				copy(ch.x, ch.x0)
			}
		}
	}
	n.rt = rt
	return n.wirePlasticity(dt, noSTDP)
}

func sameKeys(keys []string, specs []*connSpec) bool {
	if len(keys) != len(specs) {
		return false
	}
	for i, cs := range specs {
		if keys[i] != cs.key {
			return false
		}
	}
	return true
}

// wirePlasticity sets up the STDP state of the plastic connections the
// first time a run with plasticity needs it.
func (n *Network) wirePlasticity(dt float64, noSTDP bool) error {
	if noSTDP {
		return nil
	}
	for _, pr := range n.rt.projs {
		if pr.stdp != nil {
			continue
		}
		r, on := stdpRule(&pr.spec.c, pr.excitatory)
		if !on {
			continue
		}
		if pr.nsyn >= math.MaxInt32 {
			return pr.spec.errorf("%d synapses are too many for a plastic connection (at most %d)", pr.nsyn, math.MaxInt32-1)
		}
		p, err := pr.signedPlasticity(r, dt)
		if err != nil {
			return err
		}
		pr.stdp = p
	}
	return nil
}

// seedStreams (re)seeds every population's streams from seed. They are
// seeded at the first run after a build or Reset, and again when a
// continuation asks for another seed (then the current step enters the
// derivation, so that the new streams differ from the first ones).
func (rt *netRuntime) seedStreams(seed uint64, step int64) {
	for _, p := range rt.pops {
		s := mix(seed, 0x53494d, uint64(p.idx), uint64(step))
		p.rng = rand.New(rand.NewPCG(s, mix(s, 1)))
		p.noise = seedNoise(p.noise, mix(s, 2), p.n)
	}
	rt.seed, rt.seeded = seed, true
}

// connResults describes the built connections.
func (n *Network) connResults(plastic bool) []ConnResult {
	var out []ConnResult
	for _, pr := range n.rt.projs {
		cs := pr.spec
		out = append(out, ConnResult{Pre: cs.pre, Post: cs.post, Rule: cs.c.Rule.String(),
			Synapses: int(pr.nsyn), Conn: cs.c, Plastic: plastic && pr.stdp != nil})
	}
	return out
}

// Reset restores every population's initial state, the initial weights
// and t = 0. The connectivity is kept (it is the same draw anyway); the
// noise streams restart from Sim.Seed at the next Simulate.
func (n *Network) Reset() {
	if n == nil {
		return
	}
	n.step = 0
	rt := n.rt
	if rt == nil {
		for _, p := range n.pops {
			if p.m != nil && p.err == nil {
				p.m.reset()
			}
		}
		return
	}
	for _, p := range rt.pops {
		p.p.m.reset()
		for _, ch := range p.chans {
			ch.reset()
		}
		if p.psc != nil {
			clear(p.psc.x)
			clear(p.psc.y)
		}
	}
	for _, pr := range rt.projs {
		if pr.dense {
			copy(pr.wd, pr.w0)
		} else {
			for k, w := range pr.w0 {
				pr.syn[k].w = w
			}
		}
		if pr.stdp != nil {
			pr.stdp.reset()
		}
		if pr.sm != nil {
			pr.sm.reset()
			for k, w := range pr.sm.x0[pr.sm.m.wIdx] {
				pr.syn[k].w = float32(w)
			}
		}
	}
	rt.seeded = false
}

// Time returns the simulated time so far, ms.
func (n *Network) Time() float64 {
	if n == nil || n.rt == nil {
		return 0
	}
	return float64(n.step) * n.rt.dt
}

// built makes sure the connections exist, for Weights and Connections:
// with the step of the last run, or pyN's default step before any run.
func (n *Network) built() error {
	dt := defaultDt
	if n.rt != nil {
		dt = n.rt.dt
	}
	return n.prepare(dt, true)
}

// Weights returns a copy of the synapses from pre to post (all the
// connections between them, in the order made). Delays are in ms after
// rounding to the step (of the last run, or 0.125 ms before any run).
func (n *Network) Weights(pre, post string) (*Weights, error) {
	if n.Population(pre) == nil {
		return nil, notFoundf("pyn: Weights: unknown population %q", pre)
	}
	if n.Population(post) == nil {
		return nil, notFoundf("pyn: Weights: unknown population %q", post)
	}
	if err := n.built(); err != nil {
		return nil, err
	}
	w := &Weights{Pre: pre, Post: post}
	for _, pr := range n.rt.projs {
		if pr.spec.pre != pre || pr.spec.post != post {
			continue
		}
		pr.appendWeights(w, n.rt.dt)
	}
	return w, nil
}

// appendWeights appends a copy of the projection's synapses to w.
func (pr *projection) appendWeights(w *Weights, dt float64) {
	if pr.dense {
		npost := pr.to.n
		for i := 0; i < pr.from.n; i++ {
			for j := 0; j < npost; j++ {
				w.PreIdx = append(w.PreIdx, int32(i))
				w.PostIdx = append(w.PostIdx, int32(j))
				w.W = append(w.W, float64(pr.wd[i*npost+j]))
				w.Delay = append(w.Delay, float64(pr.one)*dt)
			}
		}
		return
	}
	{
		for i := 0; i < pr.from.n; i++ {
			if !pr.varDelay {
				lo, hi := pr.row(int32(i))
				for k := lo; k < hi; k++ {
					w.PreIdx = append(w.PreIdx, int32(i))
					w.PostIdx = append(w.PostIdx, pr.syn[k].post)
					w.W = append(w.W, float64(pr.syn[k].w))
					w.Delay = append(w.Delay, float64(pr.one)*dt)
				}
				continue
			}
			for g := pr.rowGrp[i]; g < pr.rowGrp[i+1]; g++ {
				for k := pr.grpStart[g]; k < pr.grpStart[g+1]; k++ {
					w.PreIdx = append(w.PreIdx, int32(i))
					w.PostIdx = append(w.PostIdx, pr.syn[k].post)
					w.W = append(w.W, float64(pr.syn[k].w))
					w.Delay = append(w.Delay, float64(pr.grpDelay[g])*dt)
				}
			}
		}
	}
}

// Connections describes every connection of the network, default
// recurrent ones included, in the order they were made (defaults first).
// Synapse counts need the connections drawn; if that fails (a bad
// connection), the counts are 0.
func (n *Network) Connections() []ConnResult {
	if n == nil {
		return nil
	}
	if err := n.built(); err != nil {
		var out []ConnResult
		for _, cs := range n.specs() {
			out = append(out, ConnResult{Pre: cs.pre, Post: cs.post, Rule: cs.c.Rule.String(), Conn: cs.c})
		}
		return out
	}
	return n.connResults(false)
}

// SynapseBytes reports the memory held by the network's synapse tables
// (targets, weights, delay groups and, for plastic connections, the
// STDP index), in bytes, and the number of synapses.
func (n *Network) SynapseBytes() (bytes, synapses int64, err error) {
	if n == nil {
		return 0, 0, errNilNet
	}
	if err := n.built(); err != nil {
		return 0, 0, err
	}
	for _, pr := range n.rt.projs {
		bytes += pr.bytes()
		synapses += pr.nsyn
	}
	return bytes, synapses, nil
}
