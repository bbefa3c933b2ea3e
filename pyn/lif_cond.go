package pyn

// The fused conductance-based LIF step: the COBA network's hot loop
// (Brette et al. 2007, benchmark 1). When a LIF population integrated by
// forward Euler has exactly two synaptic channels, both CondExp, and
// nothing records its input, the engine hands the channels to the model
// instead of folding them first (channel.advance): one pass over memory
// folds each channel's ring-buffer slot into its conductance,
//
//	g ← g·e^(−dt/τ) + arrivals,
//
// and takes the Euler step with the new conductances. The arithmetic is
// advance's and stepEuler's, operation for operation, so the results are
// bit-identical to the unfused path (TestGoldenWorkloads).

// condFuser is implemented by models that can take two CondExp channels
// directly (see above; the Traub–Miles HH neuron does the same, hh_vec.go).
// stepCond folds population p's channels p.chans[0] and p.chans[1] and
// steps every neuron.
type condFuser interface {
	canFuseCond() bool
	stepCond(c *stepCtx, p *popRT, spikes []int32) ([]int32, error)
}

// condPair reports whether population p's input this step is exactly two
// CondExp channels, which a condFuser model can fold itself.
func condPair(p *popRT) bool {
	return len(p.chans) == 2 && p.chans[0].kind == CondExp && p.chans[1].kind == CondExp
}

func (m *lif) canFuseCond() bool { return m.euler && m.kindErr == nil }

// lifCondConsts are the constants of the uniform-parameter kernel.
type lifCondConsts struct {
	p0, p1, e0, e1          float64 // channel decays and reversal potentials
	el, invTau, invC, dt    float64
	half, vth, vreset, tref float64
}

// condConsts are the uniform kernel's constants for channels a and b.
func (m *lif) condConsts(dt float64, a, b *channel) lifCondConsts {
	return lifCondConsts{p0: a.decay, p1: b.decay, e0: a.e, e1: b.e,
		el: m.el[0], invTau: m.invTau[0], invC: m.invC[0], dt: dt,
		half: dt / 2, vth: m.vth[0], vreset: m.vreset[0], tref: m.tref[0]}
}

func (m *lif) stepCond(c *stepCtx, p *popRT, spikes []int32) ([]int32, error) {
	if m.uniform { // the kernel, on all neurons as one range (threads.go)
		m.parts(1)
		return m.stepPart(c, p, 0, m.n, 0, spikes)
	}
	a, b := p.chans[0], p.chans[1]
	dt := c.dt
	n := m.n
	s0, s1 := a.slot(c.step), b.slot(c.step)
	v, refLeft, vreset, vth, tref := m.v[:n], m.refLeft[:n], m.vreset[:n], m.vth[:n], m.tref[:n]
	el, invTau, invC := m.el[:n], m.invTau[:n], m.invC[:n]
	x0, x1, b0, b1 := a.x[:n], b.x[:n], s0[:n], s1[:n]
	p0, p1, e0, e1 := a.decay, b.decay, a.e, b.e
	half := dt / 2
	for i := range v {
		g0 := float64(x0[i]*p0) + float64(b0[i])
		g1 := float64(x1[i]*p1) + float64(b1[i])
		x0[i], x1[i], b0[i], b1[i] = g0, g1, 0, 0
		if refLeft[i] > half {
			refLeft[i] -= dt
			v[i] = vreset[i]
			continue
		}
		x := v[i]
		syn := float64(g0*(e0-x)) + float64(g1*(e1-x))
		dv := float64((el[i]-x)*invTau[i]) + float64(syn*invC[i])
		x += float64(dt * dv)
		if x >= vth[i] {
			x = vreset[i]
			refLeft[i] = tref[i]
			spikes = append(spikes, int32(i))
		}
		v[i] = x
	}
	return spikes, nil
}

// lifCondGo is the uniform-parameter loop in Go (neuron indices offset
// by off): the twin of the AVX2
// kernel, and the loop itself where that is not available.
func lifCondGo(k *lifCondConsts, v, refLeft, x0, x1 []float64, b0, b1 []float32, spikes []int32, off int32) []int32 {
	n := len(v)
	refLeft, x0, x1, b0, b1 = refLeft[:n], x0[:n], x1[:n], b0[:n], b1[:n]
	p0, p1, e0, e1 := k.p0, k.p1, k.e0, k.e1
	el, invTau, invC, dt := k.el, k.invTau, k.invC, k.dt
	half, vth, vreset, tref := k.half, k.vth, k.vreset, k.tref
	for i := range v {
		g0 := float64(x0[i]*p0) + float64(b0[i])
		g1 := float64(x1[i]*p1) + float64(b1[i])
		x0[i], x1[i], b0[i], b1[i] = g0, g1, 0, 0
		if refLeft[i] > half {
			refLeft[i] -= dt
			v[i] = vreset
			continue
		}
		x := v[i]
		syn := float64(g0*(e0-x)) + float64(g1*(e1-x))
		dv := float64((el-x)*invTau) + float64(syn*invC)
		x += float64(dt * dv)
		if x >= vth {
			x = vreset
			refLeft[i] = tref
			spikes = append(spikes, off+int32(i))
		}
		v[i] = x
	}
	return spikes
}
