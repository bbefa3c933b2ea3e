package pyn

import (
	"math"
)

// This file is the middle and back end of the equation language: syntax
// trees are lowered to a DAG of operations (ir) in which equal
// subexpressions are one node (common-subexpression elimination) and
// whatever does not vary from step to step is computed once: operations
// on constants and on parameters shared by every neuron are folded to a
// number, operations on per-neuron parameters are hoisted into a vector
// computed when the run is prepared. What remains is a short list of
// vector instructions (vprog), each one loop over the population, so the
// cost of interpretation is paid per population and step, not per
// neuron. The same instructions also run for a single index (events and
// resets, which touch few neurons or synapses).

// iop is an operation of the DAG.
type iop uint8

const (
	iConst iop = iota // x
	iVar              // a bound vector (state variable, input): slot ref
	iRun              // a run-constant vector (per-neuron parameter): slot ref
	iTime             // t, ms (a scalar that changes every step)
	iNeg
	iAdd
	iSub
	iMul
	iDiv
	iPow
	iMin
	iMax
	iLT
	iLE
	iGT
	iGE
	iEQ
	iNE
	iAnd
	iOr
	iNot
	iExp
	iLog
	iLog10
	iSqrt
	iAbs
	iSin
	iCos
	iTan
	iTanh
	iFloor
	iCeil
	iClip   // clip(a, b, c)
	iWhere  // where(a, b, c): b if a ≠ 0 else c
	iInput  // the total input current at the membrane variable a
	iInputA // the input current at 0 mV: I + Σ g·E
	iInputG // the total input conductance Σ g
)

// unary functions of the language, by name
var eqFuncs1 = map[string]iop{"exp": iExp, "log": iLog, "log10": iLog10, "sqrt": iSqrt, "abs": iAbs,
	"sin": iSin, "cos": iCos, "tan": iTan, "tanh": iTanh, "floor": iFloor, "ceil": iCeil}

// functions of two and three arguments
var eqFuncsN = map[string]struct {
	op iop
	n  int
}{"min": {iMin, 2}, "max": {iMax, 2}, "pow": {iPow, 2}, "clip": {iClip, 3}, "where": {iWhere, 3}}

// inode is one node of the DAG. Operands are node indices, −1 when
// unused. dyn: changes during a run (depends on state, input or t);
// vec: differs between neurons.
type inode struct {
	op      iop
	a, b, c int32
	x       float64 // iConst: the value
	ref     int32   // iVar, iRun: the slot
	dyn     bool
	vec     bool
}

type ikey struct {
	op      iop
	a, b, c int32
	x       float64
	ref     int32
}

// ir is a DAG under construction, with hash-consing for CSE.
type ir struct {
	nodes []inode
	memo  map[ikey]int32
}

func newIR() *ir { return &ir{memo: map[ikey]int32{}} }

func (g *ir) add(n inode) int32 {
	k := ikey{n.op, n.a, n.b, n.c, n.x, n.ref}
	if n.op == iConst && n.x == 0 && math.Signbit(n.x) {
		k.ref = -2 // −0 and +0 are different constants
	}
	if id, ok := g.memo[k]; ok {
		return id
	}
	g.nodes = append(g.nodes, n)
	id := int32(len(g.nodes) - 1)
	g.memo[k] = id
	return id
}

func (g *ir) konst(x float64) int32 { return g.add(inode{op: iConst, x: x, a: -1, b: -1, c: -1}) }

// isConst reports whether node id is the constant x.
func (g *ir) isConst(id int32, x float64) bool {
	n := g.nodes[id]
	return n.op == iConst && n.x == x && math.Signbit(n.x) == math.Signbit(x)
}

// op adds an operation, folding it when every operand is a constant and
// dropping the identities x*1, x/1, x+0, x−0.
func (g *ir) op(op iop, a, b, c int32) int32 {
	allConst := true
	n := inode{op: op, a: a, b: b, c: c, ref: -1}
	for _, x := range [3]int32{a, b, c} {
		if x < 0 {
			continue
		}
		xn := g.nodes[x]
		if xn.op != iConst {
			allConst = false
		}
		n.dyn = n.dyn || xn.dyn
		n.vec = n.vec || xn.vec
	}
	if op == iInput || op == iInputA || op == iInputG {
		n.dyn = true
		n.vec = true
		return g.add(n)
	}
	if allConst {
		var va, vb, vc float64
		va = g.nodes[a].x
		if b >= 0 {
			vb = g.nodes[b].x
		}
		if c >= 0 {
			vc = g.nodes[c].x
		}
		return g.konst(apply(op, va, vb, vc))
	}
	switch op {
	case iMul:
		if g.isConst(b, 1) {
			return a
		}
		if g.isConst(a, 1) {
			return b
		}
	case iDiv:
		if g.isConst(b, 1) {
			return a
		}
	case iAdd:
		if g.isConst(b, 0) {
			return a
		}
		if g.isConst(a, 0) {
			return b
		}
	case iSub:
		if g.isConst(b, 0) {
			return a
		}
	}
	return g.add(n)
}

// apply is the arithmetic of every operation on scalars; the vector
// loops below compute exactly the same expressions.
func apply(op iop, a, b, c float64) float64 {
	switch op {
	case iNeg:
		return -a
	case iAdd:
		return a + b
	case iSub:
		return a - b
	case iMul:
		return a * b
	case iDiv:
		return a / b
	case iPow:
		return pow(a, b)
	case iMin:
		if b < a {
			return b
		}
		return a
	case iMax:
		if b > a {
			return b
		}
		return a
	case iLT:
		return b2f(a < b)
	case iLE:
		return b2f(a <= b)
	case iGT:
		return b2f(a > b)
	case iGE:
		return b2f(a >= b)
	case iEQ:
		return b2f(a == b)
	case iNE:
		return b2f(a != b)
	case iAnd:
		return b2f(a != 0 && b != 0)
	case iOr:
		return b2f(a != 0 || b != 0)
	case iNot:
		return b2f(a == 0)
	case iExp:
		return math.Exp(a)
	case iLog:
		return math.Log(a)
	case iLog10:
		return math.Log10(a)
	case iSqrt:
		return math.Sqrt(a)
	case iAbs:
		return math.Abs(a)
	case iSin:
		return math.Sin(a)
	case iCos:
		return math.Cos(a)
	case iTan:
		return math.Tan(a)
	case iTanh:
		return math.Tanh(a)
	case iFloor:
		return math.Floor(a)
	case iCeil:
		return math.Ceil(a)
	case iClip:
		if a < b {
			return b
		}
		if a > c {
			return c
		}
		return a
	case iWhere:
		if a != 0 {
			return b
		}
		return c
	}
	panic("pyn: equations: operation without scalar form")
}

// pow is x**y; small integer powers are products (x**2 = x·x), which
// are exact to the last bit like the hand-written models.
func pow(x, y float64) float64 {
	switch y {
	case 1:
		return x
	case 2:
		return x * x
	case 3:
		return x * x * x
	case -1:
		return 1 / x
	case 0.5:
		return math.Sqrt(x)
	}
	return math.Pow(x, y)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// slot is a value of a running program: a vector (v != nil) or a
// scalar. A temporary (tmp) holds one block: element i of the block
// being computed is v[i − lo]; in single-index runs, v[0].
type slot struct {
	v   []float64
	s   float64
	tmp bool
}

// instr is one vector instruction: dst = op(a, b, c) over slots.
type instr struct {
	op           iop
	dst, a, b, c int32
	e            int32 // a fourth operand (iMulSubAXPY), else −1
}

// vm runs lowered programs over one population (or synapse table).
// Programs are strip-mined: every instruction runs over one block of
// elements before the next block starts, so temporaries stay in the
// first-level cache whatever the population size.
type vm struct {
	slots  []slot
	n      int // vector length
	blk    int // block length of temporaries
	lo, hi int // the block being computed
	// input: the channels of the current step (iInput)
	in *input
	// inputSl are the slots of iInput; without conductances they are
	// bound to the input current itself instead of being computed.
	inputSl []int32
	inAlias bool
	inTmp   [][]float64 // inputSl's buffers when the input is not aliased, kept across aliased steps
	// spk receives the indices of iSpikeGE/iSpikeGT (len n), nspk
	// counts them; bad is set when an axpy form writes a value that is
	// not finite.
	spk  []int32
	nspk int
	bad  bool
	// fz, when set, is the fused input of the step (eq_fused.go): the
	// noise is drawn block by block and iInput computes its block.
	fz *fusedInput
}

// vmBlock is the block length: 512 elements, 4 KiB per temporary.
const vmBlock = 512

func newVM(n int) *vm {
	return &vm{n: n, blk: max(1, min(n, vmBlock))}
}

// lowered maps DAG nodes to slots for one set of programs.
type lowering struct {
	g      *ir
	vm     *vm
	slotOf []int32 // per node: its slot, −1 not yet placed
	free   []int32 // temporary vector slots free for reuse
	// run-constant vectors, computed by setup (hoisted)
	setup []instr
	tmps  []float64 // room for further temporaries
}

func newLowering(g *ir, m *vm) *lowering {
	l := &lowering{g: g, vm: m, slotOf: make([]int32, len(g.nodes))}
	for i := range l.slotOf {
		l.slotOf[i] = -1
	}
	return l
}

// newSlot adds a slot to the vm: a scalar, a vector of every element
// (hoisted values) or a temporary of one block.
func (l *lowering) newSlot(vec bool) int32 {
	s := slot{}
	if vec {
		s.v = make([]float64, l.vm.n)
	}
	l.vm.slots = append(l.vm.slots, s)
	return int32(len(l.vm.slots) - 1)
}

func (l *lowering) newTemp() int32 {
	if len(l.tmps) < l.vm.blk {
		l.tmps = make([]float64, 8*l.vm.blk) // eight temporaries a time
	}
	b := l.vm.blk
	l.vm.slots = append(l.vm.slots, slot{v: l.tmps[:b:b], tmp: true})
	l.tmps = l.tmps[b:]
	return int32(len(l.vm.slots) - 1)
}

// place gives node id its slot, emitting the setup code of run-constant
// vectors on the way; dynamic nodes are placed by compile.
func (l *lowering) place(id int32) int32 {
	if id < 0 {
		return -1
	}
	if s := l.slotOf[id]; s >= 0 {
		return s
	}
	n := l.g.nodes[id]
	var s int32
	switch {
	case n.op == iConst:
		s = l.newSlot(false)
		l.vm.slots[s].s = n.x
	case n.op == iVar || n.op == iRun:
		s = n.ref
	case n.op == iTime:
		s = n.ref
	case !n.dyn:
		a, b, c := l.place(n.a), l.place(n.b), l.place(n.c)
		s = l.newSlot(n.vec)
		l.setup = append(l.setup, instr{n.op, s, a, b, c, -1})
	default:
		panic("pyn: equations: dynamic node placed outside a program")
	}
	l.slotOf[id] = s
	return s
}

// compile emits the program that computes roots (dynamic nodes get
// temporaries, reused after their last use; roots keep theirs). It
// returns the code and the slot of each root.
func (l *lowering) compile(roots []int32) ([]instr, []int32) {
	g := l.g
	need := make([]bool, len(g.nodes))
	var mark func(id int32)
	mark = func(id int32) {
		if id < 0 || need[id] {
			return
		}
		n := g.nodes[id]
		if !n.dyn || n.op == iVar || n.op == iTime {
			return
		}
		need[id] = true
		mark(n.a)
		mark(n.b)
		mark(n.c)
	}
	for _, r := range roots {
		mark(r)
	}
	last := make([]int, len(g.nodes))
	isRoot := make([]bool, len(g.nodes))
	for _, r := range roots {
		if r >= 0 {
			isRoot[r] = true
		}
	}
	for id := range g.nodes {
		if !need[id] {
			continue
		}
		n := g.nodes[id]
		for _, x := range []int32{n.a, n.b, n.c} {
			if x >= 0 {
				last[x] = id
			}
		}
	}
	var code []instr
	local := map[int32]int32{} // node → temp slot, this program only
	get := func(id int32) int32 {
		if id < 0 {
			return -1
		}
		if s, ok := local[id]; ok {
			return s
		}
		return l.place(id)
	}
	for id := range g.nodes {
		if !need[id] {
			continue
		}
		n := g.nodes[id]
		a, b, c := get(n.a), get(n.b), get(n.c)
		// release operands whose last use this is (once each)
		for k, x := range []int32{n.a, n.b, n.c} {
			if x < 0 || !need[x] || last[x] != id || isRoot[x] || !g.nodes[x].vec || g.nodes[x].op == iInput {
				continue
			}
			if (k >= 1 && x == n.a) || (k == 2 && x == n.b) {
				continue
			}
			l.free = append(l.free, local[x])
		}
		var s int32
		switch {
		case n.op == iInput:
			s = l.newTemp()
			l.vm.inputSl = append(l.vm.inputSl, s)
		case n.vec && len(l.free) > 0 && !isRoot[id]:
			s = l.free[len(l.free)-1]
			l.free = l.free[:len(l.free)-1]
		case n.vec:
			s = l.newTemp()
		default:
			s = l.newSlot(false)
		}
		local[int32(id)] = s
		code = append(code, instr{n.op, s, a, b, c, -1})
	}
	out := make([]int32, len(roots))
	for i, r := range roots {
		out[i] = get(r)
	}
	return code, out
}
