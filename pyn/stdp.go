package pyn

import "math"

// plasticity is the STDP state of one projection.
//
// Pair-based additive STDP with all-to-all pairing is computed with two
// traces (Morrison, Diesmann & Gerstner, "Phenomenological models of
// synaptic plasticity based on spike timing", Biol. Cybern. 98, 2008):
// apre[i] jumps by APlus at each spike of presynaptic neuron i and decays
// with TauPlus; apost[j] jumps by AMinus at each spike of postsynaptic
// neuron j and decays with TauMinus. A pre spike adds apost[j] to each of
// its synapses (depression), a post spike adds apre[i] to each of its
// incoming synapses (potentiation); the weight is then clipped to
// [WMin, WMax]. For one pair this is exactly APlus·e^(−Δ/τ+) for
// Δ = tpost − tpre > 0 and AMinus·e^(Δ/τ−) for Δ < 0. Within a step pre
// spikes are processed before post spikes, so Δ = 0 potentiates. Spike
// times are the somatic spike times (axonal delays are not included).
// The cost is O(spikes × fan-out) plus O(N) per step for the decay.
type plasticity struct {
	aPlus, aMinus  float64
	pPlus, pMinus  float64 // per-step decay factors
	wMin, wMax     float64
	apre, apost    []float64
	revStart       []int64 // incoming synapses of post neuron j: revStart[j]…revStart[j+1]−1
	revSyn, revPre []int32 // position in w and presynaptic neuron of each incoming synapse
}

// rule returns the STDP parameters of a connection with its defaults
// filled in, and whether the connection is plastic at all.
func stdpRule(c *Conn, excitatory bool) (STDP, bool) {
	var r STDP
	if c.Model != nil {
		return r, false // the synapse model is the plasticity
	}
	if c.STDP != nil {
		r = *c.STDP
		if r.Off {
			return r, false
		}
	} else if !excitatory {
		return r, false
	}
	if r.APlus == 0 {
		r.APlus = defaultAPlus
	}
	if r.AMinus == 0 {
		r.AMinus = -1.05 * r.APlus
	}
	if r.TauPlus == 0 {
		r.TauPlus = defaultTauSTD
	}
	if r.TauMinus == 0 {
		r.TauMinus = defaultTauSTD
	}
	if r.WMin == 0 && r.WMax == 0 {
		r.WMax = 1
	}
	return r, true
}

// newPlasticity sets up the traces and the reverse (postsynaptic) index
// of pr for rule r at step dt.
func newPlasticity(pr *projection, r STDP, dt float64) *plasticity {
	p := &plasticity{
		aPlus: r.APlus, aMinus: r.AMinus,
		pPlus: math.Exp(-dt / r.TauPlus), pMinus: math.Exp(-dt / r.TauMinus),
		wMin: r.WMin, wMax: r.WMax,
		apre:  make([]float64, pr.from.n),
		apost: make([]float64, pr.to.n),
	}
	npost := pr.to.n
	if pr.dense {
		return p // the weight matrix is its own index
	}
	p.revStart = make([]int64, npost+1)
	for _, s := range pr.syn {
		p.revStart[s.post+1]++
	}
	for j := 0; j < npost; j++ {
		p.revStart[j+1] += p.revStart[j]
	}
	p.revSyn = make([]int32, pr.nsyn)
	p.revPre = make([]int32, pr.nsyn)
	pos := append([]int64(nil), p.revStart[:npost]...)
	for i := 0; i < pr.from.n; i++ {
		lo, hi := pr.synRange(int32(i))
		for k := lo; k < hi; k++ {
			j := pr.syn[k].post
			p.revSyn[pos[j]] = int32(k)
			p.revPre[pos[j]] = int32(i)
			pos[j]++
		}
	}
	return p
}

// synRange returns all synapses of presynaptic neuron i, whatever their delay.
func (pr *projection) synRange(i int32) (int64, int64) {
	if pr.dense {
		n := int64(pr.to.n)
		return int64(i) * n, int64(i+1) * n
	}
	if !pr.varDelay {
		return pr.row(i)
	}
	return pr.grpStart[pr.rowGrp[i]], pr.grpStart[pr.rowGrp[i+1]]
}

func (p *plasticity) bytes() int64 {
	return int64(len(p.apre)+len(p.apost)+len(p.revStart))*8 + int64(len(p.revSyn)+len(p.revPre))*4
}

func (p *plasticity) reset() {
	clear(p.apre)
	clear(p.apost)
}

// update applies one step of STDP given the spikes of this step.
func (pr *projection) updateSTDP(preSpikes, postSpikes []int32) {
	p := pr.stdp
	for i := range p.apre {
		p.apre[i] *= p.pPlus
	}
	for j := range p.apost {
		p.apost[j] *= p.pMinus
	}
	if len(preSpikes) == 0 && len(postSpikes) == 0 {
		return
	}
	if pr.w0 == nil {
		// Keep the initial weights so that Reset can restore them.
		if pr.dense {
			pr.w0 = append([]float32(nil), pr.wd...)
		} else {
			pr.w0 = make([]float32, len(pr.syn))
			for k, s := range pr.syn {
				pr.w0[k] = s.w
			}
		}
	}
	if pr.dense {
		pr.denseSTDP(preSpikes, postSpikes)
		return
	}
	syn := pr.syn
	wlo, whi := p.wMin, p.wMax
	apost := p.apost
	for _, i := range preSpikes {
		p.apre[i] += p.aPlus
		lo, hi := pr.synRange(i)
		row := syn[lo:hi]
		for k := range row {
			row[k].w = clip32(float64(row[k].w)+apost[row[k].post], wlo, whi)
		}
	}
	apre := p.apre
	for _, j := range postSpikes {
		apost[j] += p.aMinus
		lo, hi := p.revStart[j], p.revStart[j+1]
		pre := p.revPre[lo:hi]
		for r, k := range p.revSyn[lo:hi] {
			syn[k].w = clip32(float64(syn[k].w)+apre[pre[r]], wlo, whi)
		}
	}
}

// clip32 clips x to [lo, hi] and stores it as a weight. (math.Min and
// math.Max are not inlined and handle NaN and signed zeros: too slow for
// the inner loop, where x is always finite.)
func clip32(x, lo, hi float64) float32 {
	if x < lo {
		x = lo
	} else if x > hi {
		x = hi
	}
	return float32(x)
}

// denseSTDP is updateSTDP for an all-to-all weight matrix: a pre spike
// walks its row, a post spike its column.
func (pr *projection) denseSTDP(preSpikes, postSpikes []int32) {
	p := pr.stdp
	npost := int64(pr.to.n)
	wlo, whi := p.wMin, p.wMax
	apost := p.apost[:npost]
	for _, i := range preSpikes {
		p.apre[i] += p.aPlus
		row := pr.wd[int64(i)*npost : int64(i+1)*npost]
		row = row[:len(apost)]
		for j, a := range apost {
			row[j] = clip32(float64(row[j])+a, wlo, whi)
		}
	}
	apre := p.apre
	wd := pr.wd
	for _, j := range postSpikes {
		apost[j] += p.aMinus
		for i, a := range apre {
			k := int64(i)*npost + int64(j)
			wd[k] = clip32(float64(wd[k])+a, wlo, whi)
		}
	}
}
