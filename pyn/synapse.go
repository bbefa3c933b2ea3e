package pyn

import (
	"math"
	"unsafe"
)

// prefetchAhead is how many spikes ahead deliver prefetches synapse runs.
const prefetchAhead = 4

// prefetchMaxSyn caps the synapses prefetched per spike (2 KiB).
const prefetchMaxSyn = 256

// projection is a built connection: its synapses in a compact layout
// grouped by presynaptic neuron and delay, and its plasticity state.
//
// Layout. Synapse k is syn[k]: its target (int32) and weight (float32)
// side by side, 8 bytes, so that delivering a spike streams through one
// contiguous run of memory. The synapses of presynaptic neuron i are
// contiguous. When every synapse has the same delay (the common case)
// rowStart[i]…rowStart[i+1]−1 is neuron i's run and `one` is the delay in steps. Otherwise
// neuron i owns groups rowGrp[i]…rowGrp[i+1]−1; group g holds the synapses
// grpStart[g]…grpStart[g+1]−1, which share the delay grpDelay[g].
type projection struct {
	spec     *connSpec
	from, to *popRT
	ch       *channel // where the synapses deliver

	syn  []synapse
	nsyn int64

	// dense: an all-to-all connection with one delay keeps only its
	// weights, wd[i·npost + j] for i → j (4 bytes per synapse).
	dense bool
	wd    []float32

	varDelay bool
	one      int32   // delay in steps when it does not vary
	rowStart []int64 // !varDelay: first synapse of neuron i (len npre+1)
	rowGrp   []int32 // varDelay: first group of neuron i
	grpStart []int64
	grpDelay []int32
	maxDelay int32
	// sorted: every row (every delay group) lists its targets in
	// increasing order, so that a target range is a sub-run found by
	// binary search (deliverRange).
	sorted bool

	// splits: where each row's target ranges begin, for the deliveries
	// split across goroutines (deliverPart).
	splits rowSplits

	excitatory bool // every weight ≥ 0: the default STDP rule applies
	stdp       *plasticity
	w0         []float32 // initial weights, kept once STDP changes them
	sm         *synRT    // synapse model (Conn.Model), or nil
}

// synapse is one static synapse: target neuron and weight.
type synapse struct {
	post int32
	w    float32
}

// row returns the synapse range of presynaptic neuron i (uniform delay).
func (pr *projection) row(i int32) (int64, int64) {
	return pr.rowStart[i], pr.rowStart[i+1]
}

// deliver queues the spikes of the presynaptic population, emitted in step
// s, into the ring buffer of the target channel: each synapse adds its
// weight to the slot of step s + delay. This is the hot loop of network
// simulation: one load of the target index, one of the weight and one
// add per synaptic event.
func (pr *projection) deliver(spikes []int32, s int64) {
	pr.deliverRange(spikes, s, 0, int32(pr.ch.n))
}

// deliverRange is deliver restricted to the targets lo…hi−1: the
// synapses of each spike whose target lies in the range are added in the
// order deliver adds them, so that ranges delivered by different
// goroutines together give deliver's bits (threads.go).
func (pr *projection) deliverRange(spikes []int32, s int64, lo, hi int32) {
	ch := pr.ch
	n := int64(ch.n)
	D := int64(ch.depth)
	if pr.dense {
		buf := ch.slotAt((s + int64(pr.one)) % D)[lo:hi]
		for _, i := range spikes {
			row := pr.wd[int64(i)*n+int64(lo) : int64(i)*n+int64(hi)]
			buf := buf[:len(row)]
			for j, w := range row {
				buf[j] += w
			}
		}
		return
	}
	if !pr.varDelay {
		buf := ch.slotAt((s + int64(pr.one)) % D)
		rs := pr.rowStart
		for j, i := range spikes {
			// The synapse runs of successive spikes lie at random places
			// in a table far larger than the cache: ask for the run of a
			// spike a few places ahead while this one is delivered.
			if j+2*prefetchAhead < len(spikes) {
				// and, further ahead, the row bounds that locate that run
				prefetchRange(unsafe.Pointer(&rs[spikes[j+2*prefetchAhead]]), 16)
			}
			if j+prefetchAhead < len(spikes) {
				// Only the part of the run this range is likely to read
				// (targets are spread evenly, rows sorted by target), and
				// only its head: the hardware prefetcher follows a
				// sequential read by itself, and prefetching megabytes
				// would evict the run being delivered.
				nx := spikes[j+prefetchAhead]
				if a, b := rs[nx], rs[nx+1]; b > a {
					a, b = a+(b-a)*int64(lo)/n, min(a+(b-a)*int64(hi)/n+1, b)
					prefetchRange(unsafe.Pointer(&pr.syn[a]), uintptr(min(b-a, prefetchMaxSyn))*8)
				}
			}
			pr.addRange(buf, rs[i], rs[i+1], lo, hi)
		}
		return
	}
	for _, i := range spikes {
		for g := pr.rowGrp[i]; g < pr.rowGrp[i+1]; g++ {
			pr.addRange(ch.slotAt((s+int64(pr.grpDelay[g]))%D), pr.grpStart[g], pr.grpStart[g+1], lo, hi)
		}
	}
}

// rowSplits are the split points of a projection's rows for a delivery in
// k target ranges (targetBound): at[i·(k+1) + w] is the position of the
// first synapse of row i whose target lies in range w or beyond (w = 0…k;
// at[i·(k+1) + k] is the row's end). Range w then finds its sub-run of a
// row in one cache line, instead of the row bounds and two binary
// searches among lines it has not read yet. They are made for one synapse
// table (syn, nsyn) and remade when it changes.
type rowSplits struct {
	k    int
	syn  *synapse
	nsyn int
	at   []int64
}

// maxSplitBytes caps the split points at this many bytes per synapse:
// beyond it (many threads, few synapses per row), or beyond a quarter of
// the memory available (MemoryInfo), deliveries search instead.
const maxSplitBytes = 2

// prepareSplits makes the split points for k target ranges when the rows
// are sorted by target and have one delay, or drops them.
func (pr *projection) prepareSplits(k int) {
	sp := &pr.splits
	if pr.dense || pr.varDelay || !pr.sorted || k < 2 || len(pr.syn) == 0 {
		sp.at, sp.k = nil, 0
		return
	}
	if sp.k == k && sp.syn == unsafe.SliceData(pr.syn) && sp.nsyn == len(pr.syn) {
		return
	}
	npre, n := len(pr.rowStart)-1, pr.ch.n
	size := int64(npre) * int64(k+1)
	if size*8 > int64(len(pr.syn))*maxSplitBytes || (int64(cap(sp.at)) < size && size*8 > Memory().Available/4) {
		sp.at, sp.k = nil, 0 // too many for the synapses, or for the memory left: search
		return
	}
	if int64(cap(sp.at)) < size {
		sp.at = make([]int64, size)
	}
	at := sp.at[:size]
	for i := range npre {
		a, b := pr.rowStart[i], pr.rowStart[i+1]
		row := pr.syn[a:b]
		at[i*(k+1)], at[i*(k+1)+k] = a, b
		for w := 1; w < k; w++ {
			at[i*(k+1)+w] = a + int64(lowerBound(row, int32(targetBound(n, w, k))))
		}
	}
	sp.at, sp.k, sp.syn, sp.nsyn = at, k, unsafe.SliceData(pr.syn), len(pr.syn)
}

// deliverPart is deliverRange for target range w of the split points' k
// (threads.go): the same synapses in the same order, located by the split
// points.
func (pr *projection) deliverPart(spikes []int32, s int64, w int) {
	ch := pr.ch
	buf := ch.slotAt((s + int64(pr.one)) % int64(ch.depth))
	k1 := pr.splits.k + 1
	at := pr.splits.at
	for j, i := range spikes {
		if j+2*prefetchAhead < len(spikes) {
			prefetchRange(unsafe.Pointer(&at[int(spikes[j+2*prefetchAhead])*k1+w]), 16)
		}
		if j+prefetchAhead < len(spikes) {
			x := int(spikes[j+prefetchAhead])*k1 + w
			if a, b := at[x], at[x+1]; b > a {
				prefetchRange(unsafe.Pointer(&pr.syn[a]), uintptr(min(b-a, prefetchMaxSyn))*8)
			}
		}
		x := int(i)*k1 + w
		for _, sy := range pr.syn[at[x]:at[x+1]] {
			buf[sy.post] += sy.w
		}
	}
}

// addRange adds the synapses a…b−1 whose target lies in lo…hi−1 to buf.
// buf is the whole slot (len(buf) neurons), so a range from 0 to
// len(buf) takes every synapse: the serial case, with nothing to search
// or test.
func (pr *projection) addRange(buf []float32, a, b int64, lo, hi int32) {
	syn := pr.syn[a:b]
	if lo > 0 || int(hi) < len(buf) {
		if !pr.sorted {
			for _, sy := range syn {
				if uint32(sy.post-lo) < uint32(hi-lo) {
					buf[sy.post] += sy.w
				}
			}
			return
		}
		if lo > 0 {
			syn = syn[lowerBound(syn, lo):]
		}
		if int(hi) < len(buf) {
			syn = syn[:lowerBound(syn, hi)]
		}
	}
	for _, sy := range syn {
		buf[sy.post] += sy.w
	}
}

// lowerBound is the first position in syn (sorted by target) whose target
// is ≥ t.
func lowerBound(syn []synapse, t int32) int {
	if len(syn) == 0 || syn[0].post >= t {
		return 0
	}
	if syn[len(syn)-1].post < t {
		return len(syn)
	}
	a, b := 0, len(syn) // syn[a] < t ≤ syn[b]
	for b-a > 1 {
		m := int(uint(a+b) >> 1)
		if syn[m].post < t {
			a = m
		} else {
			b = m
		}
	}
	return b
}

// rowsSorted reports whether every row (every delay group) lists its
// targets in increasing order.
func (pr *projection) rowsSorted() bool {
	var starts []int64
	if pr.varDelay {
		starts = pr.grpStart
	} else {
		starts = pr.rowStart
	}
	for r := 0; r+1 < len(starts); r++ {
		row := pr.syn[starts[r]:starts[r+1]]
		for k := 1; k < len(row); k++ {
			if row[k].post < row[k-1].post {
				return false
			}
		}
	}
	return true
}

// bytes is the memory held by the projection's synapse tables.
func (pr *projection) bytes() int64 {
	b := int64(cap(pr.syn))*8 + int64(cap(pr.wd))*4 + int64(len(pr.rowStart))*8 +
		int64(len(pr.rowGrp))*4 + int64(len(pr.grpStart))*8 + int64(len(pr.grpDelay))*4
	if pr.stdp != nil {
		b += pr.stdp.bytes()
	}
	return b + int64(cap(pr.w0))*4 + int64(cap(pr.splits.at))*8
}

// channel is one kind of synaptic input of a population (one synapse kind,
// time constant and reversal potential). Incoming spikes wait in a ring
// buffer of depth slots (one per step of delay) of n values; each step the
// slot due now is folded into the channel's state and cleared.
type channel struct {
	kind  SynapseKind
	tau   float64
	e     float64
	n     int
	depth int
	// ring holds depth slots of n summed weights (float32 like the
	// weights), slot k at k·stride (stride ≥ n: see alignSlots).
	ring   []float32
	stride int
	x, y   []float64 // Exponential/CondExp: x; Alpha: x (rise) and y (current)
	x0     []float64 // CondExp: initial x (the sum of the connections' G0), or nil for 0
	// per-step constants
	decay float64 // e^(−dt/τ)
	rise  float64 // Alpha: e·(dt/τ)·e^(−dt/τ)
	scale float64 // Delta: 1 ms/dt
}

func newChannel(kind SynapseKind, tau, e float64, n, depth int, dt float64) *channel {
	ch := &channel{kind: kind, tau: tau, e: e, n: n, depth: depth}
	ch.ring, ch.stride = make([]float32, depth*n), n
	ch.decay = math.Exp(-dt / tau)
	ch.rise = math.E * dt / tau * ch.decay
	ch.scale = 1 / dt
	switch kind {
	case Exponential, CondExp:
		ch.x = make([]float64, n)
	case Alpha:
		ch.x = make([]float64, n)
		ch.y = make([]float64, n)
	}
	return ch
}

func (ch *channel) reset() {
	clear(ch.ring)
	clear(ch.x)
	clear(ch.y)
	copy(ch.x, ch.x0)
}

// advance folds the arrivals of step s into the channel state and adds the
// resulting current to I (current synapses; with set the current replaces
// I's contents instead); conductance channels only update their
// conductance (and clear I when set). The alpha current is computed exactly by the
// recursion on two variables, for a spike of weight w arriving at step 0,
//
//	x_k = w·P^k,  y_{k+1} = P·y_k + e·h·P·x_k   ⇒   y_k = w·e·(k·h)·P^k
//
// with h = dt/τ and P = e^(−h): the sampled w·(t/τ)·e^(1−t/τ), peak w at
// t = τ. No spike history is kept.
func (ch *channel) advance(s int64, I []float64, set bool) {
	n := ch.n
	buf := ch.slot(s)
	I = I[:n]
	if set && ch.kind == CondExp {
		clear(I)
	}
	if set && ch.kind == Delta {
		k := ch.scale
		for i, a := range buf {
			I[i] = float64(a) * k
			buf[i] = 0
		}
		return
	}
	if set && ch.kind != CondExp {
		clear(I)
	}
	switch ch.kind {
	case Delta:
		k := ch.scale
		for i, a := range buf {
			I[i] += float64(float64(a) * k)
			buf[i] = 0
		}
	case Exponential:
		x := ch.x[:n]
		p := ch.decay
		for i, a := range buf {
			xi := float64(x[i]*p) + float64(a)
			x[i] = xi
			I[i] += xi
			buf[i] = 0
		}
	case Alpha:
		x, y := ch.x[:n], ch.y[:n]
		p, r := ch.decay, ch.rise
		for i, a := range buf {
			yi := float64(p*y[i]) + float64(r*x[i])
			y[i] = yi
			x[i] = float64(p*x[i]) + float64(a)
			I[i] += yi
			buf[i] = 0
		}
	case CondExp:
		condFold(ch.x[:n], buf, ch.decay)
	}
}

// fusedInput is the input of one step in the common network case, handed
// to a model that computes it in its own update loop (see
// izhikevich.stepFused): a Delta channel's ring-buffer slot (read and
// cleared), scaled by scale, plus a stimulus of constant amp and held
// noise h on every neuron, redrawn first with standard deviation sd from
// the noise streams rng when draw is set.
type fusedInput struct {
	buf        []float32
	scale, amp float64
	h          []float64
	draw       bool
	sd         float64
	rng        noiseStreams
}

// slot returns the ring-buffer slot due in step s.
func (ch *channel) slot(s int64) []float32 { return ch.slotAt(s % int64(ch.depth)) }

// slotAt returns ring-buffer slot k (0 ≤ k < depth).
func (ch *channel) slotAt(k int64) []float32 {
	i := k * int64(ch.stride)
	return ch.ring[i : i+int64(ch.n) : i+int64(ch.n)]
}

// alignSlots lays the ring out again with every slot starting a page
// (4 KiB) and its contents kept, when that costs at most half the ring
// again and the ring is small enough to stay in a core's cache (with
// threads, newWorkerPool). The goroutine that integrates a slot's last
// neurons reads it upwards, and the hardware prefetcher runs on past its
// end: without padding, into the next slot's first neurons, which the
// other goroutine then writes (delivery, folding), and whose cache lines
// must first come back from this core. What helps is the padding after
// each slot, memory nobody writes (the prefetcher here does not stop at a
// page's end: docs/benchmarks.md, "Threads, fourth pass"); a slot that
// fills whole pages has none. Measured on BenchmarkCOBAHH with two
// threads: the slots of 3200 and 800 neurons (two per channel), about 2 %
// of the step.
func (ch *channel) alignSlots() {
	const page = 4096 / 4 // float32s per page
	stride := (ch.n + page - 1) / page * page
	if 2*stride > 3*ch.n || ch.depth*stride > maxAlignedRing {
		return
	}
	if stride == ch.stride && pageOffset(unsafe.Pointer(unsafe.SliceData(ch.ring))) == 0 {
		return
	}
	ring := alignedFloat32(ch.depth * stride)
	for k := range ch.depth {
		copy(ring[k*stride:], ch.slotAt(int64(k)))
	}
	ch.ring, ch.stride = ring, stride
}

// maxAlignedRing is the most float32s of a ring that alignSlots lays out
// again (4 MiB): a larger ring does not stay in a core's cache from one
// step to the next anyway.
const maxAlignedRing = 1 << 20

// advanceDeltaNoise is advance for a Delta channel that sets I, fused
// with a stimulus of constant amp plus held noise h on every neuron: one
// pass over memory instead of two.
func (ch *channel) advanceDeltaNoise(s int64, I []float64, amp float64, h []float64) {
	deltaNoise(ch.slot(s), ch.scale, I, amp, h)
}

// deltaNoise sets I[i] = buf[i]·k + (amp + h[i]) and clears buf: the same
// rounding as advance then apply.
func deltaNoise(buf []float32, k float64, I []float64, amp float64, h []float64) {
	I = I[:len(buf)]
	h = h[:len(buf)]
	for i, a := range buf {
		I[i] = float64(float64(a)*k) + (amp + h[i])
		buf[i] = 0
	}
}

// advanceDeltaDraw is advanceDeltaNoise in a step where the noise is
// redrawn with standard deviation sd: block by block, the new h is drawn
// (from the block's stream, as noiseStreams.fill draws it) and used while
// the block is in cache.
func (ch *channel) advanceDeltaDraw(s int64, I []float64, amp float64, h []float64, sd float64, r noiseStreams) {
	buf := ch.slot(s)
	n := len(buf)
	for lo := 0; lo < n; lo += noiseBlock {
		hi := min(lo+noiseBlock, n)
		r.fill(h[lo:hi], sd, lo)
		deltaNoise(buf[lo:hi], ch.scale, I[lo:hi], amp, h[lo:hi])
	}
}

// unitAlpha is a population's own postsynaptic-current trace (pyN's psc):
// the unit-peak alpha function of its own spikes, τ = 5 ms, by the same
// recursion as an Alpha channel. It is computed only when recorded.
type unitAlpha struct {
	x, y        []float64
	decay, rise float64
}

func newUnitAlpha(n int, dt float64) *unitAlpha {
	u := &unitAlpha{x: make([]float64, n), y: make([]float64, n)}
	u.decay = math.Exp(-dt / defaultTau)
	u.rise = math.E * dt / defaultTau * u.decay
	return u
}

// advance adds the spikes of step s (time t_s) and moves the trace to
// t_s + dt, so that a sample at t_s + k·dt reads e·(k·h)·P^k.
func (u *unitAlpha) advance(spikes []int32) {
	p, r := u.decay, u.rise
	x, y := u.x, u.y[:len(u.x)]
	for _, i := range spikes {
		x[i]++
	}
	for i := range x {
		y[i] = float64(p*y[i]) + float64(r*x[i]) // float64(): no FMA, the same bits on every build
		x[i] *= p
	}
}

// pageOffset is p's offset in its 4 KiB page.
func pageOffset(p unsafe.Pointer) uintptr { return uintptr(p) & 4095 }

// alignedFloat32 returns n zeros starting at a page boundary.
func alignedFloat32(n int) []float32 {
	buf := make([]float32, n+4096/4)
	off := (4096 - pageOffset(unsafe.Pointer(unsafe.SliceData(buf)))) & 4095 / 4
	return buf[off : off+uintptr(n) : off+uintptr(n)]
}
