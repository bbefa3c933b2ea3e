package pyn

import (
	"fmt"
	"sort"
	"strings"
)

// This file checks equation texts against their names (states,
// subexpressions, parameters, built-in names, units, functions) and
// builds the DAG of ir from syntax trees.

// eqUnits are the unit names an expression may use, as factors into
// pyn's units (ms, mV, pA, nS, pF; rates per ms): (…)/ms is a division
// by 1. Their dimensions, checked when a text names a unit, are in
// eq_units.go.
var eqUnits = map[string]float64{
	"ms": 1, "msecond": 1, "second": 1000, "us": 1e-3, "usecond": 1e-3,
	"mV": 1, "mvolt": 1, "volt": 1000, "uV": 1e-3,
	"pA": 1, "pamp": 1, "nA": 1e3, "namp": 1e3, "uA": 1e6,
	"nS": 1, "nsiemens": 1, "uS": 1e3, "usiemens": 1e3, "mS": 1e6, "pS": 1e-3,
	"pF": 1, "pfarad": 1, "nF": 1e3, "nfarad": 1e3, "uF": 1e6,
	"Hz": 1e-3, "hertz": 1e-3, "kHz": 1,
	"Mohm": 1e-3, "Gohm": 1,
	"amp": 1e12, "siemens": 1e9, "farad": 1e12, "ohm": 1e-9,
}

// eqReserved are the built-in names: t (ms), dt (ms), the neuron (or
// synapse) index i and the population size N; neuron models also have I.
var eqReserved = []string{"t", "dt", "i", "N"}

// scope is the set of names an equation model defines.
type scope struct {
	states []string          // variables with a value per element (differential first)
	subs   map[string]*estmt // named subexpressions
	params []string          // parameters
	input  bool              // I is the input current (neuron models)
	noise  bool              // xi, xi_* are white noise (neuron models; eq_noise.go)
}

func (s *scope) stateIndex(name string) int {
	for i, x := range s.states {
		if x == name {
			return i
		}
	}
	return -1
}

func (s *scope) paramIndex(name string) int {
	for i, x := range s.params {
		if x == name {
			return i
		}
	}
	return -1
}

// check reports the first name in e that refers to nothing, and calls
// with a wrong number of arguments.
func (s *scope) check(field string, e *enode) error {
	var err error
	e.walk(func(n *enode) {
		if err != nil {
			return
		}
		switch n.op {
		case eIdent:
			if !s.known(n.name) {
				err = &eqErr{field, n.pos, fmt.Sprintf("unknown variable %q (%s)", n.name, s.listKnown())}
			}
		case eCall:
			if _, ok := eqFuncs1[n.name]; ok {
				if len(n.args) != 1 {
					err = &eqErr{field, n.pos, fmt.Sprintf("%s takes 1 argument, got %d", n.name, len(n.args))}
				}
				return
			}
			f, ok := eqFuncsN[n.name]
			if !ok {
				err = &eqErr{field, n.pos, fmt.Sprintf("unknown function %q (known: %s)", n.name, funcNames())}
				return
			}
			if len(n.args) != f.n {
				err = &eqErr{field, n.pos, fmt.Sprintf("%s takes %d arguments, got %d", n.name, f.n, len(n.args))}
			}
		}
	})
	return err
}

func funcNames() string {
	var out []string
	for k := range eqFuncs1 {
		out = append(out, k)
	}
	for k := range eqFuncsN {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func (s *scope) known(name string) bool {
	if s.stateIndex(name) >= 0 || s.paramIndex(name) >= 0 || s.subs[name] != nil {
		return true
	}
	if name == "I" && s.input || s.noise && isNoiseName(name) {
		return true
	}
	for _, r := range eqReserved {
		if r == name {
			return true
		}
	}
	_, ok := eqUnits[name]
	return ok
}

func (s *scope) listKnown() string {
	var parts []string
	if len(s.states) > 0 {
		parts = append(parts, "variables "+strings.Join(s.states, ", "))
	}
	if len(s.params) > 0 {
		parts = append(parts, "parameters "+strings.Join(s.params, ", "))
	}
	if len(s.subs) > 0 {
		var names []string
		for k := range s.subs {
			names = append(names, k)
		}
		sort.Strings(names)
		parts = append(parts, "subexpressions "+strings.Join(names, ", "))
	}
	if len(parts) == 0 {
		return "nothing is defined"
	}
	return "defined: " + strings.Join(parts, "; ")
}

// uses reports whether e depends (through subexpressions) on a name for
// which pred holds.
func (s *scope) uses(e *enode, pred func(string) bool) bool {
	found := false
	seen := map[string]bool{}
	var visit func(e *enode)
	visit = func(e *enode) {
		e.walk(func(n *enode) {
			if found || n.op != eIdent {
				return
			}
			if pred(n.name) {
				found = true
				return
			}
			if sub := s.subs[n.name]; sub != nil && !seen[n.name] {
				seen[n.name] = true
				visit(sub.rhs)
			}
		})
	}
	visit(e)
	return found
}

// initValue parses and checks the initial value text of state variable k
// (nil for an empty text): it may use only constants and parameters, which
// what names in the error ("parameters" or "Params").
func (s *scope) initValue(k, text, what string) (*enode, error) {
	field := "Init[" + k + "]"
	e, err := parseCond(field, text)
	if err != nil || e == nil {
		return nil, err
	}
	if err := s.check(field, e); err != nil {
		return nil, err
	}
	if s.usesDynamic(e) {
		return nil, &eqErr{field, e.pos, "an initial value must be an expression of " + what}
	}
	return e, nil
}

// usesState reports whether e depends on a state variable, the input or t.
func (s *scope) usesDynamic(e *enode) bool {
	return s.uses(e, func(n string) bool {
		return s.stateIndex(n) >= 0 || n == "t" || (n == "I" && s.input)
	})
}

// cycle reports a subexpression that depends on itself.
func (s *scope) cycle(field string) error {
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string) error
	visit = func(name string) error {
		switch state[name] {
		case 1:
			st := s.subs[name]
			return &eqErr{field, st.npos, fmt.Sprintf("subexpression %q depends on itself", name)}
		case 2:
			return nil
		}
		state[name] = 1
		var err error
		s.subs[name].rhs.walk(func(n *enode) {
			if err == nil && n.op == eIdent && s.subs[n.name] != nil {
				err = visit(n.name)
			}
		})
		state[name] = 2
		return err
	}
	var names []string
	for k := range s.subs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := visit(k); err != nil {
			return err
		}
	}
	return nil
}

// linear reports whether e is linear in state variable v (a·v + b with
// a and b free of v), through subexpressions: the condition of
// exponential Euler and of event-driven equations.
func (s *scope) linear(e *enode, v string) bool {
	var lin func(e *enode) (ok, has bool)
	lin = func(e *enode) (bool, bool) {
		switch e.op {
		case eNum:
			return true, false
		case eIdent:
			if e.name == v {
				return true, true
			}
			if sub := s.subs[e.name]; sub != nil {
				return lin(sub.rhs)
			}
			return true, false
		case eNeg:
			return lin(e.args[0])
		case eAdd, eSub:
			ok1, h1 := lin(e.args[0])
			ok2, h2 := lin(e.args[1])
			return ok1 && ok2, h1 || h2
		case eMul:
			ok1, h1 := lin(e.args[0])
			ok2, h2 := lin(e.args[1])
			return ok1 && ok2 && !(h1 && h2), h1 || h2
		case eDiv:
			ok1, h1 := lin(e.args[0])
			ok2, h2 := lin(e.args[1])
			return ok1 && ok2 && !h2, h1
		}
		// anything else must not depend on v
		for _, a := range e.args {
			if _, h := lin(a); h {
				return false, true
			}
			if ok, _ := lin(a); !ok {
				return false, true
			}
		}
		return true, false
	}
	ok, _ := lin(e)
	return ok
}

// divSite is a division whose denominator does not change during a run:
// it is checked for zeros before the first step.
type divSite struct {
	node  int32 // the denominator
	field string
	pos   epos
	text  string
}

// builder turns syntax trees into ir nodes for one compilation.
type builder struct {
	g       *ir
	sc      *scope
	field   string
	dt      float64
	n       int
	state   []int32 // iVar node of each state
	param   []int32 // const or iRun node of each parameter
	subMemo map[string]int32
	time    int32
	index   int32 // iRun node of the element index, or −1 until used
	indexFn func() int32
	vmem    int32 // membrane state node for I, or −1
	divs    []divSite
	noiseFn func(name string) int32 // the node of noise term name (eq_noise.go)
}

// timeAndIndex gives the builder its time node, in a new slot of v whose
// index it returns, and the element index of n elements, made on first
// use.
func (b *builder) timeAndIndex(v *vm, n int) int32 {
	v.slots = append(v.slots, slot{})
	ts := int32(len(v.slots) - 1)
	b.time = b.g.add(inode{op: iTime, ref: ts, a: -1, b: -1, c: -1, dyn: true})
	b.index = -1
	b.indexFn = func() int32 {
		if b.index < 0 {
			idx := make([]float64, n)
			for i := range idx {
				idx[i] = float64(i)
			}
			v.slots = append(v.slots, slot{v: idx})
			b.index = b.g.add(inode{op: iRun, ref: int32(len(v.slots) - 1), a: -1, b: -1, c: -1, vec: true})
		}
		return b.index
	}
	return ts
}

func (b *builder) node(e *enode) int32 {
	g := b.g
	switch e.op {
	case eNum:
		return g.konst(e.x)
	case eIdent:
		if k := b.sc.stateIndex(e.name); k >= 0 {
			return b.state[k]
		}
		if k := b.sc.paramIndex(e.name); k >= 0 {
			return b.param[k]
		}
		if sub := b.sc.subs[e.name]; sub != nil {
			if id, ok := b.subMemo[e.name]; ok {
				return id
			}
			id := b.node(sub.rhs)
			b.subMemo[e.name] = id
			return id
		}
		switch e.name {
		case "t":
			return b.time
		case "dt":
			return g.konst(b.dt)
		case "N":
			return g.konst(float64(b.n))
		case "i":
			return b.indexFn()
		case "I":
			return g.op(iInput, b.vmem, -1, -1)
		}
		if b.noiseFn != nil && isNoiseName(e.name) {
			return b.noiseFn(e.name)
		}
		return g.konst(eqUnits[e.name])
	case eNeg:
		return g.op(iNeg, b.node(e.args[0]), -1, -1)
	case eNot:
		return g.op(iNot, b.node(e.args[0]), -1, -1)
	case eCall:
		if op, ok := eqFuncs1[e.name]; ok {
			return g.op(op, b.node(e.args[0]), -1, -1)
		}
		f := eqFuncsN[e.name]
		a := b.node(e.args[0])
		c := int32(-1)
		if f.n == 3 {
			c = b.node(e.args[2])
		}
		return g.op(f.op, a, b.node(e.args[1]), c)
	}
	x, y := b.node(e.args[0]), b.node(e.args[1])
	op := binOps[e.op]
	if op == iDiv && !g.nodes[y].dyn {
		b.divs = append(b.divs, divSite{node: y, field: b.field, pos: e.pos, text: e.args[1].String()})
	}
	return g.op(op, x, y, -1)
}

// binOps maps the binary operators of the syntax to DAG operations.
var binOps = [...]iop{eAdd: iAdd, eSub: iSub, eMul: iMul, eDiv: iDiv, ePow: iPow, eLT: iLT, eLE: iLE,
	eGT: iGT, eGE: iGE, eEQ: iEQ, eNE: iNE, eAnd: iAnd, eOr: iOr, eNot: iNot}

// linParts splits node f, linear in state node x, into A + B·x; B is −1
// when f does not depend on x. It follows the DAG, so it works on what
// the builder made.
func (g *ir) linParts(f, x int32) (A, B int32) {
	if f == x {
		return g.konst(0), g.konst(1)
	}
	n := g.nodes[f]
	if !g.dependsOn(f, x) {
		return f, -1
	}
	switch n.op {
	case iInput: // I + Σ g·(E − v) = (I + Σ g·E) − (Σ g)·v
		return g.op(iInputA, -1, -1, -1), g.op(iNeg, g.op(iInputG, -1, -1, -1), -1, -1)
	case iNeg:
		a, b := g.linParts(n.a, x)
		return g.op(iNeg, a, -1, -1), g.op(iNeg, b, -1, -1)
	case iAdd, iSub:
		a1, b1 := g.linParts(n.a, x)
		a2, b2 := g.linParts(n.b, x)
		switch {
		case b1 < 0:
			if n.op == iSub {
				b2 = g.op(iNeg, b2, -1, -1)
			}
			return g.op(n.op, a1, a2, -1), b2
		case b2 < 0:
			return g.op(n.op, a1, a2, -1), b1
		}
		return g.op(n.op, a1, a2, -1), g.op(n.op, b1, b2, -1)
	case iMul:
		a1, b1 := g.linParts(n.a, x)
		a2, b2 := g.linParts(n.b, x)
		if b1 < 0 {
			return g.op(iMul, a1, a2, -1), g.op(iMul, a1, b2, -1)
		}
		return g.op(iMul, a1, a2, -1), g.op(iMul, b1, a2, -1)
	case iDiv:
		a1, b1 := g.linParts(n.a, x)
		return g.op(iDiv, a1, n.b, -1), g.op(iDiv, b1, n.b, -1)
	}
	panic("pyn: equations: linParts on a non-linear expression")
}

func (g *ir) dependsOn(f, x int32) bool {
	if f < 0 {
		return false
	}
	if f == x {
		return true
	}
	n := g.nodes[f]
	return g.dependsOn(n.a, x) || g.dependsOn(n.b, x) || g.dependsOn(n.c, x)
}

// eval computes an expression of parameters for element i by walking
// the tree (initial values: no compilation needed). pv holds the
// parameters' values per element.
func (s *scope) eval(e *enode, pv [][]float64, i, n int) float64 {
	switch e.op {
	case eNum:
		return e.x
	case eIdent:
		if k := s.paramIndex(e.name); k >= 0 {
			return pv[k][i]
		}
		if sub := s.subs[e.name]; sub != nil {
			return s.eval(sub.rhs, pv, i, n)
		}
		switch e.name {
		case "i":
			return float64(i)
		case "N":
			return float64(n)
		}
		return eqUnits[e.name]
	case eNeg:
		return -s.eval(e.args[0], pv, i, n)
	case eNot:
		return b2f(s.eval(e.args[0], pv, i, n) == 0)
	case eCall:
		if op, ok := eqFuncs1[e.name]; ok {
			return apply(op, s.eval(e.args[0], pv, i, n), 0, 0)
		}
		var a [3]float64
		for k, x := range e.args {
			a[k] = s.eval(x, pv, i, n)
		}
		return apply(eqFuncsN[e.name].op, a[0], a[1], a[2])
	}
	return apply(binOps[e.op], s.eval(e.args[0], pv, i, n), s.eval(e.args[1], pv, i, n), 0)
}
