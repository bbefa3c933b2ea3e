package pyn

import "math"

// This file runs the events of synapse models (eq_synapse.go) as vector
// instructions: OnPre over a presynaptic spike's run of synapses
// (runRange), OnPost over gathered copies of the scattered synapses onto
// a postsynaptic neuron (runGather). Statement by statement over a block
// is synapse by synapse, since a synapse's statements touch only its own
// elements: both give the same bits (TestSynapseEventsVector).

// advanceRange is advance for synapses lo…hi−1. The synapses of one
// presynaptic neuron usually had their last event together, so the
// exponentials of the previous synapse's interval are reused when the
// interval is the same (the same numbers as advance computes).
func (rt *synRT) advanceRange(lo, hi int, t float64) {
	ex := rt.ex
	prev := math.NaN()
	for k := lo; k < hi; k++ {
		d := t - rt.last[k]
		if d == 0 {
			continue
		}
		rt.last[k] = t
		if d != prev {
			prev = d
			for j := range rt.x {
				if rt.m.rhs[j] != nil && rt.edB[j] != 0 {
					ex[j] = math.Exp(rt.edB[j] * d)
				}
			}
		}
		for j, x := range rt.x {
			if rt.m.rhs[j] == nil {
				continue
			}
			A, B := rt.edA[j], rt.edB[j]
			if B == 0 {
				x[k] += A * d
				continue
			}
			xinf := -A / B
			x[k] = xinf + float64((x[k]-xinf)*ex[j])
		}
	}
}

// synVecMin is the shortest run of synapses onPre executes as vector
// instructions (runRange); shorter runs go synapse by synapse (run).
// Both give the same bits (TestSynapseEventsVector).
var synVecMin = 8

// runRange is run for the synapses lo…hi−1 of one event: block by block,
// every synapse is advanced, then each statement runs as vector
// instructions over the block. A synapse's statements read and write
// only its own elements, so statement by statement over a block is
// synapse by synapse. For each block it calls emit with the block's
// first synapse and the values sent (nil without a delivery).
func (rt *synRT) runRange(list []evStmt, lo, hi int, t float64, emit func(k0 int, out []float64)) {
	v := rt.vm
	for b := lo; b < hi; b += v.blk {
		e := min(b+v.blk, hi)
		rt.advanceRange(b, e, t)
		v.lo, v.hi = b, e
		var out []float64
		for _, s := range list {
			v.block(s.code)
			dst := rt.out[:e-b]
			if s.dst >= 0 {
				dst = rt.x[s.dst][b:e]
			} else {
				out = dst
			}
			if sl := &v.slots[s.sl]; sl.v == nil {
				fill(dst, sl.s)
			} else {
				copy(dst, v.vec(sl))
			}
		}
		emit(b, out)
	}
}

// gatherable reports whether the statements list read no whole-length
// vector but the m variables (slots 0…m−1), so that they can run on
// gathered copies (runGather).
func gatherable(v *vm, list []evStmt, m int) bool {
	for _, s := range list {
		for _, in := range s.code {
			for _, x := range [5]int32{in.dst, in.a, in.b, in.c, in.e} {
				if x >= int32(m) && v.slots[x].v != nil && !v.slots[x].tmp {
					return false
				}
			}
		}
	}
	return true
}

// runGather is runRange for the scattered synapses ks (those onto one
// postsynaptic neuron): block by block, each synapse is advanced, the
// variables are gathered into rt.gx, the statements run over them as
// vector instructions, and the variables are scattered back.
func (rt *synRT) runGather(list []evStmt, ks []int32, t float64, pr *projection) {
	v := rt.vm
	for b := 0; b < len(ks); b += v.blk {
		blk := ks[b:min(b+v.blk, len(ks))]
		w := len(blk)
		for _, k := range blk {
			rt.advance(int(k), t)
		}
		for j, x := range rt.x {
			g := rt.gx[j][:w]
			for q, k := range blk {
				g[q] = x[k]
			}
			v.slots[j].v, v.slots[j].tmp = g, true
		}
		v.lo, v.hi = 0, w
		for _, s := range list {
			v.block(s.code)
			if s.dst < 0 {
				continue
			}
			if sl := &v.slots[s.sl]; sl.v == nil {
				fill(rt.gx[s.dst][:w], sl.s)
			} else {
				copy(rt.gx[s.dst][:w], v.vec(sl))
			}
		}
		for j, x := range rt.x {
			g := rt.gx[j][:w]
			for q, k := range blk {
				x[k] = g[q]
			}
		}
		for _, k := range blk {
			pr.syn[k].w = float32(rt.x[rt.m.wIdx][k])
		}
	}
	for j, x := range rt.x {
		v.slots[j].v, v.slots[j].tmp = x, false
	}
}
