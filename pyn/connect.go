package pyn

import (
	"fmt"
	"math"
	"sort"
	"unsafe"
)

// connSpec is one connection of the network: an explicit Connect call or
// a population's default recurrent connection.
type connSpec struct {
	pre, post string
	c         Conn
	recurrent bool   // a population's default (or SetRecurrent) connection
	stream    uint64 // identifies the connection's random stream
	key       string // identifies the spec across rebuilds
}

// name is the prefix of every error about the connection.
func (cs *connSpec) name() string {
	return fmt.Sprintf("pyn: connect %q → %q", cs.pre, cs.post)
}

func (cs *connSpec) errorf(format string, args ...interface{}) error {
	return inputErrorf("%s: %s", cs.name(), fmt.Sprintf(format, args...))
}

// Defaults of a Conn's zero fields.
const (
	defaultP      = 0.1 // pyN's sparse-random probability
	defaultTau    = 5.0 // ms, pyN's tau_psc
	defaultAPlus  = 0.01
	defaultTauSTD = 20.0 // ms
)

// maxSynapses caps one connection (16 GiB of synapse tables): synapse
// positions are int32 in the STDP index, and a default recurrent
// connection of a huge population should fail clearly, not exhaust memory.
const maxSynapses = 1<<31 - 1

// expectedSynapses is the number of synapses the rule will draw (the
// mean for FixedProb).
func (cs *connSpec) expectedSynapses(npre, npost int) float64 {
	c := &cs.c
	pairs := float64(npre) * float64(npost)
	switch c.Rule {
	case FixedProb:
		p := orDefault(c.P, defaultP)
		return p * pairs
	case AllToAll:
		return pairs
	case OneToOne:
		return float64(npre)
	case FixedInDegree:
		return float64(c.K) * float64(npost)
	case FromArrays:
		return float64(len(c.Pre))
	}
	return 0
}

// check validates everything about a connection that does not depend on
// dt: the populations, the rule's arguments, the weight law, the synapse
// and the STDP rule. Errors name the connection and the value.
func (cs *connSpec) check(pre, post *Population) error {
	c := &cs.c
	if pre == nil {
		return notFoundf("%s: unknown population %q", cs.name(), cs.pre).pop(cs.pre)
	}
	if post == nil {
		return notFoundf("%s: unknown population %q", cs.name(), cs.post).pop(cs.post)
	}
	if post.m != nil && post.m.source() {
		return cs.errorf("%q is a spike source and receives no synapses", cs.post)
	}
	if c.Model != nil {
		if err := c.Model.check(c.Synapse.Kind); err != nil {
			return cs.errorf("%v", err)
		}
	}
	switch c.Rule {
	case FixedProb:
		if !finiteOrZero(c.P) || c.P < 0 || c.P > 1 {
			return cs.errorf("probability P = %v is outside [0, 1]", c.P)
		}
	case AllToAll:
	case OneToOne:
		if pre.N != post.N {
			return cs.errorf("OneToOne needs equal sizes, got %d and %d", pre.N, post.N)
		}
		if cs.pre == cs.post && !c.Autapses {
			return cs.errorf("OneToOne from a population to itself makes only self-connections: set Autapses")
		}
	case FixedInDegree:
		avail := pre.N
		if cs.pre == cs.post && !c.Autapses {
			avail--
		}
		if c.K < 0 || c.K > avail {
			return cs.errorf("in-degree K = %d is larger than the %d available sources (or negative)", c.K, avail)
		}
	case FromArrays:
		if len(c.Pre) != len(c.Post) {
			return cs.errorf("len(Pre) = %d but len(Post) = %d", len(c.Pre), len(c.Post))
		}
		if c.Weights != nil && len(c.Weights) != len(c.Pre) {
			return cs.errorf("len(Weights) = %d but there are %d synapses", len(c.Weights), len(c.Pre))
		}
		if c.Delays != nil && len(c.Delays) != len(c.Pre) {
			return cs.errorf("len(Delays) = %d but there are %d synapses", len(c.Delays), len(c.Pre))
		}
		for k := range c.Pre {
			if c.Pre[k] < 0 || c.Pre[k] >= pre.N {
				return cs.errorf("Pre[%d] = %d is out of range [0, %d)", k, c.Pre[k], pre.N)
			}
			if c.Post[k] < 0 || c.Post[k] >= post.N {
				return cs.errorf("Post[%d] = %d is out of range [0, %d)", k, c.Post[k], post.N)
			}
			if c.Weights != nil && !finite(c.Weights[k]) {
				return cs.errorf("Weights[%d] = %v is not finite", k, c.Weights[k])
			}
			if c.Delays != nil && (!finite(c.Delays[k]) || c.Delays[k] < 0) {
				return cs.errorf("Delays[%d] = %v is not a valid delay", k, c.Delays[k])
			}
		}
	default:
		return cs.errorf("unknown rule %d", int(c.Rule))
	}
	if n := cs.expectedSynapses(pre.N, post.N); n > maxSynapses {
		return cs.errorf("about %.3g synapses (%.3g GB) is more than the %d one connection may hold; use a sparser rule (for a large population's default recurrent connection, DisableRecurrent or SetRecurrent)",
			n, n*8/1e9, int64(maxSynapses))
	}
	if err := c.Weight.validate(); err != nil {
		return cs.errorf("weight: %v", err)
	}
	if !finiteOrZero(c.Scale) {
		return cs.errorf("Scale = %v is not finite", c.Scale)
	}
	if err := cs.checkFloat32(); err != nil {
		return err
	}
	if !finite(c.Delay) || c.Delay < 0 {
		return cs.errorf("Delay = %v ms is not a valid delay", c.Delay)
	}
	if !finite(c.Std) || c.Std < 0 {
		return cs.errorf("delay Std = %v ms must be finite and ≥ 0", c.Std)
	}
	s := c.Synapse
	if s.Kind < Alpha || s.Kind > CondExp {
		return cs.errorf("unknown synapse kind %d", int(s.Kind))
	}
	if !finite(s.Tau) || s.Tau < 0 {
		return cs.errorf("synapse Tau = %v ms must be finite and ≥ 0", s.Tau)
	}
	if !finite(s.E) {
		return cs.errorf("synapse reversal potential E = %v is not finite", s.E)
	}
	if c.G0 != nil {
		if s.Kind != CondExp {
			return cs.errorf("G0 (an initial conductance) needs Synapse.Kind CondExp")
		}
		if len(c.G0) != post.N {
			return cs.errorf("len(G0) = %d, want one value per neuron of %q (N = %d)", len(c.G0), post.Name, post.N)
		}
		for i, g := range c.G0 {
			if !finite(g) {
				return cs.errorf("G0[%d] = %v is not finite", i, g)
			}
		}
	}
	if p := c.STDP; p != nil {
		for _, f := range []struct {
			name string
			v    float64
		}{{"APlus", p.APlus}, {"AMinus", p.AMinus}, {"TauPlus", p.TauPlus}, {"TauMinus", p.TauMinus}, {"WMin", p.WMin}, {"WMax", p.WMax}} {
			if !finite(f.v) && !(isZero(f.v) && (f.name == "APlus" || f.name == "AMinus")) {
				return cs.errorf("STDP %s = %v is not finite", f.name, f.v)
			}
		}
		if p.TauPlus < 0 || p.TauMinus < 0 {
			return cs.errorf("STDP time constants must be ≥ 0, got TauPlus = %v, TauMinus = %v", p.TauPlus, p.TauMinus)
		}
		if p.WMin > p.WMax {
			return cs.errorf("STDP bounds reversed: WMin = %v > WMax = %v", p.WMin, p.WMax)
		}
	}
	return nil
}

// checkDt validates the delays against the step: an explicit delay
// shorter than one step cannot be represented, and one longer than
// maxDelaySteps steps would be clamped by delaySteps.
func (cs *connSpec) checkDt(dt float64) error {
	c := &cs.c
	const eps = 1e-9
	if c.Delay != 0 && c.Delay < dt*(1-eps) {
		return cs.errorf("Delay = %v ms is shorter than one step (dt = %v ms)", c.Delay, dt)
	}
	longest := maxDelaySteps * dt
	if c.Delay > longest {
		return cs.errorf("Delay = %v ms is longer than %d steps (%v ms at dt = %v ms)", c.Delay, maxDelaySteps, longest, dt)
	}
	for k, d := range c.Delays {
		if d < dt*(1-eps) {
			return cs.errorf("Delays[%d] = %v ms is shorter than one step (dt = %v ms)", k, d, dt)
		}
		if d > longest {
			return cs.errorf("Delays[%d] = %v ms is longer than %d steps (%v ms at dt = %v ms)", k, d, maxDelaySteps, longest, dt)
		}
	}
	return nil
}

// maxDelaySteps is the longest delay, in steps, that delaySteps returns.
const maxDelaySteps = math.MaxInt32 / 4

// delaySteps converts a delay in ms to whole steps: rounded to the
// nearest step, at least one.
func delaySteps(d, dt float64) int32 {
	k := math.Round(d / dt)
	if k < 1 || math.IsNaN(k) {
		return 1
	}
	if k > maxDelaySteps {
		return maxDelaySteps
	}
	return int32(k)
}

// synBuilder accumulates the synapses of one connection, presynaptic
// neuron by presynaptic neuron, into the compact layout of a projection.
type synBuilder struct {
	pr       *projection
	dt       float64
	rng      *xrand
	c        *Conn
	scale    float64
	one      int32 // the delay in steps when it does not vary
	varDelay bool
	// scratch for one presynaptic neuron
	tgt []int32
	w   []float32
	d   []int32
}

// weight draws one weight.
func (b *synBuilder) weight() float32 {
	var x float64
	d := b.c.Weight
	switch d.Law {
	case LawNormal:
		x = d.A + float64(d.B*b.rng.norm())
	case LawConst:
		x = d.A
	default:
		if d.A == 0 && d.B == 0 {
			x = b.rng.float64()
		} else {
			x = d.A + float64((d.B-d.A)*b.rng.float64())
		}
	}
	x *= b.scale
	if b.c.Inhibitory {
		x = -x
	}
	return float32(x)
}

// delay draws one delay in steps.
func (b *synBuilder) delay() int32 {
	if !b.varDelay {
		return b.one
	}
	mean := b.c.Delay
	if mean == 0 {
		mean = b.dt
	}
	return delaySteps(mean+b.c.Std*b.rng.norm(), b.dt)
}

// add appends one synapse of the current presynaptic neuron.
func (b *synBuilder) add(post int32) {
	b.tgt = append(b.tgt, post)
	b.w = append(b.w, b.weight())
	b.d = append(b.d, b.delay())
}

// flush stores the synapses of presynaptic neuron i, grouped by delay.
func (b *synBuilder) flush(i int) {
	pr := b.pr
	if len(b.tgt) > 1 && b.varDelay {
		sort.Stable(byDelay{b})
	}
	start := len(pr.syn)
	for k, j := range b.tgt {
		pr.syn = append(pr.syn, synapse{post: j, w: b.w[k]})
	}
	if pr.varDelay {
		for k := range b.tgt {
			if k == 0 || b.d[k] != b.d[k-1] {
				pr.grpStart = append(pr.grpStart, int64(start+k))
				pr.grpDelay = append(pr.grpDelay, b.d[k])
			}
		}
		pr.rowGrp[i+1] = int32(len(pr.grpDelay))
	} else {
		pr.rowStart[i+1] = int64(len(pr.syn))
	}
	b.tgt, b.w, b.d = b.tgt[:0], b.w[:0], b.d[:0]
}

type byDelay struct{ b *synBuilder }

func (s byDelay) Len() int           { return len(s.b.tgt) }
func (s byDelay) Less(i, j int) bool { return s.b.d[i] < s.b.d[j] }
func (s byDelay) Swap(i, j int) {
	b := s.b
	b.tgt[i], b.tgt[j] = b.tgt[j], b.tgt[i]
	b.w[i], b.w[j] = b.w[j], b.w[i]
	b.d[i], b.d[j] = b.d[j], b.d[i]
}

// build draws the synapses of a connection from its own random stream.
func (pr *projection) build(seed uint64, dt float64) error {
	cs := pr.spec
	c := &cs.c
	if c.Seed != 0 {
		seed = c.Seed
	}
	npre, npost := pr.from.n, pr.to.n
	self := cs.pre == cs.post
	b := &synBuilder{pr: pr, dt: dt, rng: newXrand(mix(seed, 0x434f4e4e, cs.stream)), c: c}
	b.scale = orDefault(c.Scale, 1)
	b.varDelay = c.Std > 0 || c.Delays != nil
	mean := c.Delay
	if mean == 0 {
		mean = dt
	}
	b.one = delaySteps(mean, dt)
	pr.varDelay = b.varDelay
	pr.one = b.one
	pr.syn, pr.wd = nil, nil
	// All-to-all with one delay (self-connections included, or between two
	// populations): targets are implicit, only weights are stored.
	pr.dense = c.Rule == AllToAll && !pr.varDelay && (!self || c.Autapses) && c.Model == nil
	if pr.dense {
		pr.wd = make([]float32, 0, int64(npre)*int64(npost))
		if n := cap(pr.wd); n > 0 {
			adviseHugePages(unsafe.Pointer(unsafe.SliceData(pr.wd[:1])), uintptr(n)*4)
		}
		for i := 0; i < npre; i++ {
			for j := 0; j < npost; j++ {
				pr.wd = append(pr.wd, b.weight())
			}
		}
	}
	switch {
	case pr.dense:
	case pr.varDelay:
		pr.rowGrp = make([]int32, npre+1)
		pr.grpStart, pr.grpDelay = nil, nil
	default:
		pr.rowStart = make([]int64, npre+1)
	}
	switch {
	case pr.dense:
	case c.Rule == AllToAll:
		pr.reserve(int64(npre) * int64(npost))
		for i := 0; i < npre; i++ {
			for j := 0; j < npost; j++ {
				if self && i == j && !c.Autapses {
					continue
				}
				b.add(int32(j))
			}
			b.flush(i)
		}
	case c.Rule == OneToOne:
		pr.reserve(int64(npre))
		for i := 0; i < npre; i++ {
			b.add(int32(i))
			b.flush(i)
		}
	case c.Rule == FixedProb:
		p := orDefault(c.P, defaultP)
		pr.reserve(int64(float64(npre)*float64(npost)*p*1.01) + 16)
		// Geometric skipping: the gap to the next connected target is
		// geometric with parameter p, so the cost is O(synapses), not
		// O(npre·npost).
		lq := math.Log1p(-p)
		for i := 0; i < npre; i++ {
			if p <= 0 { // P: Zero draws no synapse
				b.flush(i)
				continue
			}
			j := -1
			for {
				if p >= 1 {
					j++
				} else {
					u := b.rng.float64()
					g := math.Floor(math.Log1p(-u) / lq)
					if g > float64(npost) {
						break
					}
					j += 1 + int(g)
				}
				if j >= npost {
					break
				}
				if self && i == j && !c.Autapses {
					continue
				}
				b.add(int32(j))
			}
			b.flush(i)
		}
	case c.Rule == FixedInDegree || c.Rule == FromArrays:
		pre, post := pr.pairs(b.rng)
		// Counting sort by presynaptic neuron, keeping the draw order
		// within each neuron.
		cnt := make([]int, npre+1)
		for _, i := range pre {
			cnt[i+1]++
		}
		for i := 0; i < npre; i++ {
			cnt[i+1] += cnt[i]
		}
		order := make([]int32, len(pre))
		pos := append([]int(nil), cnt...)
		for k, i := range pre {
			order[pos[i]] = int32(k)
			pos[i]++
		}
		pr.reserve(int64(len(pre)))
		for i := 0; i < npre; i++ {
			for _, k := range order[cnt[i]:cnt[i+1]] {
				b.tgt = append(b.tgt, post[k])
				if c.Weights != nil {
					x := c.Weights[k] * b.scale
					if c.Inhibitory {
						x = -x
					}
					b.w = append(b.w, float32(x))
				} else {
					b.w = append(b.w, b.weight())
				}
				if c.Delays != nil {
					b.d = append(b.d, delaySteps(c.Delays[k], dt))
				} else {
					b.d = append(b.d, b.delay())
				}
			}
			b.flush(i)
		}
	}
	if pr.varDelay {
		pr.grpStart = append(pr.grpStart, int64(len(pr.syn)))
	}
	pr.nsyn = int64(len(pr.syn))
	pr.sorted = pr.rowsSorted()
	pr.excitatory = true
	for _, s := range pr.syn {
		if s.w < 0 {
			pr.excitatory = false
			break
		}
	}
	if pr.dense {
		pr.nsyn = int64(len(pr.wd))
		for _, w := range pr.wd {
			if w < 0 {
				pr.excitatory = false
				break
			}
		}
	}
	pr.maxDelay = pr.one
	for _, d := range pr.grpDelay {
		if d > pr.maxDelay {
			pr.maxDelay = d
		}
	}
	return nil
}

// reserve sizes the synapse arrays once, so that building a large
// connection does not copy them repeatedly.
func (pr *projection) reserve(n int64) {
	if n > 1<<34 {
		n = 1 << 34
	}
	pr.syn = make([]synapse, 0, n)
	if n > 0 {
		adviseHugePages(unsafe.Pointer(unsafe.SliceData(pr.syn[:1])), uintptr(n)*unsafe.Sizeof(synapse{}))
	}
}

// pairs lists the synapses of the FixedInDegree and FromArrays rules as
// (pre, post) pairs.
func (pr *projection) pairs(rng *xrand) (pre, post []int32) {
	c := &pr.spec.c
	if c.Rule == FromArrays {
		pre = make([]int32, len(c.Pre))
		post = make([]int32, len(c.Post))
		for k := range c.Pre {
			pre[k], post[k] = int32(c.Pre[k]), int32(c.Post[k])
		}
		return pre, post
	}
	npre, npost := pr.from.n, pr.to.n
	self := pr.spec.pre == pr.spec.post && !c.Autapses
	k := c.K
	pre = make([]int32, 0, npost*k)
	post = make([]int32, 0, npost*k)
	// mark[i] == stamp means source i is taken for the current target.
	mark := make([]int32, npre)
	for j := 0; j < npost; j++ {
		stamp := int32(j + 1)
		avail := npre
		if self {
			mark[j] = stamp
			avail--
		}
		if 2*k <= avail {
			// Rejection: fewer than half are taken, so each draw
			// succeeds with probability ≥ 1/2.
			for got := 0; got < k; {
				i := int(rng.Uint64() % uint64(npre))
				if mark[i] == stamp {
					continue
				}
				mark[i] = stamp
				pre = append(pre, int32(i))
				post = append(post, int32(j))
				got++
			}
		} else {
			// Dense: draw the avail−k sources to leave out, keep the rest.
			anti := -stamp
			for left := avail - k; left > 0; {
				i := int(rng.Uint64() % uint64(npre))
				if mark[i] == stamp || mark[i] == anti {
					continue
				}
				mark[i] = anti
				left--
			}
			for i := 0; i < npre; i++ {
				if mark[i] != stamp && mark[i] != anti {
					pre = append(pre, int32(i))
					post = append(post, int32(j))
				}
			}
		}
	}
	return pre, post
}
