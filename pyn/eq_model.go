package pyn

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"sort"
	"strings"
)

// Equations is a neuron model written as text in a Brian 2–like
// language (docs/equations.md has the grammar):
//
//	m := pyn.Equations{
//		Eqs: `dv/dt = 0.04*v**2 + 5*v + 140 - u + I : mV
//		      du/dt = a*(b*v - u)                  : 1`,
//		Threshold: "v >= 30",
//		Reset:     "v = c; u += d",
//		Params:    map[string]float64{"a": 0.02, "b": 0.2, "c": -65, "d": 8},
//		Init:      map[string]string{"v": "-65", "u": "b*-65"},
//	}
//
// Quantities are in pyn's units (ms, mV, pA, nS, pF; see doc.go); unit
// names in expressions are scale factors into them (ms = 1, nA = 1000).
// A text whose expressions name a unit (dv/dt = (EL - v)/tau : mV,
// tau = 10*ms) is checked for dimensions against the units after ':';
// in a unit-free text they are comments.
type Equations struct {
	// Eqs holds one statement a line: "dx/dt = expr" (a state
	// variable), "x = expr" (a named subexpression) or "x : unit" (a
	// parameter, which must have a value in Params). A differential
	// equation may end in the flag (unless refractory): the variable is
	// held during the refractory period.
	Eqs string
	// Threshold is the spike condition, e.g. "v >= 30"; "" means the
	// model never spikes. It must refer to a state variable.
	Threshold string
	// Reset holds the statements run, in order, for each neuron that
	// spiked, in the same step: "v = c; u += d" (separated by ';' or
	// newlines; operators =, +=, -=, *=, /=).
	Reset string
	// Refractory is the refractory period, ms: an expression of
	// parameters ("2", "TRef"); "" means none. During it the threshold
	// is not tested and the (unless refractory) variables are held.
	Refractory string
	// Params are the parameters and their values, shared by every
	// neuron until SetParam or Spread makes them per-neuron.
	Params map[string]float64
	// Init gives the initial value of state variables as expressions of
	// parameters ("b*v0"); a variable not listed starts at 0.
	Init map[string]string
	// Method is the integrator; the zero value chooses by the rule of
	// MethodAuto.
	Method Method
	// V names the membrane potential, the variable conductance synapses
	// act on (I includes Σ g·(E − V)); "" means "v".
	V string
}

// clone returns a copy of m that shares no map with it.
func (m Equations) clone() Equations {
	m.Params = maps.Clone(m.Params)
	m.Init = maps.Clone(m.Init)
	return m
}

// Method is the integrator of an equation model. Every method takes the
// input I as constant over the step.
type Method int

// Integrators.
const (
	// MethodAuto: exponential Euler when every equation is linear in its
	// own variable (coefficients may depend on the others), RK4
	// otherwise.
	MethodAuto Method = iota
	// MethodEuler: forward Euler, every variable from the state at the
	// start of the step: x ← x + dt·f(x). A right-hand side of the form
	// p·X with p free of state is stepped as (dt·p)·X.
	MethodEuler
	// MethodSequentialEuler: forward Euler one variable at a time, in
	// the order of Eqs, each from the variables already updated: the
	// scheme of Izhikevich's published code (v first, then u with the
	// new v).
	MethodSequentialEuler
	// MethodExponentialEuler: each variable x with x' = A + B·x (A, B
	// from the state at the start of the step) relaxes exactly:
	// x ← −A/B + (x + A/B)·e^(B·dt), or x + dt·A where B = 0 (Brian 2's
	// exponential_euler). Stable at any dt; needs equations linear in
	// their own variable.
	MethodExponentialEuler
	// MethodRK4: classical fourth-order Runge–Kutta. If the threshold
	// holds at an intermediate stage the step ends with a spike, and the
	// variables take the forward-Euler step of the first stage before
	// the reset (so a diverging upstroke never feeds the other variables).
	MethodRK4
)

func (m Method) String() string { return enumName(methodNames, int(m), "Method") }

// eqModel is a population model compiled from Equations.
type eqModel struct {
	name   string
	n      int
	src    Equations
	sc     *scope
	diffs  []*estmt // differential equations, in order
	held   []bool   // per state: (unless refractory)
	thr    *enode
	rst    []estmt
	refr   *enode
	ini    []*enode // per state, or nil
	method Method
	vmem   int // index of the membrane state, or −1

	noiseNames []string    // xi, xi_*: in order of first use in Eqs
	noise      [][]float64 // per noise name, per neuron: N(0, 1)/sqrt(dt) of this step
	noiseFrom  *rand.Rand  // the population stream noiseRng was seeded from
	noiseRng   *xrand

	pv  [][]float64 // per parameter, per neuron
	tab ptab

	x [][]float64 // per state, per neuron

	// compiled for one dt and one set of parameter values
	ready   bool
	dtDone  float64
	vm      *vm
	stateSl []int32 // slot of each state
	timeSl  int32
	code    [][]instr // the step program (RK4: the derivatives, stored in kSl)
	kSl     []int32   // RK4: slots bound to k1…k4 in turn
	thrCode []instr   // the threshold, stored in thrOut
	thrOut  []float64
	rstCode [][]instr
	rstSl   []int32
	rstX    []int // the state each reset statement sets
	refrSl  int32
	initSl  []int32
	k       [][]float64 // RK4: k1..k4 per state (4·m) and stage states (m)
	stage   [][]float64
	cut     []bool
	save    [][]float64 // held variables at the start of the step
	refLeft []float64
	inRef   []bool
	spk     []int32
	// direct: the step program reports spikes itself (iSpikeGE/GT);
	// checked: its axpy forms check that the state stays finite.
	direct, checked bool
	// fusable: the model takes a fusedInput (eq_fused.go); ferr is the
	// error of the last stepFused.
	fusable bool
	ferr    error
	fin     input // stepFused's input when the program cannot fuse
}

// NewModel returns a population of n neurons of the model m. The text is
// parsed and checked once, here: an error names the field, line and
// column (unknown variable, a threshold that refers to no state
// variable, a division by a parameter that is zero, …). Parameters are
// shared until SetParam or Spread sets them per neuron.
func NewModel(name string, n int, m Equations) (*Population, error) {
	em, err := compileEquations(m)
	if err != nil {
		return nil, inputErrorf("pyn: NewModel %q: %w", name, err).pop(name)
	}
	em.name = name
	em.n = n
	em.pv = make([][]float64, len(em.sc.params))
	for k, p := range em.sc.params {
		em.tab = append(em.tab, pslot{p, &em.pv[k]})
	}
	vals := make([]float64, len(em.sc.params))
	for k, p := range em.sc.params {
		vals[k] = m.Params[p]
	}
	em.tab.alloc(n, vals...)
	var perr error
	if err := em.tab.check(); err != nil {
		perr = err
	} else if n > 0 {
		// Divisions by parameters that are zero, with the given values
		// (shared by every neuron until SetParam: one neuron is enough).
		one := *em
		one.n = 1
		one.pv = make([][]float64, len(em.pv))
		for k := range em.pv {
			one.pv[k] = em.pv[k][:1]
		}
		if err := one.compile(defaultDt); err != nil {
			perr = err
		}
	}
	if perr != nil {
		return nil, inputErrorf("pyn: NewModel %q: %w", name, perr).pop(name)
	}
	p := newPop(name, n, em, nil)
	if p.err != nil {
		return nil, p.err
	}
	return p, nil
}

// compileEquations parses and checks the text of m.
func compileEquations(m Equations) (*eqModel, error) {
	stmts, err := parseEqs("Eqs", m.Eqs)
	if err != nil {
		return nil, err
	}
	em := &eqModel{src: m.clone(), vmem: -1}
	sc := &scope{subs: map[string]*estmt{}, input: true, noise: true}
	em.sc = sc
	defined := map[string]epos{}
	inputDecl := false
	for i := range stmts {
		s := &stmts[i]
		if s.kind == sDecl && s.name == "I" && !inputDecl {
			inputDecl = true // "I : nA": the unit of the input, checked with the dimensions
			continue
		}
		if p, dup := defined[s.name]; dup {
			return nil, &eqErr{"Eqs", s.npos, fmt.Sprintf("%q is defined twice (first at line %d)", s.name, p.line)}
		}
		if s.name == "I" || hasName(eqReserved, s.name) {
			return nil, &eqErr{"Eqs", s.npos, fmt.Sprintf("%q is a built-in name (t, dt, i, N, and I, the input current)", s.name)}
		}
		defined[s.name] = s.npos
		switch s.kind {
		case sDiff:
			em.diffs = append(em.diffs, s)
			sc.states = append(sc.states, s.name)
			held := false
			for _, f := range s.flags {
				switch f {
				case "unless refractory":
					held = true
				case "constant", "shared":
				default:
					return nil, &eqErr{"Eqs", s.npos, fmt.Sprintf("unknown flag (%s) for a neuron equation (known: unless refractory)", f)}
				}
			}
			em.held = append(em.held, held)
		case sSub:
			sc.subs[s.name] = s
		case sDecl:
			if _, ok := m.Params[s.name]; !ok {
				return nil, &eqErr{"Eqs", s.npos, fmt.Sprintf("parameter %q has no value in Params", s.name)}
			}
			sc.params = append(sc.params, s.name)
		}
	}
	if len(sc.states) == 0 {
		return nil, &eqErr{"Eqs", epos{1, 1}, "no differential equation (dx/dt = …)"}
	}
	var rest []string
	for k := range m.Params {
		if _, ok := defined[k]; ok && sc.paramIndex(k) < 0 {
			return nil, fmt.Errorf("parameter %q (Params) is also a variable or subexpression of Eqs (line %d)", k, defined[k].line)
		}
		if sc.paramIndex(k) < 0 {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	sc.params = append(sc.params, rest...)
	for _, k := range sc.params {
		if k == "I" || hasName(eqReserved, k) {
			return nil, fmt.Errorf("parameter %q (Params) is a built-in name (t, dt, i, N, I)", k)
		}
	}
	if err := sc.cycle("Eqs"); err != nil {
		return nil, err
	}
	for _, s := range stmts {
		if s.rhs != nil {
			if err := sc.check("Eqs", s.rhs); err != nil {
				return nil, err
			}
		}
	}
	// membrane variable
	vname := m.V
	if vname == "" {
		vname = "v"
	}
	em.vmem = sc.stateIndex(vname)
	if m.V != "" && em.vmem < 0 {
		return nil, fmt.Errorf("membrane variable %q (V) is not a state variable (%s)", m.V, strings.Join(sc.states, ", "))
	}
	// threshold
	if em.thr, err = parseCond("Threshold", m.Threshold); err != nil {
		return nil, err
	}
	if em.thr != nil {
		if err := sc.check("Threshold", em.thr); err != nil {
			return nil, err
		}
		if !sc.uses(em.thr, func(n string) bool { return sc.stateIndex(n) >= 0 }) {
			return nil, &eqErr{"Threshold", em.thr.pos, fmt.Sprintf("the condition %s refers to no state variable (%s)", em.thr, strings.Join(sc.states, ", "))}
		}
	}
	// reset
	if em.rst, err = parseStmts("Reset", m.Reset); err != nil {
		return nil, err
	}
	if len(em.rst) > 0 && em.thr == nil {
		return nil, &eqErr{"Reset", em.rst[0].npos, "a reset without a threshold never runs"}
	}
	for _, s := range em.rst {
		if sc.stateIndex(s.name) < 0 {
			return nil, &eqErr{"Reset", s.npos, fmt.Sprintf("%q is not a state variable (%s)", s.name, strings.Join(sc.states, ", "))}
		}
		if err := sc.check("Reset", s.rhs); err != nil {
			return nil, err
		}
	}
	// refractory period and initial values: parameters only
	if em.refr, err = parseCond("Refractory", m.Refractory); err != nil {
		return nil, err
	}
	if em.refr != nil {
		if err := sc.check("Refractory", em.refr); err != nil {
			return nil, err
		}
		if sc.usesDynamic(em.refr) {
			return nil, &eqErr{"Refractory", em.refr.pos, "the refractory period must not depend on the state, I or t"}
		}
		if em.thr == nil {
			return nil, &eqErr{"Refractory", em.refr.pos, "a refractory period without a threshold never starts"}
		}
	}
	em.ini = make([]*enode, len(sc.states))
	var keys []string
	for k := range m.Init {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		j := sc.stateIndex(k)
		if j < 0 {
			return nil, fmt.Errorf("initial value of %q (Init): not a state variable (%s)", k, strings.Join(sc.states, ", "))
		}
		e, err := sc.initValue(k, m.Init[k], "parameters")
		if err != nil {
			return nil, err
		}
		if e == nil {
			continue
		}
		em.ini[j] = e
	}
	if err := em.checkDims(stmts); err != nil {
		return nil, err
	}
	if err := em.checkNoise(stmts, m.Method); err != nil {
		return nil, err
	}
	// integrator
	allLinear := true
	for _, d := range em.diffs {
		if !sc.linear(d.rhs, d.name) {
			allLinear = false
			if m.Method == MethodExponentialEuler {
				return nil, &eqErr{"Eqs", d.npos, fmt.Sprintf("exponential Euler needs dx/dt linear in x; d%s/dt is not linear in %s (use MethodRK4 or MethodEuler)", d.name, d.name)}
			}
		}
	}
	em.method = m.Method
	switch {
	case m.Method == MethodAuto && len(em.noiseNames) > 0:
		em.method = MethodEuler // Euler–Maruyama
	case m.Method == MethodAuto:
		em.method = MethodRK4
		if allLinear {
			em.method = MethodExponentialEuler
		}
	case m.Method == MethodEuler, m.Method == MethodSequentialEuler, m.Method == MethodExponentialEuler, m.Method == MethodRK4:
	default:
		return nil, fmt.Errorf("Method: unknown integrator %d", int(m.Method))
	}
	return em, nil
}

func (m *eqModel) kind() string         { return "Equations" }
func (m *eqModel) source() bool         { return false }
func (m *eqModel) paramNames() []string { return m.tab.names() }
func (m *eqModel) vars() []string       { return append([]string(nil), m.sc.states...) }

func (m *eqModel) param(name string) ([]float64, bool) { return m.tab.get(name) }

func (m *eqModel) setParam(name string, v []float64) error {
	if err := m.tab.set(name, m.n, v); err != nil {
		return err
	}
	m.ready = false
	return nil
}

func (m *eqModel) valid() error { return m.tab.check() }

func (m *eqModel) init(n int) error {
	if n != m.n || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	if err := m.tab.check(); err != nil {
		return err
	}
	m.x = make([][]float64, len(m.sc.states))
	for j := range m.x {
		m.x[j] = make([]float64, n)
	}
	m.refLeft = make([]float64, n)
	m.inRef = make([]bool, n)
	m.spk = make([]int32, 0, n)
	m.ready = false
	m.reset()
	return nil
}

// prepare compiles the model for steps of dt (again only if dt or a
// parameter changed since the last compilation).
func (m *eqModel) prepare(dt float64) error {
	if m.ready && m.dtDone == dt {
		return nil
	}
	return m.compile(dt)
}

func (m *eqModel) state(name string) []float64 {
	if j := m.sc.stateIndex(name); j >= 0 && m.x != nil {
		return m.x[j]
	}
	return nil
}

// reset sets every state variable to its initial value.
func (m *eqModel) reset() {
	if m.x == nil {
		return
	}
	for j := range m.sc.states {
		x := m.x[j]
		if m.ini[j] == nil {
			clear(x)
			continue
		}
		for i := range x {
			x[i] = m.sc.eval(m.ini[j], m.pv, i, m.n)
		}
	}
	clear(m.refLeft)
}

// divErr is the error of a division by zero found before the first step.
func divErr(d divSite, neuron int) error {
	e := inputErrorf("%s line %d, column %d: division by %s, which is 0 for neuron %d", d.field, d.pos.line, d.pos.col, d.text, neuron)
	return e.neuron(neuron).param(d.text, 0)
}

var errNoMembrane = errors.New("conductance synapses need a membrane variable: name it v or set Equations.V")
