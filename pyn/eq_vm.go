package pyn

import "math"

// This file is the vector machine that runs lowered equation programs
// (see eq_eval.go): block-by-block execution, the arithmetic loops, the
// input current, single-index runs for resets and synaptic events, and
// the fusion of adjacent instructions.

// run executes code over every element, block by block.
func (m *vm) run(code []instr) {
	for lo := 0; lo < m.n; lo += m.blk {
		m.lo, m.hi = lo, min(lo+m.blk, m.n)
		if m.fz != nil && m.fz.draw {
			drawFusedNoise(m.fz, m.lo, m.hi)
		}
		m.block(code)
	}
}

// block executes code over the current block (m.lo, m.hi) only.
func (m *vm) block(code []instr) {
	for _, in := range code {
		m.exec(in)
	}
}

// vec is the part of a vector slot in the current block.
func (m *vm) vec(s *slot) []float64 {
	if s.tmp {
		return s.v[:m.hi-m.lo]
	}
	return s.v[m.lo:m.hi]
}

// bindInput points the iInput slots at the step's current when there is
// no conductance (no copy), or makes them temporaries again.
func (m *vm) bindInput(in *input) {
	m.in = in
	alias := in != nil && len(in.G) == 0 && len(in.I) >= m.n
	if len(m.inTmp) != len(m.inputSl) {
		m.inTmp = make([][]float64, len(m.inputSl))
	}
	for k, s := range m.inputSl {
		sl := &m.slots[s]
		switch {
		case alias:
			sl.v, sl.tmp = in.I, false
		case !sl.tmp || len(sl.v) < m.blk:
			if len(m.inTmp[k]) < m.blk {
				m.inTmp[k] = make([]float64, m.blk)
			}
			sl.v, sl.tmp = m.inTmp[k], true // kept: no allocation when paths alternate
		}
	}
	m.inAlias = alias
}

// Instructions that write whole-population arrays: the end of programs.
const (
	iStore iop = 200 + iota // dst ← a (dst a bound vector)
	iAddTo                  // dst ← dst + a
	iAXPY                   // dst ← dst + b·a
)

func (m *vm) exec(in instr) {
	d := &m.slots[in.dst]
	if d.v == nil {
		// a scalar result: every operand is scalar
		var a, b, c float64
		if in.a >= 0 {
			a = m.slots[in.a].s
		}
		if in.b >= 0 {
			b = m.slots[in.b].s
		}
		if in.c >= 0 {
			c = m.slots[in.c].s
		}
		d.s = apply(in.op, a, b, c)
		return
	}
	dst := m.vec(d)
	switch in.op {
	case iStore:
		A := &m.slots[in.a]
		if A.v == nil {
			fill(dst, A.s)
		} else {
			copy(dst, m.vec(A))
		}
		return
	case iAddTo:
		A := &m.slots[in.a]
		if A.v == nil {
			for i := range dst {
				dst[i] += A.s
			}
			return
		}
		a := m.vec(A)[:len(dst)]
		for i := range dst {
			dst[i] += a[i]
		}
		return
	case iAXPY:
		m.axpy(dst, &m.slots[in.a], &m.slots[in.b])
		return
	case iAddAXPY:
		if !kF3(kfAddAXPY, dst, m.vec(&m.slots[in.a]), m.vec(&m.slots[in.c]), m.slots[in.b].s, 0) {
			m.bad = true
		}
		return
	case iMulSubAXPY:
		if !kF3(kfMulSubAXPY, dst, m.vec(&m.slots[in.a]), m.vec(&m.slots[in.c]), m.slots[in.b].s, m.slots[in.e].s) {
			m.bad = true
		}
		return
	case iMulAdd, iMulSub, iSqMul, iAddSub:
		m.fused(in, dst)
		return
	case iSpikeGE, iSpikeGT:
		a := m.vec(&m.slots[in.a])
		m.nspk += kSpike(in.op == iSpikeGT, a, m.slots[in.b].s, int32(m.lo), m.spk[m.nspk:])
		return
	case iInput:
		if f := m.fz; f != nil {
			kInput(dst, f.buf[m.lo:m.hi], f.h[m.lo:m.hi], f.scale, f.amp)
			return
		}
		if m.inAlias {
			return
		}
		var v []float64
		if in.a >= 0 {
			v = m.vec(&m.slots[in.a])
		}
		m.input(dst, v)
		return
	case iInputA, iInputG:
		m.inputParts(in.op, dst)
		return
	}
	A := &m.slots[in.a]
	switch in.op {
	case iNeg:
		for i, x := range m.vec(A)[:len(dst)] {
			dst[i] = -x
		}
		return
	case iAdd, iSub, iMul, iDiv, iMin, iMax, iPow, iGE, iGT, iLE, iLT:
		m.binary(in.op, dst, A, &m.slots[in.b])
		return
	}
	if fn := unaryVec(in.op); fn != nil {
		if A.v == nil {
			fill(dst, fn(A.s))
			return
		}
		for i, x := range m.vec(A)[:len(dst)] {
			dst[i] = fn(x)
		}
		return
	}
	// the rest: compares, logic, clip, where (element by element)
	var b, c *slot
	if in.b >= 0 {
		b = &m.slots[in.b]
	}
	if in.c >= 0 {
		c = &m.slots[in.c]
	}
	for i := range dst {
		dst[i] = apply(in.op, m.blockAt(A, i), m.blockAt(b, i), m.blockAt(c, i))
	}
}

// axpy is dst += s·a (each a scalar or a vector), the product stored
// before the sum as in the two-instruction form; a result that is not
// finite sets m.bad.
func (m *vm) axpy(dst []float64, A, S *slot) {
	ok := true
	switch {
	case A.v != nil && S.v == nil:
		ok = kF3(kfAXPY, dst, m.vec(A), nil, S.s, 0)
	case A.v != nil:
		ok = kAXPYV(dst, m.vec(A), m.vec(S))
	default:
		bad := 0.0
		for i := range dst {
			r := dst[i] + float64(m.blockAt(S, i)*A.s)
			dst[i] = r
			bad += r - r
		}
		ok = bad == 0
	}
	if !ok {
		m.bad = true
	}
}

// blockAt is element i of the current block of s.
func (m *vm) blockAt(s *slot, i int) float64 {
	if s == nil {
		return 0
	}
	if s.v == nil {
		return s.s
	}
	if s.tmp {
		return s.v[i]
	}
	return s.v[m.lo+i]
}

// at is element i of a whole-population slot (a temporary: its single
// element, in single-index runs).
func at(s *slot, i int) float64 {
	if s == nil {
		return 0
	}
	if s.v == nil {
		return s.s
	}
	if s.tmp {
		return s.v[0]
	}
	return s.v[i]
}

func unaryVec(op iop) func(float64) float64 {
	switch op {
	case iExp:
		return math.Exp
	case iLog:
		return math.Log
	case iLog10:
		return math.Log10
	case iSqrt:
		return math.Sqrt
	case iAbs:
		return math.Abs
	case iSin:
		return math.Sin
	case iCos:
		return math.Cos
	case iTan:
		return math.Tan
	case iTanh:
		return math.Tanh
	case iFloor:
		return math.Floor
	case iCeil:
		return math.Ceil
	}
	return nil
}

// binary is the arithmetic hot path: one tight loop per operation and
// operand form (vector–vector, vector–scalar, scalar–vector). Products
// are stored before use, so no build fuses them into an FMA.
func (m *vm) binary(op iop, dst []float64, A, B *slot) {
	switch {
	case A.v != nil && B.v != nil:
		a, b := m.vec(A)[:len(dst)], m.vec(B)[:len(dst)]
		switch op {
		case iAdd:
			kVV(kvvAdd, dst, a, b)
		case iSub:
			kVV(kvvSub, dst, a, b)
		case iMul:
			kVV(kvvMul, dst, a, b)
		case iDiv:
			for i := range dst {
				dst[i] = a[i] / b[i]
			}
		default:
			for i := range dst {
				dst[i] = apply(op, a[i], b[i], 0)
			}
		}
	case A.v != nil:
		a, s := m.vec(A)[:len(dst)], B.s
		switch op {
		case iAdd:
			kVS(kvsAdd, dst, a, s)
		case iSub:
			kVS(kvsSub, dst, a, s)
		case iMul:
			kVS(kvsMul, dst, a, s)
		case iDiv:
			for i := range dst {
				dst[i] = a[i] / s
			}
		case iGE:
			kVS(kvsGE, dst, a, s)
		case iGT:
			kVS(kvsGT, dst, a, s)
		case iPow:
			if s == 2 {
				kVV(kvvMul, dst, a, a)
				return
			}
			for i, x := range a {
				dst[i] = pow(x, s)
			}
		default:
			for i := range dst {
				dst[i] = apply(op, a[i], s, 0)
			}
		}
	default: // scalar op vector (+ and · commute exactly in IEEE arithmetic)
		s, b := A.s, m.vec(B)[:len(dst)]
		switch op {
		case iAdd:
			kVS(kvsAdd, dst, b, s)
		case iSub:
			kVS(kvsRSub, dst, b, s)
		case iMul:
			kVS(kvsMul, dst, b, s)
		case iDiv:
			for i := range dst {
				dst[i] = s / b[i]
			}
		default:
			for i := range dst {
				dst[i] = apply(op, s, b[i], 0)
			}
		}
	}
}

// input is the total input current of the block: the current of the step
// plus Σ g·(E − v) for every conductance channel, v the membrane variable.
func (m *vm) input(dst, v []float64) {
	in := m.in
	lo, hi := m.lo, m.hi
	if in == nil || len(in.I) < hi {
		clear(dst)
		if in != nil && len(in.I) > lo {
			copy(dst, in.I[lo:])
		}
	} else {
		copy(dst, in.I[lo:hi])
	}
	if in == nil {
		return
	}
	if v == nil && len(in.G) > 0 {
		panic("pyn: equations: conductance input without a membrane variable")
	}
	for _, ch := range in.G {
		g, e := ch.G[lo:hi], ch.E
		v := v[:len(g)]
		for i, x := range v {
			dst[i] += float64(g[i] * (e - x))
		}
	}
}

// inputParts is I + Σ g·E (iInputA) or Σ g (iInputG) over the block.
func (m *vm) inputParts(op iop, dst []float64) {
	in := m.in
	clear(dst)
	if in == nil {
		return
	}
	lo, hi := m.lo, m.hi
	if op == iInputA && len(in.I) > lo {
		copy(dst, in.I[lo:])
	}
	for _, ch := range in.G {
		g, e := ch.G[lo:hi], ch.E
		for i := range dst {
			if op == iInputA {
				dst[i] += float64(g[i] * e)
			} else {
				dst[i] += g[i]
			}
		}
	}
}

// scalar runs code for element i only, with every vector operand read at
// i and every result written to the destination's element i (element 0
// of temporaries). It is the path of resets and synaptic events.
func (m *vm) scalar(code []instr, i int) {
	for _, in := range code {
		var a, b, c float64
		if in.a >= 0 {
			a = at(&m.slots[in.a], i)
		}
		if in.b >= 0 {
			b = at(&m.slots[in.b], i)
		}
		if in.c >= 0 {
			c = at(&m.slots[in.c], i)
		}
		var r float64
		switch in.op {
		case iInput, iInputA, iInputG:
			if m.in != nil {
				if i < len(m.in.I) && in.op != iInputG {
					r = m.in.I[i]
				}
				for _, ch := range m.in.G {
					switch in.op {
					case iInput:
						r += float64(ch.G[i] * (ch.E - a))
					case iInputA:
						r += float64(ch.G[i] * ch.E)
					default:
						r += ch.G[i]
					}
				}
			}
		case iStore:
			r = a
		case iAddTo:
			r = at(&m.slots[in.dst], i) + a
		case iAXPY:
			r = at(&m.slots[in.dst], i) + float64(b*a)
		default:
			r = apply(in.op, a, b, c)
		}
		d := &m.slots[in.dst]
		switch {
		case d.v == nil:
			d.s = r
		case d.tmp:
			d.v[0] = r
		default:
			d.v[i] = r
		}
	}
}

// Fused instructions (see fuse): two or three dependent operations in
// one loop, with every intermediate stored as a float64 first so that
// the result is bit for bit that of the separate instructions.
const (
	iMulAdd     iop = 220 + iota // dst ← s·a + c   (s = b scalar; a, c vectors)
	iMulSub                      // dst ← s·a − c
	iSqMul                       // dst ← s·(a·a)
	iAddSub                      // dst ← (a + s) − c
	iAddAXPY                     // dst ← dst + s·(a + c)
	iMulSubAXPY                  // dst ← dst + s2·(s·a − c), s2 = e scalar
	iSpikeGE                     // the indices of a ≥ s go to vm.spk (the threshold)
	iSpikeGT                     // the indices of a > s go to vm.spk
)

// readsOf counts the reads of slot t in code after instruction k, until
// t is written again.
func readsOf(code []instr, k int, t int32) int {
	n := 0
	for _, in := range code[k+1:] {
		for _, x := range [4]int32{in.a, in.b, in.c, in.e} {
			if x == t {
				n++
			}
		}
		switch in.op {
		case iAddTo, iAXPY, iAddAXPY, iMulSubAXPY:
			if in.dst == t {
				n++
			}
		}
		if in.dst == t {
			break
		}
	}
	return n
}

// fuse rewrites pairs of adjacent instructions whose intermediate
// temporary is read only by the second into one fused instruction:
// s·a followed by + c or − c, a·a followed by s·(·), a + s followed
// by − c; then a + c or s·a − c followed by an axpy of the result. It
// returns the shortened program.
func (m *vm) fuse(code []instr) []instr {
	isVec := func(s int32) bool { return s >= 0 && m.slots[s].v != nil }
	isSc := func(s int32) bool { return s >= 0 && m.slots[s].v == nil }
	out := make([]instr, 0, len(code))
	for k := 0; k < len(code); k++ {
		x := code[k]
		if k+1 < len(code) && m.slots[x.dst].tmp && readsOf(code, k, x.dst) == 1 {
			y := code[k+1]
			t := x.dst
			var s, a int32 = -1, -1 // x = s·a
			if x.op == iMul && isSc(x.a) && isVec(x.b) {
				s, a = x.a, x.b
			} else if x.op == iMul && isVec(x.a) && isSc(x.b) {
				s, a = x.b, x.a
			}
			switch {
			case s >= 0 && y.op == iAdd && y.a == t && isVec(y.b) && y.b != t:
				out = append(out, instr{iMulAdd, y.dst, a, s, y.b, -1})
				k++
				continue
			case s >= 0 && y.op == iAdd && y.b == t && isVec(y.a) && y.a != t:
				out = append(out, instr{iMulAdd, y.dst, a, s, y.a, -1})
				k++
				continue
			case s >= 0 && y.op == iSub && y.a == t && isVec(y.b) && y.b != t:
				out = append(out, instr{iMulSub, y.dst, a, s, y.b, -1})
				k++
				continue
			case x.op == iPow && isVec(x.a) && isSc(x.b) && m.slots[x.b].s == 2 && y.op == iMul &&
				((y.b == t && isSc(y.a)) || (y.a == t && isSc(y.b))):
				sc := y.a
				if y.a == t {
					sc = y.b
				}
				out = append(out, instr{iSqMul, y.dst, x.a, sc, -1, -1})
				k++
				continue
			case x.op == iAdd && isVec(x.a) && isSc(x.b) && y.op == iSub && y.a == t && isVec(y.b) && y.b != t:
				out = append(out, instr{iAddSub, y.dst, x.a, x.b, y.b, -1})
				k++
				continue
			}
		}
		out = append(out, x)
	}
	// Triples: the last operation of a derivative and its axpy.
	code, out = out, make([]instr, 0, len(out))
	for k := 0; k < len(code); k++ {
		x := code[k]
		if k+1 < len(code) && m.slots[x.dst].tmp && readsOf(code, k, x.dst) == 1 {
			y := code[k+1]
			if y.op == iAXPY && y.a == x.dst && isSc(y.b) {
				switch {
				case x.op == iAdd && isVec(x.a) && isVec(x.b):
					out = append(out, instr{iAddAXPY, y.dst, x.a, y.b, x.b, -1})
					k++
					continue
				case x.op == iMulSub:
					out = append(out, instr{iMulSubAXPY, y.dst, x.a, x.b, x.c, y.b})
					k++
					continue
				}
			}
		}
		out = append(out, x)
	}
	return out
}

// fused runs the fused instructions over the block.
func (m *vm) fused(in instr, dst []float64) {
	a := m.vec(&m.slots[in.a])
	s := m.slots[in.b].s
	var c []float64
	if in.c >= 0 {
		c = m.vec(&m.slots[in.c])
	}
	switch in.op {
	case iMulAdd:
		kF3(kfMulAdd, dst, a, c, s, 0)
	case iMulSub:
		kF3(kfMulSub, dst, a, c, s, 0)
	case iSqMul:
		kF3(kfSqMul, dst, a, nil, s, 0)
	case iAddSub:
		kF3(kfAddSub, dst, a, c, s, 0)
	}
}
