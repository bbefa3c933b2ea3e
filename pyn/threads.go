package pyn

import (
	"runtime"
	"slices"
	"sync/atomic"
)

// Parallel steps (Sim.Threads). Two stages of a step are split across
// goroutines, and both give the same bits for every thread count
// (TestThreadsBitIdentical, TestThreadsIzhikevich):
//
//   - Integrate. A population whose model can update any range of its
//     neurons on its own (partStepper: Izhikevich, fused or general path;
//     LIF with two folded CondExp channels; Traub HH by exponential Euler,
//     folding its CondExp channels itself) is cut into units of whole
//     vector lanes or noise blocks. The units of all such populations form
//     one phase, and the goroutines claim runs of them (workerPool). Each
//     run's spikes are kept apart and concatenated in unit order, which is
//     the order of the serial loop; errors are reported in population
//     order, so a diverging run returns the same Result and error at every
//     thread count (the state it leaves is not one to continue from:
//     neurons and populations after the failing one may have been stepped,
//     as they are not in the serial loop). Every neuron's arithmetic is
//     independent of the run it falls in (the vector kernels and their
//     scalar tails give the same bits). The one random draw in these steps,
//     the stimuli's Gaussian noise on the fused Izhikevich path, comes from
//     per-block streams: neurons b·noiseBlock … (b+1)·noiseBlock−1 draw
//     from stream b of their population (rng.go), units are whole blocks,
//     so each stream is drawn by one goroutine, in neuron order, whatever
//     the partition. The serial paths (one thread, the general input
//     stage, recording) draw from the same block streams.
//
//   - Propagate. Synapse delivery is partitioned by target: into the
//     synaptic channels of the target populations, and a channel that
//     receives many events into target ranges (one per goroutine). Each
//     part walks all of its projections' spikes, in the serial order, and
//     adds only the synapses whose target lies in it, so each target's
//     sum is made in the serial order, in the float32 ring buffer. A row
//     sorted by target holds each range's synapses as one sub-run, found
//     by the row's split points (rowSplits) or by binary search; other
//     rows are filtered. When nothing reads the ring buffers in between, a
//     step's delivery opens the next step's integrate phase
//     (run.propagate): each unit then waits only for the parts that write
//     its neurons.
//
// Stimuli, sampling, synapse models and plasticity stay on the calling
// goroutine. Threads = 1 runs the serial code and starts no worker.

// maxThreads caps Sim.Threads.
const maxThreads = 1024

// minPart is the fewest neurons of a population worth splitting.
var minPart = 512 // a variable so that tests can split small networks

// minUnit scales the fewest neurons of a unit (partStepper.unit).
var minUnit = 64 // a variable so that tests can cut small networks finely

// minDeliver is the fewest synaptic events (estimated) of one step worth
// a delivery phase of its own: below it the hand-over costs more than it
// saves.
var minDeliver = 4096.0 // a variable so that tests can split small deliveries

// partStepper is implemented by models that can update a range of their
// neurons independently of the others.
type partStepper interface {
	// grain reports whether this step of p (its input and fused flags
	// set by the input stage) can be cut into ranges, and the multiple of
	// which range bounds must be (a multiple of 8: whole vector lanes).
	grain(p *popRT) (int, bool)
	// unit is the fewest neurons of a unit of work (rounded up to the
	// grain): about 2 µs of work, which bounds how unevenly goroutines can
	// finish a phase, and is long enough that a unit's call and claim
	// cost little beside it.
	unit() int
	// parts prepares scratch buffers for k goroutines.
	parts(k int)
	// stepPart updates neurons lo…hi−1 with the scratch buffers of
	// goroutine w and appends their spikes.
	stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error)
}

// workerPool runs the phases of a step on k goroutines (the caller's and
// k−1 workers started once per Simulate), without allocating. A phase is
// a list of work units (neuron units of the populations being stepped, or
// the parts of a delivery) that the goroutines claim in runs from an
// atomic counter until none is left: the caller from the front, the
// workers from the back, each run a 1/(2k) share of what is left (guided
// self-scheduling). The first runs are long and cover the same neurons
// step after step, whose state then stays in that core's cache; the last
// are single units, so the goroutines finish within a unit of each other.
// With two goroutines the first runs reach to where the two met in the
// previous step, less a unit: only the units around that point change
// core from step to step.
// A goroutine the operating system has not scheduled yet, or has
// preempted, does not hold the others up, since they take its share; the
// caller waits only for the runs already claimed. Which goroutine runs a
// unit never matters to the results: each unit writes its own outputs
// (its spikes, its targets), and goroutine w only lends it scratch
// buffers w.
type workerPool struct {
	k    int
	wake []chan struct{} // one token per phase, buffered
	// spin: idle workers linger (below) only when every goroutine can
	// have a processor of its own; with more goroutines than GOMAXPROCS a
	// lingering worker would hold the processor the others need.
	spin bool

	// state is the phase being run: its generation, kind (phaseStep or
	// phaseDeliv), number of units and next unclaimed unit, packed so
	// that one compare-and-swap claims units of this phase only.
	state atomic.Uint64
	done  atomic.Int64 // units of this phase finished
	gen   uint64

	// A step phase may begin with the delivery of the previous step's
	// spikes (stepAll with a pending delivery, see run.propagate): dstate
	// packs its parts (deliverJob) as state packs the units, under the
	// same generation, and every goroutine claims those first. A unit then
	// waits until the parts that write its neurons are done (ddone[u] =
	// seq). As every part is claimed before any unit is, the wait is for
	// work in progress.
	dstate atomic.Uint64
	ddone  []atomic.Uint64
	seq    uint64 // phases run; never wraps

	st stepJob
	dl deliverJob

	// units is the number of units of the current phase; meet is where
	// the claims from the front and from the back met in the last step
	// phase (low chunkBits bits), and that phase's number of units.
	units, meet atomic.Uint64
}

// The packing of workerPool.state: generation (23 bits) | kind (1) |
// end (20) | next (20): units next … end−1 are unclaimed.
const (
	chunkBits  = 20
	chunkMask  = 1<<chunkBits - 1
	kindShift  = 2 * chunkBits
	genShift   = kindShift + 1
	genMask    = 1<<(64-genShift) - 1
	phaseStep  = 0
	phaseDeliv = 1
	// maxChunks caps the units of one population; a phase holds at most
	// chunkMask units.
	maxChunks = 4096
)

// splitPop is one population's share of a stepJob.
type splitPop struct {
	p     *popRT
	ps    partStepper
	m     int       // units this step, 0 when not split
	done  bool      // stepped by stepAll this step
	size  int       // neurons per unit (bound is made for it)
	bound []int     // unit r is neurons bound[r] … bound[r+1]−1
	buf   []int32   // room for the spikes of every neuron
	out   []unitOut // what the run that starts at unit r gave
}

// unitOut is the spikes and error of a run of n units, kept at the
// run's first unit; a cache line of its own, since neighbouring runs are
// often written by different goroutines.
type unitOut struct {
	spikes []int32
	err    error
	n      int
	_      [64 - 48]byte
}

// stepJob integrates the populations in list, each cut into its units:
// the units of list[i] are first[i] … first[i+1]−1 of the phase.
type stepJob struct {
	sc    *stepCtx
	pops  []splitPop // by population index
	list  []*splitPop
	first []int
	deps  bool // this phase begins with a delivery (dstate)
}

// run steps units c0 … c1−1 as goroutine w: a stepPart call per
// population they cover, each after the target ranges it reads are
// delivered.
func (j *stepJob) run(wp *workerPool, c0, c1, w int) {
	for i, sp := range j.list {
		u0, u1 := max(c0, j.first[i]), min(c1, j.first[i+1])
		if u0 >= u1 {
			continue
		}
		r0, r1 := u0-j.first[i], u1-j.first[i]
		lo, hi := sp.bound[r0], sp.bound[r1]
		if j.deps {
			wp.awaitDelivery(sp.p, lo, hi)
		}
		o := &sp.out[r0]
		o.spikes, o.err = sp.ps.stepPart(j.sc, sp.p, lo, hi, w, sp.buf[lo:lo:hi])
		o.n = r1 - r0
	}
}

// deliverJob is the delivery of one step's spikes, in units: a channel
// whole, or one of k target ranges of a channel with many events. A unit
// runs the projections into its channel in the serial order (source
// population, then its outgoing projections), so every element of a ring
// buffer gets its sum in the serial order.
type deliverJob struct {
	chans []delivChan // every channel that projections write into
	units []delivUnit // this delivery's units
	step  int64
	k     int
	// recs are the populations whose spikes a deferred delivery also
	// records (stamped t), each in a part of its own (recordPart).
	recs []*popRT
	t    float64
}

// delivChan is a channel and the projections into it, in the serial order.
type delivChan struct {
	ch  *channel
	to  *popRT
	prs []*projection
}

// delivUnit is channel c's target range w of k, the whole channel when
// w = wholeChannel, or the recording of the spikes of population recs[c]
// when w = recordPart.
type delivUnit struct{ c, w int32 }

const (
	wholeChannel = -1
	recordPart   = -2
)

// minSplitChannel is the fewest events (estimated) into one channel worth
// cutting its delivery into target ranges: each range reads every
// spike's row, a fixed cost that only a long row part repays.
var minSplitChannel = 2048.0 // a variable so that tests can split small deliveries

// newDeliverJob lists the channels of pops that projections write into.
func newDeliverJob(pops []*popRT, k int) deliverJob {
	j := deliverJob{k: k}
	for _, to := range pops {
		for _, ch := range to.chans {
			dc := delivChan{ch: ch, to: to}
			for _, from := range pops {
				for _, pr := range from.out {
					if pr.ch == ch {
						dc.prs = append(dc.prs, pr)
					}
				}
			}
			if len(dc.prs) > 0 {
				j.chans = append(j.chans, dc)
			}
		}
	}
	j.units = make([]delivUnit, 0, len(j.chans)*k+len(pops))
	return j
}

// planRecord adds to the delivery planned for step a part per population
// of recs with spikes, which records them, stamped t; it reports the
// number of parts. They come last, where a worker starts: recording
// is serial work that the caller would otherwise do between two phases.
func (j *deliverJob) planRecord(t float64) int {
	j.t = t
	for c, p := range j.recs {
		if len(p.spikes) > 0 {
			j.units = append(j.units, delivUnit{int32(c), recordPart})
		}
	}
	return len(j.units)
}

// plan lists the units of the delivery of the spikes now in the
// populations, emitted in step, and reports their number.
func (j *deliverJob) plan(step int64) int {
	j.step, j.units = step, j.units[:0]
	split := 0 // channels cut into target ranges: their range-0 units come first
	for c, dc := range j.chans {
		events := 0.0
		for _, pr := range dc.prs {
			events += pr.events()
		}
		switch {
		case events == 0:
		case events < minSplitChannel || dc.to.n < 16*j.k:
			j.units = append(j.units, delivUnit{int32(c), wholeChannel})
		default:
			j.units = append(j.units, delivUnit{int32(c), 0})
			j.units[split], j.units[len(j.units)-1] = j.units[len(j.units)-1], j.units[split]
			split++
		}
	}
	// The other ranges last, range by range: the caller claims from the
	// front and a worker from the back, so each delivers the same share
	// of every large channel, the targets of one range. Range 0 in the
	// reverse order of the channels: a worker, integrating from the back,
	// soonest needs the last populations' range 0.
	slices.Reverse(j.units[:split])
	for w := 1; w < j.k; w++ {
		for u := range split {
			j.units = append(j.units, delivUnit{j.units[u].c, int32(w)})
		}
	}
	return len(j.units)
}

func (j *deliverJob) chunk(u, _ int) {
	du := j.units[u]
	if du.w == recordPart {
		j.recs[du.c].recordSpikes(j.t)
		return
	}
	dc := &j.chans[du.c]
	for _, pr := range dc.prs {
		spikes := pr.from.spikes
		switch {
		case len(spikes) == 0:
		case du.w == wholeChannel:
			pr.deliver(spikes, j.step)
		case pr.splits.k == j.k:
			pr.deliverPart(spikes, j.step, int(du.w))
		default:
			n := dc.to.n
			lo, hi := targetBound(n, int(du.w), j.k), targetBound(n, int(du.w)+1, j.k)
			if lo < hi {
				pr.deliverRange(spikes, j.step, int32(lo), int32(hi))
			}
		}
	}
}

// covers reports whether delivery unit u writes any of neurons lo…hi−1
// of population p.
func (j *deliverJob) covers(u int, p *popRT, lo, hi int) bool {
	du := j.units[u]
	if du.w == recordPart {
		return false
	}
	dc := &j.chans[du.c]
	if dc.to != p {
		return false
	}
	if du.w == wholeChannel {
		return true
	}
	n := p.n
	return targetBound(n, int(du.w), j.k) < hi && targetBound(n, int(du.w)+1, j.k) > lo
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
	wp.dl = newDeliverJob(pops, k)
	wp.ddone = make([]atomic.Uint64, cap(wp.dl.units))
	wp.st.pops = make([]splitPop, len(pops))
	for i, p := range pops {
		sp := &wp.st.pops[i]
		sp.p = p
		sp.ps, _ = p.p.m.(partStepper)
		for _, pr := range p.out {
			pr.prepareSplits(k)
		}
		for _, ch := range p.chans {
			ch.alignSlots()
		}
	}
	wp.st.list = make([]*splitPop, 0, len(pops))
	wp.st.first = make([]int, 0, len(pops)+1)
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

// run runs a phase of the given kind and number of units, after a
// delivery in nd parts (wp.dl) when nd > 0: it publishes the
// phase, wakes the workers, claims units itself and then waits for the
// units the workers claimed (a few microseconds each).
func (wp *workerPool) run(kind uint64, units, nd int) {
	wp.gen = (wp.gen + 1) & genMask
	wp.seq++
	wp.done.Store(0)
	wp.units.Store(uint64(units))
	if nd > 0 {
		wp.dstate.Store(wp.gen<<genShift | uint64(nd)<<chunkBits)
	}
	wp.state.Store(wp.gen<<genShift | kind<<kindShift | uint64(units)<<chunkBits)
	for w := 1; w < wp.k; w++ {
		select {
		case wp.wake[w] <- struct{}{}:
		default: // a token is pending: that worker will look anyway
		}
	}
	wp.drain(0)
	for i := 1; wp.done.Load() < int64(units+nd); i++ {
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

// linger runs the units of phases published within lingerChecks checks
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

// drain claims and runs work of the current phase, as goroutine w, until
// none is left. The job's fields are read only after a successful claim,
// which the caller's publication of the phase happens before; the caller
// rewrites them only after every claimed unit is done.
func (wp *workerPool) drain(w int) {
	for {
		s := wp.state.Load()
		next, end := s&chunkMask, s>>chunkBits&chunkMask
		if next >= end {
			return
		}
		if d := wp.dstate.Load(); d>>genShift == s>>genShift && d&chunkMask < d>>chunkBits&chunkMask {
			// This phase's delivery, first, a part at a time: the caller
			// from the front (range 0 of the large channels), a worker
			// from the back (their last range).
			c, nd := d&chunkMask, d+1
			if w > 0 {
				c, nd = d>>chunkBits&chunkMask-1, d-1<<chunkBits
			}
			if !wp.dstate.CompareAndSwap(d, nd) {
				continue
			}
			wp.dl.chunk(int(c), w)
			wp.ddone[c].Store(wp.seq)
			wp.done.Add(1)
			continue
		}
		b := max((end-next)/uint64(2*wp.k), 1)
		if wp.k == 2 && s>>kindShift&1 == phaseStep {
			// Two goroutines: each first claims its side of where they
			// met last step, less a unit, so that a unit stays on one core
			// step after step (its state in that core's cache); only the
			// units around the meeting point are shared out as they come.
			// (Advice only: a stale value gives other claim sizes, never
			// another claim, which the compare-and-swap checks.)
			units, m := wp.units.Load(), wp.meet.Load()
			if meet := m & chunkMask; m>>chunkBits == units {
				if w == 0 && next == 0 && meet > 1 {
					b = max(b, min(meet-1, end-next))
				} else if w > 0 && end == units && units > meet+1 {
					b = max(b, min(units-meet-1, end-next))
				}
			}
		}
		c, ns := next, s+b
		if w > 0 {
			c, ns = end-b, s-b<<chunkBits
		}
		if !wp.state.CompareAndSwap(s, ns) {
			continue
		}
		if ns&chunkMask == ns>>chunkBits&chunkMask && s>>kindShift&1 == phaseStep {
			wp.meet.Store(wp.units.Load()<<chunkBits | ns&chunkMask) // the last claim: where the two sides met
		}
		if s>>kindShift&1 == phaseStep {
			wp.st.run(wp, int(c), int(c+b), w)
		} else {
			for u := c; u < c+b; u++ {
				wp.dl.chunk(int(u), w)
			}
		}
		wp.done.Add(int64(b))
	}
}

// awaitDelivery waits until the delivery units that write neurons lo…hi−1
// of population p are done.
func (wp *workerPool) awaitDelivery(p *popRT, lo, hi int) {
	for u := range wp.dl.units {
		if !wp.dl.covers(u, p, lo, hi) {
			continue
		}
		for i := 1; wp.ddone[u].Load() != wp.seq; i++ {
			if i&1023 == 0 {
				runtime.Gosched()
			}
		}
	}
}

// plan decides how population p's step is cut this step: sp.m units and
// their bounds, or sp.m = 0 when it is stepped serially. Units are whole
// multiples of the model's grain (one noise block on the fused
// Izhikevich path), at least minUnit neurons, and at most maxChunks per
// population.
func (wp *workerPool) plan(sp *splitPop) {
	sp.m, sp.done = 0, false
	if sp.ps == nil {
		return
	}
	p := sp.p
	g, ok := sp.ps.grain(p)
	if !ok || p.n < minPart {
		return
	}
	size := max(sp.ps.unit(), (p.n+maxChunks-1)/maxChunks)
	size = (size + g - 1) / g * g
	m := (p.n + size - 1) / size
	if size != sp.size { // the grain changed (input path), or the first step
		sp.ps.parts(wp.k)
		if len(sp.buf) < p.n {
			sp.buf = make([]int32, p.n) // once: room for every neuron's spike
		}
		for len(sp.out) < m {
			sp.out = append(sp.out, unitOut{})
		}
		sp.bound = sp.bound[:0]
		for r := 0; r < m; r++ {
			sp.bound = append(sp.bound, r*size)
		}
		sp.bound = append(sp.bound, p.n)
		sp.size = size
	}
	sp.m = m
}

// runStep runs the stepJob of j.list, after a delivery in nd parts
// (wp.dl) when nd > 0.
func (wp *workerPool) runStep(sc *stepCtx, nd int) {
	j := &wp.st
	j.first = append(j.first[:0], 0)
	for _, sp := range j.list {
		j.first = append(j.first, j.first[len(j.first)-1]+sp.m)
	}
	j.sc, j.deps = sc, nd > 0
	wp.run(phaseStep, j.first[len(j.list)], nd)
	j.sc, j.deps = nil, false
}

// stepAll steps, in one phase, every population that can be split; step
// then collects their spikes and errors. With deliver set the phase first
// delivers and records the spikes of step dstep, still in the
// populations' spikes (see run.propagate); stepAll reports whether it did.
func (wp *workerPool) stepAll(sc *stepCtx, pops []*popRT, deliver bool, dstep int64) bool {
	j := &wp.st
	j.list = j.list[:0]
	units := 0
	for i := range pops {
		sp := &j.pops[i]
		wp.plan(sp)
		if sp.m > 0 && units+sp.m <= chunkMask {
			j.list = append(j.list, sp)
			units += sp.m
		} // else: not split (m = 0), or stepped alone by step
	}
	if units < 2 {
		for _, sp := range j.list {
			sp.m = 0
		}
		return false
	}
	nd := 0
	if deliver {
		wp.dl.plan(dstep)
		nd = wp.dl.planRecord(float64(dstep) * sc.dt)
	}
	wp.runStep(sc, nd)
	for _, sp := range j.list {
		sp.done = true
	}
	return deliver
}

// step updates population p in parallel (or collects what stepAll did),
// or reports false when it cannot (then the caller steps it serially).
func (wp *workerPool) step(sc *stepCtx, p *popRT) (bool, error) {
	j := &wp.st
	sp := &j.pops[p.idx]
	if !sp.done {
		if sp.m < 2 { // as stepAll planned it
			return false, nil
		}
		j.list = append(j.list[:0], sp)
		wp.runStep(sc, 0)
	}
	sp.done = false
	spikes := p.spikes[:0]
	var err error
	for r := 0; r < sp.m; r += sp.out[r].n { // run by run, in unit order
		spikes = append(spikes, sp.out[r].spikes...)
		if err == nil {
			err = sp.out[r].err
		}
	}
	p.spikes = spikes
	return true, err
}

// events estimates the synaptic events of the spikes now in pr's source
// population: its spikes times pr's mean synapses per source neuron.
func (pr *projection) events() float64 {
	return float64(len(pr.from.spikes)) * float64(pr.nsyn) / float64(max(pr.from.n, 1))
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
			events += pr.events()
		}
	}
	if events < minDeliver {
		return false
	}
	if n := wp.dl.plan(step); n > 1 {
		wp.run(phaseDeliv, n, 0)
		return true
	}
	return false
}

// Traub–Miles HH by exponential Euler: every range has its own scratch.

func (m *hodgkinHuxley) grain(p *popRT) (int, bool) {
	return 8, !p.fused && m.vecOK(&p.in)
}

func (m *hodgkinHuxley) unit() int { return 4 * minUnit } // about 10 ns per neuron

func (m *hodgkinHuxley) parts(k int) {
	for len(m.scrs) < k {
		m.scrs = append(m.scrs, new(hhScratch))
	}
}

func (m *hodgkinHuxley) stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error) {
	if p.fusedCond {
		return m.stepCondRange(c, p, lo, hi, m.scrs[w], spikes)
	}
	return m.stepTraubEE(c.dt, &p.in, spikes, lo, hi, m.scrs[w])
}

// LIF with two folded CondExp channels and shared parameters.

func (m *lif) grain(p *popRT) (int, bool) { return 8, p.fusedCond && m.uniform }

func (m *lif) unit() int { return 16 * minUnit } // about 1 ns per neuron

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

func (m *izhikevich) unit() int { return 8 * minUnit } // about 2.5 ns per neuron

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
