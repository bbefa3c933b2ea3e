package pyn

import (
	"runtime"
	"sync"
)

// Parallel steps (Sim.Threads). Two stages of a step are split across
// goroutines, and both give the same bits for every thread count
// (TestThreadsBitIdentical, TestThreadsIzhikevich):
//
//   - Integrate. A population whose model can update any range of its
//     neurons on its own (partStepper: Izhikevich, fused or general path;
//     LIF with two folded CondExp channels; Traub HH by exponential Euler)
//     is cut into one contiguous range per goroutine. Each range's spikes
//     are collected separately and concatenated in range order, which is
//     the order of the serial loop. Every neuron's arithmetic is
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
//     goroutine walks all of the step's spikes, in order, and adds only
//     the synapses whose target lies in its range (a binary search in a
//     row sorted by target, a filter otherwise), so each target's sum is
//     made in the serial order, in the float32 ring buffer.
//
// Stimuli, sampling, synapse models and plasticity stay on the calling
// goroutine. Threads = 1 runs the serial code and starts no worker.

// maxThreads caps Sim.Threads.
const maxThreads = 1024

// minPart is the fewest neurons worth a goroutine of their own.
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
	// parts prepares per-range buffers for up to k ranges.
	parts(k int)
	// stepPart updates neurons lo…hi−1 with buffers w and appends their
	// spikes.
	stepPart(c *stepCtx, p *popRT, lo, hi, w int, spikes []int32) ([]int32, error)
	// infallible reports that stepPart never returns an error: then the
	// population may be stepped in one phase with the others (stepAll),
	// since no earlier population's error can stop the step before it.
	infallible() bool
}

// job is one parallel phase: part(w) is goroutine w's share.
type job interface{ part(w int) }

// workerPool runs the phases of a step on k goroutines (the caller's and
// k−1 workers started once per Simulate), without allocating.
type workerPool struct {
	k    int
	wake []chan struct{}
	wg   sync.WaitGroup
	job  job // the phase being run

	st stepJob
	dl deliverJob
}

// splitPop is one population's share of a stepJob.
type splitPop struct {
	p     *popRT
	ps    partStepper
	k     int  // ranges this step, 0 when not split
	done  bool // stepped by stepAll this step
	out   [][]int32
	errs  []error
	bound []int
}

// stepJob integrates the populations in list, each cut into its ranges.
type stepJob struct {
	sc   *stepCtx
	pops []splitPop // by population index
	list []*splitPop
	k    int // goroutines of the phase
}

// part steps range (w + i) mod k of the i-th population of the list, so
// that the first range of each population (often the largest: the last
// holds a partial block) goes to another goroutine, which evens out their
// work. Every range has its own output and scratch, whoever steps it.
func (j *stepJob) part(w int) {
	for i, sp := range j.list {
		if r := (w + i) % j.k; r < sp.k {
			sp.out[r], sp.errs[r] = sp.ps.stepPart(j.sc, sp.p, sp.bound[r], sp.bound[r+1], r, sp.out[r][:0])
		}
	}
}

// deliverJob is the delivery of one step's spikes, k target ranges.
type deliverJob struct {
	pops []*popRT
	step int64
	k    int
}

func (j *deliverJob) part(w int) {
	for _, p := range j.pops {
		if len(p.spikes) == 0 {
			continue
		}
		for _, pr := range p.out {
			n := pr.to.n
			lo, hi := targetBound(n, w, j.k), targetBound(n, w+1, j.k)
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
	wp := &workerPool{k: k, wake: make([]chan struct{}, k)}
	wp.st.pops = make([]splitPop, len(pops))
	for i, p := range pops {
		sp := &wp.st.pops[i]
		sp.p = p
		sp.ps, _ = p.p.m.(partStepper)
		sp.out, sp.errs, sp.bound = make([][]int32, k), make([]error, k), make([]int, k+1)
	}
	wp.st.list = make([]*splitPop, 0, len(pops))
	for w := 1; w < k; w++ {
		wp.wake[w] = make(chan struct{})
		go func(w int) {
			for range wp.wake[w] {
				wp.job.part(w)
				wp.wg.Done()
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

// run runs j on k goroutines (k ≤ wp.k), the caller's being part 0.
func (wp *workerPool) run(k int, j job) {
	wp.job = j
	wp.wg.Add(k - 1)
	for w := 1; w < k; w++ {
		wp.wake[w] <- struct{}{}
	}
	j.part(0)
	wp.wg.Wait()
}

// plan decides how population p's step is cut this step: sp.k ranges
// and their bounds, or sp.k = 0 when it is stepped serially.
func (wp *workerPool) plan(sp *splitPop) {
	sp.k, sp.done = 0, false
	if sp.ps == nil {
		return
	}
	p := sp.p
	g, ok := sp.ps.grain(p)
	if !ok {
		return
	}
	units := (p.n + g - 1) / g
	k := min(wp.k, p.n/minPart, units)
	if k < 2 {
		return
	}
	sp.ps.parts(k)
	for w := 0; w < k; w++ {
		sp.bound[w] = units * w / k * g
	}
	sp.bound[k] = p.n
	for w := 0; w < k; w++ {
		if m := sp.bound[w+1] - sp.bound[w]; cap(sp.out[w]) < m {
			sp.out[w] = make([]int32, 0, m) // once: room for every neuron of the range
		}
	}
	sp.k = k
}

// stepAll steps, in one phase, every population that can be split and
// whose step cannot fail; step then collects their spikes.
func (wp *workerPool) stepAll(sc *stepCtx, pops []*popRT) {
	j := &wp.st
	j.list = j.list[:0]
	k := 0
	for i := range pops {
		sp := &j.pops[i]
		wp.plan(sp)
		if sp.k > 0 && sp.ps.infallible() {
			j.list = append(j.list, sp)
			k = max(k, sp.k)
		} else {
			sp.k = 0
		}
	}
	if k == 0 {
		return
	}
	j.sc, j.k = sc, k
	wp.run(k, j)
	for _, sp := range j.list {
		sp.done = true
	}
	j.sc = nil
}

// step updates population p in parallel (or collects what stepAll did),
// or reports false when it cannot (then the caller steps it serially).
func (wp *workerPool) step(sc *stepCtx, p *popRT) (bool, error) {
	j := &wp.st
	sp := &j.pops[p.idx]
	if !sp.done {
		wp.plan(sp)
		if sp.k == 0 {
			return false, nil
		}
		j.sc, j.k = sc, sp.k
		j.list = append(j.list[:0], sp)
		wp.run(sp.k, j)
		j.sc = nil
	}
	sp.done = false
	spikes := p.spikes[:0]
	var err error
	for w := 0; w < sp.k; w++ {
		spikes = append(spikes, sp.out[w]...)
		if err == nil {
			err = sp.errs[w]
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
	wp.run(wp.k, j)
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
