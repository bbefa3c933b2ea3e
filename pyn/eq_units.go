package pyn

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// This file is the dimension analysis of equation texts written with
// units (docs/equations.md, Units): each unit name has a dimension over
// pyn's base quantities time (ms), voltage (mV) and current (pA) — the
// others derive from them exactly in pyn's units (nS = pA/mV,
// pF = pA·ms/mV, GΩ = mV/pA) — and every expression of a model that
// names a unit is checked at compile time, with errors at line and column.

// dim is a physical dimension: twice the exponents of time, voltage and
// current (twice, so that sqrt stays exact), or any: a quantity whose
// dimension is not known (an undeclared parameter, the number 0), which
// fits every dimension.
type dim struct {
	e   [3]int
	any bool
}

var (
	dimOne     = dim{}
	dimAny     = dim{any: true}
	dimTime    = dim{e: [3]int{2, 0, 0}}
	dimVolt    = dim{e: [3]int{0, 2, 0}}
	dimCurrent = dim{e: [3]int{0, 0, 2}}
	// dimNoise is the dimension of xi, white noise: 1/sqrt(time).
	dimNoise = dim{e: [3]int{-1, 0, 0}}
)

func (d dim) mul(o dim) dim {
	if d.any || o.any {
		return dimAny
	}
	return dim{e: [3]int{d.e[0] + o.e[0], d.e[1] + o.e[1], d.e[2] + o.e[2]}}
}

func (d dim) inv() dim {
	if d.any {
		return d
	}
	return dim{e: [3]int{-d.e[0], -d.e[1], -d.e[2]}}
}

// fits reports whether quantities of dimensions d and o may be added or
// compared.
func (d dim) fits(o dim) bool { return d.any || o.any || d.e == o.e }

// String writes d in pyn's units: mV, pA/mV, mV/ms, ms**0.5, 1.
func (d dim) String() string {
	if d.any {
		return "any"
	}
	for _, n := range []struct {
		name string
		d    dim
	}{{"nS", dimCurrent.mul(dimVolt.inv())}, {"pF", dimCurrent.mul(dimTime).mul(dimVolt.inv())},
		{"Gohm", dimVolt.mul(dimCurrent.inv())}} {
		if n.d.e == d.e {
			return n.name
		}
	}
	var num, den []string
	for k, name := range []string{"mV", "pA", "ms"} {
		x := d.e[[]int{1, 2, 0}[k]]
		p := x
		if p < 0 {
			p = -p
		}
		if p == 0 {
			continue
		}
		s := name
		if p != 2 {
			s += "**" + strconv.FormatFloat(float64(p)/2, 'g', -1, 64)
		}
		if x > 0 {
			num = append(num, s)
		} else {
			den = append(den, s)
		}
	}
	out := strings.Join(num, "*")
	if out == "" {
		out = "1"
	}
	if len(den) == 1 {
		out += "/" + den[0]
	} else if len(den) > 1 {
		out += "/(" + strings.Join(den, "*") + ")"
	}
	return out
}

// eqUnitDims are the dimensions of the unit names of eqUnits.
var eqUnitDims = func() map[string]dim {
	cond := dimCurrent.mul(dimVolt.inv())
	capa := dimCurrent.mul(dimTime).mul(dimVolt.inv())
	res := dimVolt.mul(dimCurrent.inv())
	m := map[string]dim{}
	for _, g := range []struct {
		d     dim
		names string
	}{
		{dimTime, "ms msecond second us usecond"},
		{dimVolt, "mV mvolt volt uV"},
		{dimCurrent, "pA pamp nA namp uA amp"},
		{cond, "nS nsiemens uS usiemens mS pS siemens"},
		{capa, "pF pfarad nF nfarad uF farad"},
		{dimTime.inv(), "Hz hertz kHz"},
		{res, "Mohm Gohm ohm"},
	} {
		for _, n := range strings.Fields(g.names) {
			m[n] = g.d
		}
	}
	return m
}()

// usesUnits reports whether an expression of the model names a unit (a
// unit name the model does not define itself): then the model's text is
// checked for dimensions.
func (s *scope) usesUnits(es ...*enode) bool {
	found := false
	for _, e := range es {
		e.walk(func(n *enode) {
			if n.op == eIdent && s.isUnit(n.name) {
				found = true
			}
		})
	}
	return found
}

// isUnit reports whether name is a unit here: a unit name that no state,
// parameter or subexpression hides.
func (s *scope) isUnit(name string) bool {
	if _, ok := eqUnitDims[name]; !ok {
		return false
	}
	return s.stateIndex(name) < 0 && s.paramIndex(name) < 0 && s.subs[name] == nil
}

// parseUnit reads the unit after ':' ("mV", "nS/mV", "1", "mV/ms").
func parseUnit(field string, pos epos, text string) (dim, error) {
	text = strings.TrimSpace(text)
	if text == "" || text == "1" {
		return dimOne, nil
	}
	e, err := parseCond(field, text)
	if err != nil || e == nil {
		return dimAny, &eqErr{field, pos, fmt.Sprintf("cannot read the unit %q", text)}
	}
	var walk func(e *enode) (dim, error)
	walk = func(e *enode) (dim, error) {
		switch e.op {
		case eNum:
			return dimOne, nil
		case eIdent:
			if d, ok := eqUnitDims[e.name]; ok {
				return d, nil
			}
			return dimAny, &eqErr{field, pos, fmt.Sprintf("unknown unit %q in %q (known: %s)", e.name, text, unitNames())}
		case eMul, eDiv:
			a, err := walk(e.args[0])
			if err != nil {
				return a, err
			}
			b, err := walk(e.args[1])
			if err != nil {
				return b, err
			}
			if e.op == eDiv {
				b = b.inv()
			}
			return a.mul(b), nil
		case ePow:
			a, err := walk(e.args[0])
			if err != nil {
				return a, err
			}
			if x, ok := constNum(e.args[1]); ok {
				return a.pow(x)
			}
		}
		return dimAny, &eqErr{field, pos, fmt.Sprintf("cannot read the unit %q", text)}
	}
	return walk(e)
}

func unitNames() string {
	names := make([]string, 0, len(eqUnitDims))
	for k := range eqUnitDims {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// pow raises d to the constant power x.
func (d dim) pow(x float64) (dim, error) {
	if d.any || d.e == dimOne.e {
		return d, nil
	}
	var out dim
	for k := range d.e {
		y := float64(d.e[k]) * x
		if y != float64(int(y)) {
			return dimAny, fmt.Errorf("%s to the power %v is not a dimension", d, x)
		}
		out.e[k] = int(y)
	}
	return out, nil
}

// constNum returns the value of a constant number (possibly negated).
func constNum(e *enode) (float64, bool) {
	switch e.op {
	case eNum:
		return e.x, true
	case eNeg:
		x, ok := constNum(e.args[0])
		return -x, ok
	}
	return 0, false
}

// leftmost is the position of the first token of e.
func leftmost(e *enode) epos {
	p := e.pos
	for e != nil && len(e.args) > 0 && e.op != eCall && e.op != eNeg && e.op != eNot {
		e = e.args[0]
		if e.pos.line < p.line || e.pos.line == p.line && e.pos.col < p.col {
			p = e.pos
		}
	}
	return p
}

// dims computes the dimensions of a model's expressions.
type dims struct {
	sc     *scope
	states map[string]dim // declared units of states; missing: any
	params map[string]dim // declared units of parameters; missing: any
	subs   map[string]dim // computed, with their declared unit checked
	input  dim            // I
}

// of returns the dimension of e, or an error naming the first operation
// whose operands do not fit.
func (c *dims) of(field string, e *enode) (dim, error) {
	switch e.op {
	case eNum:
		if e.x == 0 {
			return dimAny, nil
		}
		return dimOne, nil
	case eIdent:
		n := e.name
		switch {
		case c.sc.stateIndex(n) >= 0:
			if d, ok := c.states[n]; ok {
				return d, nil
			}
			return dimAny, nil
		case c.sc.paramIndex(n) >= 0:
			if d, ok := c.params[n]; ok {
				return d, nil
			}
			return dimAny, nil
		case c.sc.subs[n] != nil:
			if d, ok := c.subs[n]; ok {
				return d, nil
			}
			st := c.sc.subs[n]
			d, err := c.of("Eqs", st.rhs)
			if err != nil {
				return d, err
			}
			if st.unit != "" {
				u, err := parseUnit("Eqs", st.npos, st.unit)
				if err != nil {
					return u, err
				}
				if !u.fits(d) {
					return bad2("Eqs", leftmost(st.rhs), "%s: right side has dimension %s but its unit is %s", n, d, u)
				}
				if d.any {
					d = u
				}
			}
			c.subs[n] = d
			return d, nil
		case n == "I" && c.sc.input:
			return c.input, nil
		case n == "t" || n == "dt":
			return dimTime, nil
		case n == "i" || n == "N":
			return dimOne, nil
		case c.sc.noise && isNoiseName(n):
			return dimNoise, nil
		}
		if d, ok := eqUnitDims[n]; ok {
			return d, nil
		}
		return dimAny, nil
	case eNeg:
		return c.of(field, e.args[0])
	case eNot:
		if _, err := c.of(field, e.args[0]); err != nil {
			return dimAny, err
		}
		return dimOne, nil
	case eCall:
		ds := make([]dim, len(e.args))
		for k, a := range e.args {
			d, err := c.of(field, a)
			if err != nil {
				return d, err
			}
			ds[k] = d
		}
		switch e.name {
		case "sqrt":
			return ds[0].pow(0.5)
		case "abs", "floor", "ceil":
			return ds[0], nil
		case "min", "max", "clip":
			out := ds[0]
			for k := 1; k < len(ds); k++ {
				if !out.fits(ds[k]) {
					return bad2(field, leftmost(e.args[k]), "%s: argument %d has dimension %s but the first has %s", e.name, k+1, ds[k], out)
				}
				if out.any {
					out = ds[k]
				}
			}
			return out, nil
		case "where":
			if !ds[1].fits(ds[2]) {
				return bad2(field, leftmost(e.args[2]), "where: the two values have dimensions %s and %s", ds[1], ds[2])
			}
			if ds[1].any {
				return ds[2], nil
			}
			return ds[1], nil
		case "pow":
			return c.power(field, e.args[0], e.args[1], ds[0], ds[1])
		}
		// exp, log, sin, …: a dimensionless argument
		if !ds[0].fits(dimOne) {
			return bad2(field, leftmost(e.args[0]), "%s needs a dimensionless argument, got %s", e.name, ds[0])
		}
		return dimOne, nil
	}
	a, err := c.of(field, e.args[0])
	if err != nil {
		return a, err
	}
	b, err := c.of(field, e.args[1])
	if err != nil {
		return b, err
	}
	switch e.op {
	case eMul:
		return a.mul(b), nil
	case eDiv:
		return a.mul(b.inv()), nil
	case ePow:
		return c.power(field, e.args[0], e.args[1], a, b)
	case eAdd, eSub:
		if !a.fits(b) {
			verb := "add"
			if e.op == eSub {
				verb = "subtract"
			}
			return bad2(field, e.pos, "cannot %s %s and %s", verb, a, b)
		}
		if a.any {
			return b, nil
		}
		return a, nil
	case eAnd, eOr:
		return dimOne, nil
	}
	// comparisons
	if !a.fits(b) {
		return bad2(field, e.pos, "cannot compare %s with %s (write numbers with their unit, e.g. 30*mV)", a, b)
	}
	return dimOne, nil
}

// bad2 is a dimension error in field at pos.
func bad2(field string, pos epos, format string, args ...any) (dim, error) {
	return dimAny, &eqErr{field, pos, fmt.Sprintf(format, args...)}
}

func (c *dims) power(field string, base, exp *enode, a, b dim) (dim, error) {
	if !b.fits(dimOne) {
		return bad2(field, leftmost(exp), "an exponent must be dimensionless, got %s", b)
	}
	if a.any || a.e == dimOne.e {
		return a, nil
	}
	x, ok := constNum(exp)
	if !ok {
		return bad2(field, leftmost(base), "a quantity of dimension %s raised to a power that is not a constant number", a)
	}
	d, err := a.pow(x)
	if err != nil {
		return bad2(field, leftmost(base), "%v", err)
	}
	return d, nil
}

// checkDims checks the dimensions of a neuron model whose text names a
// unit; models without units are left as they are (numbers in pyn's
// units, annotations after ':' as comments).
func (em *eqModel) checkDims(stmts []estmt) error {
	sc := em.sc
	exprs := []*enode{em.thr, em.refr}
	for i := range stmts {
		exprs = append(exprs, stmts[i].rhs)
	}
	for _, s := range em.rst {
		exprs = append(exprs, s.rhs)
	}
	exprs = append(exprs, em.ini...)
	if !sc.usesUnits(exprs...) {
		return nil
	}
	c := &dims{sc: sc, states: map[string]dim{}, params: map[string]dim{}, subs: map[string]dim{}, input: dimCurrent}
	for _, s := range stmts {
		if s.unit == "" || s.kind == sSub {
			continue
		}
		u, err := parseUnit("Eqs", s.npos, s.unit)
		if err != nil {
			return err
		}
		switch {
		case s.kind == sDiff:
			c.states[s.name] = u
		case s.name == "I":
			if !u.fits(dimCurrent) {
				return &eqErr{"Eqs", s.npos, fmt.Sprintf("I is the input current (pA); its unit %s is not a current", s.unit)}
			}
		default:
			c.params[s.name] = u
		}
	}
	for _, s := range stmts {
		if s.rhs == nil {
			continue
		}
		d, err := c.of("Eqs", s.rhs)
		if err != nil {
			return err
		}
		if s.kind == sDiff {
			x := c.states[s.name]
			if _, ok := c.states[s.name]; !ok {
				continue
			}
			if want := x.mul(dimTime.inv()); !d.fits(want) {
				// xi terms: the noise part has dimension x/sqrt(ms)
				return &eqErr{"Eqs", leftmost(s.rhs), fmt.Sprintf("d%s/dt: right side has dimension %s but %s/ms needs %s", s.name, d, s.name, want)}
			}
		}
	}
	if em.thr != nil {
		if _, err := c.of("Threshold", em.thr); err != nil {
			return err
		}
	}
	for _, s := range em.rst {
		d, err := c.of("Reset", s.rhs)
		if err != nil {
			return err
		}
		x, ok := c.states[s.name]
		if !ok {
			continue
		}
		switch s.op {
		case "*=", "/=":
			if !d.fits(dimOne) {
				return &eqErr{"Reset", leftmost(s.rhs), fmt.Sprintf("%s %s needs a dimensionless value, got %s", s.name, s.op, d)}
			}
		default:
			if !d.fits(x) {
				return &eqErr{"Reset", leftmost(s.rhs), fmt.Sprintf("%s %s …: right side has dimension %s but %s is in %s", s.name, s.op, d, s.name, x)}
			}
		}
	}
	if em.refr != nil {
		d, err := c.of("Refractory", em.refr)
		if err != nil {
			return err
		}
		if !d.fits(dimTime) {
			return &eqErr{"Refractory", leftmost(em.refr), fmt.Sprintf("the refractory period has dimension %s, want a time (ms)", d)}
		}
	}
	for j, e := range em.ini {
		if e == nil {
			continue
		}
		name := sc.states[j]
		d, err := c.of("Init["+name+"]", e)
		if err != nil {
			return err
		}
		if x, ok := c.states[name]; ok && !d.fits(x) {
			return &eqErr{"Init[" + name + "]", leftmost(e), fmt.Sprintf("initial value has dimension %s but %s is in %s", d, name, x)}
		}
	}
	return nil
}

// checkDims checks the dimensions of a synapse model whose text names a
// unit, as for neuron models: event-driven equations against their
// variables' units per ms, statements against the variable they change,
// I_post += e against a current (pA) and g_post += e against a
// conductance (nS). Parameters (Params) and w, unless declared in Eqs
// ("w : nS"), fit any dimension.
func (m *SynapseModel) checkDims(stmts []estmt) error {
	sc := m.sc
	var exprs []*enode
	for i := range stmts {
		exprs = append(exprs, stmts[i].rhs)
	}
	for _, l := range [][]estmt{m.pre, m.post} {
		for _, st := range l {
			exprs = append(exprs, st.rhs)
		}
	}
	exprs = append(exprs, m.ini...)
	if !sc.usesUnits(exprs...) {
		return nil
	}
	c := &dims{sc: sc, states: map[string]dim{}, params: map[string]dim{}, subs: map[string]dim{}, input: dimAny}
	for _, s := range stmts {
		if s.unit == "" || s.kind == sSub {
			continue
		}
		u, err := parseUnit("Eqs", s.npos, s.unit)
		if err != nil {
			return err
		}
		c.states[s.name] = u
	}
	for _, s := range stmts {
		if s.rhs == nil {
			continue
		}
		d, err := c.of("Eqs", s.rhs)
		if err != nil {
			return err
		}
		if x, ok := c.states[s.name]; ok && s.kind == sDiff {
			if want := x.mul(dimTime.inv()); !d.fits(want) {
				return &eqErr{"Eqs", leftmost(s.rhs), fmt.Sprintf("d%s/dt: right side has dimension %s but %s/ms needs %s", s.name, d, s.name, want)}
			}
		}
	}
	for _, f := range []struct {
		name string
		l    []estmt
	}{{"OnPre", m.pre}, {"OnPost", m.post}} {
		for _, st := range f.l {
			d, err := c.of(f.name, st.rhs)
			if err != nil {
				return err
			}
			x, ok := c.states[st.name]
			switch st.name {
			case "I_post":
				x, ok = dimCurrent, true
			case "g_post":
				x, ok = dimCurrent.mul(dimVolt.inv()), true
			}
			if !ok {
				continue
			}
			if st.op == "*=" || st.op == "/=" {
				x = dimOne
			}
			if !d.fits(x) {
				return &eqErr{f.name, leftmost(st.rhs), fmt.Sprintf("%s %s …: right side has dimension %s but %s needs %s", st.name, st.op, d, st.name, x)}
			}
		}
	}
	for j, e := range m.ini {
		if e == nil {
			continue
		}
		name := sc.states[j]
		d, err := c.of("Init["+name+"]", e)
		if err != nil {
			return err
		}
		if x, ok := c.states[name]; ok && !d.fits(x) {
			return &eqErr{"Init[" + name + "]", leftmost(e), fmt.Sprintf("initial value has dimension %s but %s is in %s", d, name, x)}
		}
	}
	return nil
}
