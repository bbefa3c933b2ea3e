package pyn

import (
	"runtime"
	"sync/atomic"
)

// Parallel steps (Sim.Threads). Two stages of a step are split across
// goroutines, and both give the same bits for every thread count
// (TestThreadsBitIdentical, TestThreadsIzhikevich):
//
//   - Integrate. A population whose model can update any range of its
//     neurons on its own (partStepper: Izhikevich, fused or general path;
//     LIF with two folded CondExp channels; Traub HH by exponential Euler)
//     is cut into contiguous ranges (a few per goroutine), which the
//     goroutines claim one at a time (workerPool). Each range's spikes are
//     collected separately and concatenated in range order, which is the
//     order of the serial loop. All populations that can be split and
//     cannot fail are stepped in one phase. Every neuron's arithmetic is
//     independent of the range it falls in (the vector kernels and their
//     scalar tails give the same bits). The one random draw in these steps,
//     the stimuli's Gaussian noise on the fused Izhikevich path, comes from
//     per-block streams: neurons b·noiseBlock … (b+1)·noiseBlock−1 draw
//     from stream b of their population (rng.go), ranges are cut on block
//     boundaries, so each stream is drawn by one goroutine, in neuron
//     order, whatever the partition. The serial paths (one thread, the
//     general input stage, recording) draw from the same block streams.
//
//   - Propagate. Synapse delivery is partitioned by target neuron: every
//     target range (one per goroutine) walks all of the step's spikes, in
//     order, and adds only the synapses whose target lies in it (a binary search in a
//     row sorted by target, a filter otherwise), so each target's sum is
//     made in the serial order, in the float32 ring buffer.
//
// Stimuli, sampling, synapse models and plasticity stay on the calling
// goroutine. Threads = 1 runs the serial code and starts no worker.

// maxThreads caps Sim.Threads.
const maxThreads = 1024

// minPart is the fewest neurons worth a range of their own.
var minPart = 512 // a variable so that tests can split small networks

// minDeliver is the fewest synaptic events (estimated) of one step worth
// splitting their delivery: below it the hand-over costs more than it
// saves.
var minDeliver = 4096.0 // a variable so that tests can split small deliveries

// partStepper is implemented by models that can update a range of their
// neurons independently of the others.
type partStepper interface {
	// grain reports whether this step of p (its input and fused flags
	// set by the input stage) can be cut into ranges, and the multiple of
	// which range bounds must be (a multiple of 8: whole vector lanes).
	grain(p *popRT) (int, bool)
	// parts prepares scratch buffers for k goroutines.
	parts(k int)
	// stepPart updates neurons lo…hi−1 with the scratch buffers of
	// goroutine w and appends their spikes.
	stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error)
	// infallible reports that stepPart never returns an error: then the
	// population may be stepped in one phase with the others (stepAll),
	// since no earlier population's error can stop the step before it.
	infallible() bool
}

// workerPool runs the phases of a step on k goroutines (the caller's and
// k−1 workers started once per Simulate), without allocating. A phase is
// a list of chunks (neuron ranges of the populations being stepped, or
// target ranges of a delivery) that the goroutines claim one at a time
// from an atomic counter until none is left: a goroutine the operating
// system has not scheduled yet, or has preempted, does not hold the others
// up, since they take its share; the caller waits only for the chunks
// already claimed. Which goroutine runs a chunk never matters to the
// results: each chunk writes its own outputs (its spikes, its targets),
// and goroutine w only lends it scratch buffers w.
type workerPool struct {
	k    int
	wake []chan struct{} // one token per phase, buffered
	// spin: idle workers linger (below) only when every goroutine can
	// have a processor of its own; with more goroutines than GOMAXPROCS a
	// lingering worker would hold the processor the others need.
	spin bool

	// state is the phase being run: its generation, kind (phaseStep or
	// phaseDeliver), number of chunks and next unclaimed chunk, packed so
	// that one compare-and-swap claims a chunk of this phase only.
	state atomic.Uint64
	done  atomic.Int64 // chunks of this phase finished
	gen   uint64

	st stepJob
	dl deliverJob
}

// The packing of workerPool.state: generation (23 bits) | kind (1) |
// end (20) | next (20): chunks next … end−1 are unclaimed.
const (
	chunkBits  = 20
	chunkMask  = 1<<chunkBits - 1
	kindShift  = 2 * chunkBits
	genShift   = kindShift + 1
	genMask    = 1<<(64-genShift) - 1
	phaseStep  = 0
	phaseDeliv = 1
	// maxChunks caps the ranges of one population; a phase holds at most
	// chunkMask chunks.
	maxChunks = 4096
)

// splitPop is one population's share of a stepJob.
type splitPop struct {
	p     *popRT
	ps    partStepper
	m     int  // ranges this step, 0 when not split
	done  bool // stepped by stepAll this step
	out   [][]int32
	errs  []error
	bound []int
}

// stepJob integrates the populations in list, each cut into its ranges:
// chunk c is range rng[c] of population list[pop[c]].
type stepJob struct {
	sc       *stepCtx
	pops     []splitPop // by population index
	list     []*splitPop
	pop, rng []int32
}

func (j *stepJob) chunk(c, w int) {
	sp, r := j.list[j.pop[c]], j.rng[c]
	sp.out[r], sp.errs[r] = sp.ps.stepPart(j.sc, sp.p, sp.bound[r], sp.bound[r+1], w, sp.out[r][:0])
}

// deliverJob is the delivery of one step's spikes, in k target ranges.
type deliverJob struct {
	pops []*popRT
	step int64
	k    int
}

func (j *deliverJob) chunk(c, _ int) {
	for _, p := range j.pops {
		if len(p.spikes) == 0 {
			continue
		}
		for _, pr := range p.out {
			n := pr.to.n
			lo, hi := targetBound(n, c, j.k), targetBound(n, c+1, j.k)
			if lo < hi {
				pr.deliverRange(p.spikes, j.step, int32(lo), int32(hi))
			}
		}
	}
}

// targetBound is the start of target range w of k over n neurons: on
// 16-neuron boundaries, so that no two goroutines write one 64-byte cache
// line of a float32 ring-buffer slot.
func targetBound(n, w, k int) int {
	if w >= k {
		return n
	}
	return n * w / k &^ 15
}

// threads resolves Sim.Threads.
func threads(t int) int {
	if t <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return t
}

// newWorkerPool starts k−1 workers for the populations pops; stop ends
// them.
func newWorkerPool(k int, pops []*popRT) *workerPool {
	wp := &workerPool{k: k, wake: make([]chan struct{}, k), spin: k <= runtime.GOMAXPROCS(0)}
	wp.st.pops = make([]splitPop, len(pops))
	for i, p := range pops {
		sp := &wp.st.pops[i]
		sp.p = p
		sp.ps, _ = p.p.m.(partStepper)
	}
	wp.st.list = make([]*splitPop, 0, len(pops))
	for w := 1; w < k; w++ {
		wp.wake[w] = make(chan struct{}, 1)
		go func(w int) {
			for range wp.wake[w] {
				wp.drain(w)
				if wp.spin {
					wp.linger(w)
				}
			}
		}(w)
	}
	return wp
}

func (wp *workerPool) stop() {
	for w := 1; w < wp.k; w++ {
		close(wp.wake[w])
	}
}

// run runs a phase of the given kind and number of chunks: it publishes
// the phase, wakes the workers, claims chunks itself and then waits for
// the chunks the workers claimed (a few microseconds each).
func (wp *workerPool) run(kind uint64, chunks int) {
	wp.gen = (wp.gen + 1) & genMask
	wp.done.Store(0)
	wp.state.Store(wp.gen<<genShift | kind<<kindShift | uint64(chunks)<<chunkBits)
	for w := 1; w < wp.k; w++ {
		select {
		case wp.wake[w] <- struct{}{}:
		default: // a token is pending: that worker will look anyway
		}
	}
	wp.drain(0)
	for i := 1; wp.done.Load() < int64(chunks); i++ {
		if i&1023 == 0 { // rarely into the scheduler: its locks cost more than the wait
			runtime.Gosched()
		}
	}
}

// lingerChecks is how many times an idle worker looks for the next
// phase before it blocks on its channel: about 100–300 µs, longer than the
// serial stages between two phases of a step, so that on a machine with
// free cores a worker is already running when the phase is published
// (waking a blocked goroutine costs tens of microseconds, as much as a
// phase's share of the work). On a loaded machine the scheduler preempts
// a lingering worker like any other goroutine.
const lingerChecks = 1 << 18

// linger runs the chunks of phases published within lingerChecks checks
// of the last one, as goroutine w, then returns so that the worker blocks.
func (wp *workerPool) linger(w int) {
	for i := 0; i < lingerChecks; i++ {
		s := wp.state.Load()
		if s&chunkMask < s>>chunkBits&chunkMask {
			wp.drain(w)
			i = 0
		}
	}
}

// drain claims and runs chunks of the current phase, as goroutine w,
// until none is left. The job's fields are read only after a successful
// claim, which the caller's publication of the phase happens before; the
// caller rewrites them only after every claimed chunk is done.
func (wp *workerPool) drain(w int) {
	for {
		s := wp.state.Load()
		next, end := s&chunkMask, s>>chunkBits&chunkMask
		if next >= end {
			return
		}
		// The caller claims from the front, the workers from the back:
		// with two goroutines each tends to get the same neurons step
		// after step, whose state is then still in its core's cache.
		c, ns := next, s+1
		if w > 0 {
			c, ns = end-1, s-1<<chunkBits
		}
		if !wp.state.CompareAndSwap(s, ns) {
			continue
		}
		if s>>kindShift&1 == phaseStep {
			wp.st.chunk(int(c), w)
		} else {
			wp.dl.chunk(int(c), w)
		}
		wp.done.Add(1)
	}
}

// plan decides how population p's step is cut this step: sp.m ranges
// and their bounds, or sp.m = 0 when it is stepped serially. Ranges are
// whole units of the model's grain and at least minPart neurons (one
// noise block on the fused Izhikevich path).
func (wp *workerPool) plan(sp *splitPop) {
	sp.m, sp.done = 0, false
	if sp.ps == nil {
		return
	}
	p := sp.p
	g, ok := sp.ps.grain(p)
	if !ok || min(wp.k, p.n/minPart) < 2 {
		return
	}
	units := (p.n + g - 1) / g
	m := min(units, max(wp.k, p.n/minPart), maxChunks)
	if m < 2 {
		return
	}
	sp.ps.parts(wp.k)
	for len(sp.out) < m {
		sp.out, sp.errs = append(sp.out, nil), append(sp.errs, nil)
	}
	for len(sp.bound) < m+1 {
		sp.bound = append(sp.bound, 0)
	}
	for r := 0; r < m; r++ {
		sp.bound[r] = units * r / m * g
	}
	sp.bound[m] = p.n
	for r := 0; r < m; r++ {
		if size := sp.bound[r+1] - sp.bound[r]; cap(sp.out[r]) < size {
			sp.out[r] = make([]int32, 0, size) // once: room for every neuron of the range
		}
	}
	sp.m = m
}

// runStep runs the stepJob of j.list.
func (wp *workerPool) runStep(sc *stepCtx) {
	j := &wp.st
	j.pop, j.rng = j.pop[:0], j.rng[:0]
	for i, sp := range j.list {
		for r := 0; r < sp.m; r++ {
			j.pop, j.rng = append(j.pop, int32(i)), append(j.rng, int32(r))
		}
	}
	j.sc = sc
	wp.run(phaseStep, len(j.pop))
	j.sc = nil
}

// stepAll steps, in one phase, every population that can be split and
// whose step cannot fail; step then collects their spikes.
func (wp *workerPool) stepAll(sc *stepCtx, pops []*popRT) {
	j := &wp.st
	j.list = j.list[:0]
	chunks := 0
	for i := range pops {
		sp := &j.pops[i]
		wp.plan(sp)
		if sp.m > 0 && sp.ps.infallible() && chunks+sp.m <= chunkMask {
			j.list = append(j.list, sp)
			chunks += sp.m
		} else {
			sp.m = 0
		}
	}
	if chunks == 0 {
		return
	}
	wp.runStep(sc)
	for _, sp := range j.list {
		sp.done = true
	}
}

// step updates population p in parallel (or collects what stepAll did),
// or reports false when it cannot (then the caller steps it serially).
func (wp *workerPool) step(sc *stepCtx, p *popRT) (bool, error) {
	j := &wp.st
	sp := &j.pops[p.idx]
	if !sp.done {
		wp.plan(sp)
		if sp.m == 0 {
			return false, nil
		}
		j.list = append(j.list[:0], sp)
		wp.runStep(sc)
	}
	sp.done = false
	spikes := p.spikes[:0]
	var err error
	for r := 0; r < sp.m; r++ {
		spikes = append(spikes, sp.out[r]...)
		if err == nil {
			err = sp.errs[r]
		}
	}
	p.spikes = spikes
	return true, err
}

// propagate delivers the step's spikes in parallel, or reports false when
// it should not (few events, or a synapse model whose onPre runs in the
// serial order).
func (wp *workerPool) propagate(pops []*popRT, step int64) bool {
	events := 0.0
	for _, p := range pops {
		if len(p.spikes) == 0 {
			continue
		}
		for _, pr := range p.out {
			if pr.sm != nil {
				return false
			}
			events += float64(len(p.spikes)) * float64(pr.nsyn) / float64(max(pr.from.n, 1))
		}
	}
	if events < minDeliver {
		return false
	}
	j := &wp.dl
	j.pops, j.step, j.k = pops, step, wp.k
	wp.run(phaseDeliv, wp.k)
	j.pops = nil
	return true
}

// Traub–Miles HH by exponential Euler: every range has its own scratch.

func (m *hodgkinHuxley) grain(p *popRT) (int, bool) {
	return 8, !p.fused && !p.fusedCond && m.vecOK(&p.in)
}

func (m *hodgkinHuxley) infallible() bool { return false } // reports divergence

func (m *hodgkinHuxley) parts(k int) {
	for len(m.scrs) < k {
		m.scrs = append(m.scrs, new(hhScratch))
	}
}

func (m *hodgkinHuxley) stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error) {
	return m.stepTraubEE(c.dt, &p.in, spikes, lo, hi, m.scrs[w])
}

// LIF with two folded CondExp channels and shared parameters.

func (m *lif) grain(p *popRT) (int, bool) { return 8, p.fusedCond && m.uniform }

func (m *lif) infallible() bool { return true }

func (m *lif) parts(k int) {
	for len(m.grps) < k {
		m.grps = append(m.grps, make([]int32, m.n/4+1))
	}
}

func (m *lif) stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error) {
	a, b := p.chans[0], p.chans[1]
	s0, s1 := a.slot(c.step), b.slot(c.step)
	k := m.condConsts(c.dt, a, b)
	return lifCondUniform(&k, m.v[lo:hi], m.refLeft[lo:hi], a.x[lo:hi], b.x[lo:hi], s0[lo:hi], s1[lo:hi], spikes, m.grps[w], int32(lo)), nil
}

// Izhikevich: the fused path in whole noise blocks (each drawn from its
// own stream), the general path in any range.

func (m *izhikevich) grain(p *popRT) (int, bool) {
	if p.fused {
		return fusedBlock, true
	}
	return 8, !p.fusedCond
}

func (m *izhikevich) infallible() bool { return true }

func (m *izhikevich) parts(k int) {
	for len(m.spks) < k {
		m.spks = append(m.spks, make([]int32, fusedBlock))
	}
}

func (m *izhikevich) stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error) {
	if p.fused {
		return m.stepFusedRange(c, &p.fz, lo, hi, m.spks[w], spikes), nil
	}
	return m.stepRange(c, &p.in, lo, hi, spikes), nil
}
