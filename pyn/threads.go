package pyn

import (
	"runtime"
	"sync"
)

// Parallel neuron updates (Sim.Threads). A population whose model can
// update any range of its neurons on its own (partStepper) is cut into
// one contiguous range per goroutine; each range's spikes are collected
// separately and concatenated in range order, which is the order of the
// serial loop. Every neuron's arithmetic is independent of the range it
// falls in (the vector kernels and their scalar tails give the same
// bits), and no random stream is drawn in these steps, so the results are
// bit-identical for every thread count (TestThreadsBitIdentical).
// Synapse delivery, stimuli and plasticity stay on the calling goroutine.

// maxThreads caps Sim.Threads.
const maxThreads = 1024

// minPart is the fewest neurons worth a goroutine of their own.
const minPart = 512

// partStepper is implemented by models that can update a range of their
// neurons independently of the others.
type partStepper interface {
	// splittable reports whether this step (input in, channels folded by
	// the model when fusedCond) can be cut into ranges.
	splittable(in *input, fusedCond bool) bool
	// parts prepares per-range buffers for up to k ranges.
	parts(k int)
	// stepPart updates neurons lo…hi−1 with buffers w and appends their
	// spikes.
	stepPart(c *stepCtx, in *input, a, b *channel, lo, hi, w int, spikes []int32) ([]int32, error)
}

// workerPool runs the ranges of one population step on k goroutines (the
// caller's and k−1 workers), without allocating.
type workerPool struct {
	k    int
	wake []chan struct{}
	wg   sync.WaitGroup

	// the step being run
	sc    *stepCtx
	p     *popRT
	ps    partStepper
	out   [][]int32
	errs  []error
	bound []int
}

// threads resolves Sim.Threads.
func threads(t int) int {
	if t <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return t
}

// newWorkerPool starts k−1 workers; stop ends them.
func newWorkerPool(k int) *workerPool {
	wp := &workerPool{k: k, wake: make([]chan struct{}, k), out: make([][]int32, k), errs: make([]error, k), bound: make([]int, k+1)}
	for w := 1; w < k; w++ {
		wp.wake[w] = make(chan struct{})
		go func(w int) {
			for range wp.wake[w] {
				wp.part(w)
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

func (wp *workerPool) part(w int) {
	lo, hi := wp.bound[w], wp.bound[w+1]
	var a, b *channel
	if wp.p.fusedCond {
		a, b = wp.p.chans[0], wp.p.chans[1]
	}
	wp.out[w], wp.errs[w] = wp.ps.stepPart(wp.sc, &wp.p.in, a, b, lo, hi, w, wp.out[w][:0])
}

// step updates population p in parallel, or reports false when it
// cannot (then the caller steps it serially).
func (wp *workerPool) step(sc *stepCtx, p *popRT) (bool, error) {
	ps, ok := p.p.m.(partStepper)
	if !ok || p.fused || !ps.splittable(&p.in, p.fusedCond) {
		return false, nil
	}
	k := min(wp.k, p.n/minPart)
	if k < 2 {
		return false, nil
	}
	ps.parts(k)
	wp.sc, wp.p, wp.ps = sc, p, ps
	for w := 0; w <= k; w++ {
		wp.bound[w] = p.n * w / k &^ 7 // multiples of 8: whole vector lanes
	}
	wp.bound[k] = p.n
	wp.wg.Add(k - 1)
	for w := 1; w < k; w++ {
		wp.wake[w] <- struct{}{}
	}
	wp.part(0)
	wp.wg.Wait()
	spikes := p.spikes[:0]
	var err error
	for w := 0; w < k; w++ {
		spikes = append(spikes, wp.out[w]...)
		if err == nil {
			err = wp.errs[w]
		}
	}
	p.spikes = spikes
	return true, err
}

// Traub–Miles HH by exponential Euler: every range has its own scratch.

func (m *hodgkinHuxley) splittable(in *input, fusedCond bool) bool { return !fusedCond && m.vecOK(in) }

func (m *hodgkinHuxley) parts(k int) {
	for len(m.scrs) < k {
		m.scrs = append(m.scrs, new(hhScratch))
	}
}

func (m *hodgkinHuxley) stepPart(c *stepCtx, in *input, _, _ *channel, lo, hi, w int, spikes []int32) ([]int32, error) {
	return m.stepTraubEE(c.dt, in, spikes, lo, hi, m.scrs[w])
}

// LIF with two folded CondExp channels and shared parameters.

func (m *lif) splittable(in *input, fusedCond bool) bool { return fusedCond && m.uniform }

func (m *lif) parts(k int) {
	for len(m.grps) < k {
		m.grps = append(m.grps, make([]int32, m.n/4+1))
	}
}

func (m *lif) stepPart(c *stepCtx, _ *input, a, b *channel, lo, hi, w int, spikes []int32) ([]int32, error) {
	s0, s1 := a.slot(c.step), b.slot(c.step)
	k := m.condConsts(c.dt, a, b)
	return lifCondUniform(&k, m.v[lo:hi], m.refLeft[lo:hi], a.x[lo:hi], b.x[lo:hi], s0[lo:hi], s1[lo:hi], spikes, m.grps[w], int32(lo)), nil
}
