package pyn

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strings"
)

// SynapseEquations is a synapse model written in the equation language:
// per-synapse variables, statements run on presynaptic (OnPre) and
// postsynaptic (OnPost) spikes, and continuous terms solved exactly
// between events (Brian 2's "(event-driven)"). Use it through
// NewSynapseModel and Conn.Model.
//
//	pyn.SynapseEquations{
//		Eqs: `dx/dt = (1 - x)/tau_d : 1 (event-driven)
//		      du/dt = -u/tau_f      : 1 (event-driven)`,
//		OnPre: `u += U*(1 - u)
//		        I_post += w*u*x
//		        x -= u*x`,
//		Params: map[string]float64{"U": 0.5, "tau_d": 800, "tau_f": 1},
//		Init:   map[string]string{"x": "1"},
//	}
type SynapseEquations struct {
	// Eqs declares the per-synapse variables, one a line:
	// "dx/dt = expr : unit (event-driven)" (x' linear in x with
	// coefficients of Params: solved exactly from one event to the next)
	// or "x : unit" (a variable changed only by statements). w, the
	// synaptic weight, always exists and starts at the connection's
	// weight (Conn.Weight, Scale, Inhibitory, Weights).
	Eqs string
	// OnPre runs for every synapse of a presynaptic neuron that spiked,
	// at the spike (before the delay). The statement "I_post += expr"
	// (current synapses) or "g_post += expr" (CondExp) sends expr through
	// the connection's Synapse and delay, in place of the weight; without
	// it nothing is sent.
	OnPre string
	// OnPost runs for every synapse onto a postsynaptic neuron that
	// spiked, after the presynaptic events of the same step.
	OnPost string
	// Params are constants shared by every synapse.
	Params map[string]float64
	// Init gives the initial value of variables as expressions of Params;
	// missing ones start at 0 (w at the connection's weight).
	Init map[string]string
}

// SynapseModel is a compiled SynapseEquations, ready for Conn.Model.
type SynapseModel struct {
	src    SynapseEquations
	sc     *scope
	ed     []bool // per variable: event-driven
	rhs    []*enode
	pre    []estmt
	post   []estmt
	ini    []*enode
	target string // "I_post", "g_post" or ""
	wIdx   int
}

// NewSynapseModel parses and checks s. Errors name the field, line and
// column.
func NewSynapseModel(s SynapseEquations) (*SynapseModel, error) {
	m, err := compileSynapse(s)
	if err != nil {
		return nil, inputErrorf("pyn: NewSynapseModel: %w", err)
	}
	return m, nil
}

func compileSynapse(s SynapseEquations) (*SynapseModel, error) {
	stmts, err := parseEqs("Eqs", s.Eqs)
	if err != nil {
		return nil, err
	}
	m := &SynapseModel{src: s.clone()}
	sc := &scope{subs: map[string]*estmt{}}
	m.sc = sc
	seen := map[string]bool{}
	for i := range stmts {
		st := &stmts[i]
		if seen[st.name] {
			return nil, &eqErr{"Eqs", st.npos, fmt.Sprintf("%q is defined twice", st.name)}
		}
		seen[st.name] = true
		if hasName(eqReserved, st.name) || st.name == "I_post" || st.name == "g_post" {
			return nil, &eqErr{"Eqs", st.npos, fmt.Sprintf("%q is a built-in name", st.name)}
		}
		if _, ok := s.Params[st.name]; ok {
			return nil, &eqErr{"Eqs", st.npos, fmt.Sprintf("%q is also in Params", st.name)}
		}
		switch st.kind {
		case sDiff:
			if !hasName(st.flags, "event-driven") {
				return nil, &eqErr{"Eqs", st.npos, fmt.Sprintf("d%s/dt: synaptic equations must be (event-driven)", st.name)}
			}
			sc.states = append(sc.states, st.name)
			m.ed = append(m.ed, true)
			m.rhs = append(m.rhs, st.rhs)
		case sDecl:
			sc.states = append(sc.states, st.name)
			m.ed = append(m.ed, false)
			m.rhs = append(m.rhs, nil)
		case sSub:
			sc.subs[st.name] = st
		}
	}
	if !seen["w"] {
		sc.states = append(sc.states, "w")
		m.ed = append(m.ed, false)
		m.rhs = append(m.rhs, nil)
	}
	m.wIdx = sc.stateIndex("w")
	for k := range s.Params {
		if hasName(eqReserved, k) {
			return nil, fmt.Errorf("parameter %q (Params) is a built-in name (t, dt, i, N)", k)
		}
		sc.params = append(sc.params, k)
	}
	sort.Strings(sc.params)
	if err := sc.cycle("Eqs"); err != nil {
		return nil, err
	}
	for j, r := range m.rhs {
		if r == nil {
			continue
		}
		if err := sc.check("Eqs", r); err != nil {
			return nil, err
		}
		x := sc.states[j]
		other := sc.uses(r, func(n string) bool { return n != x && sc.stateIndex(n) >= 0 || n == "t" })
		if other || !sc.linear(r, x) {
			return nil, &eqErr{"Eqs", r.pos, fmt.Sprintf("an event-driven equation must be linear in %s with coefficients of Params only", x)}
		}
	}
	for _, f := range []struct {
		name string
		src  string
		dst  *[]estmt
	}{{"OnPre", s.OnPre, &m.pre}, {"OnPost", s.OnPost, &m.post}} {
		list, err := parseStmts(f.name, f.src)
		if err != nil {
			return nil, err
		}
		for _, st := range list {
			if st.name == "I_post" || st.name == "g_post" {
				if f.name != "OnPre" || st.op != "+=" {
					return nil, &eqErr{f.name, st.npos, fmt.Sprintf("%s takes only \"+=\" in OnPre", st.name)}
				}
				if m.target != "" {
					return nil, &eqErr{f.name, st.npos, "OnPre sends to the postsynaptic neuron at most once"}
				}
				m.target = st.name
			} else if sc.stateIndex(st.name) < 0 {
				return nil, &eqErr{f.name, st.npos, fmt.Sprintf("%q is not a synaptic variable (%s)", st.name, strings.Join(sc.states, ", "))}
			}
			if err := sc.check(f.name, st.rhs); err != nil {
				return nil, err
			}
		}
		*f.dst = list
	}
	m.ini = make([]*enode, len(sc.states))
	for k, text := range s.Init {
		j := sc.stateIndex(k)
		if j < 0 {
			return nil, fmt.Errorf("initial value of %q (Init): not a synaptic variable (%s)", k, strings.Join(sc.states, ", "))
		}
		e, err := sc.initValue(k, text, "Params")
		if err != nil {
			return nil, err
		}
		if e == nil {
			continue
		}
		m.ini[j] = e
	}
	if err := m.checkDims(stmts); err != nil {
		return nil, err
	}
	return m, nil
}

// Vars lists the per-synapse variables of the model.
func (m *SynapseModel) Vars() []string {
	if m == nil {
		return nil
	}
	return append([]string(nil), m.sc.states...)
}

// Equations returns the text the model was made from (a copy), so that
// it can be saved and made again with NewSynapseModel.
func (m *SynapseModel) Equations() SynapseEquations {
	if m == nil {
		return SynapseEquations{}
	}
	return m.src.clone()
}

func (s SynapseEquations) clone() SynapseEquations {
	s.Params = maps.Clone(s.Params)
	s.Init = maps.Clone(s.Init)
	return s
}

// check reports a model that cannot drive the connection's synapse kind.
func (m *SynapseModel) check(kind SynapseKind) error {
	switch {
	case m.target == "g_post" && kind != CondExp:
		return fmt.Errorf("the synapse model sends g_post but the connection's Synapse is not CondExp")
	case m.target == "I_post" && kind == CondExp:
		return fmt.Errorf("the synapse model sends I_post but the connection's Synapse is CondExp (send g_post)")
	}
	return nil
}

// synRT is a synapse model running on one projection: its variables per
// synapse (in the projection's synapse order) and the programs of its
// events.
type synRT struct {
	m      *SynapseModel
	n      int
	x      [][]float64 // per variable, per synapse
	x0     [][]float64 // initial values
	last   []float64   // per synapse: time of its last event, ms
	vm     *vm
	timeSl int32
	edA    []float64 // per variable: A and B of x' = A + B·x
	edB    []float64
	pre    []evStmt
	post   []evStmt
	revSt  []int64
	revSyn []int32
	out    []float64 // runRange: the values sent by a block of synapses
	ex     []float64 // advanceRange: per variable, the last exponential
	// gx holds, per variable, a block of gathered values (runGather),
	// when OnPost can run as vector instructions (its code reads no
	// per-synapse vector but the variables, which are slots 0…m−1).
	gx [][]float64
}

type evStmt struct {
	code []instr
	sl   int32
	dst  int // variable, or −1: the delivery
}

// newSynRT compiles m for projection pr (after it is built) at step dt.
func newSynRT(pr *projection, m *SynapseModel, dt float64) (*synRT, error) {
	if pr.dense {
		return nil, fmt.Errorf("pyn: internal: synapse model on a dense projection")
	}
	n := len(pr.syn)
	sc := m.sc
	rt := &synRT{m: m, n: n}
	v := newVM(n)
	g := newIR()
	b := &builder{g: g, sc: sc, field: "Eqs", dt: dt, n: n, subMemo: map[string]int32{}, vmem: -1}
	rt.x = make([][]float64, len(sc.states))
	rt.x0 = make([][]float64, len(sc.states))
	b.state = make([]int32, len(sc.states))
	for j := range sc.states {
		rt.x[j] = make([]float64, n)
		rt.x0[j] = make([]float64, n)
		v.slots = append(v.slots, slot{v: rt.x[j]})
		b.state[j] = g.add(inode{op: iVar, ref: int32(len(v.slots) - 1), a: -1, b: -1, c: -1, dyn: true, vec: true})
	}
	b.param = make([]int32, len(sc.params))
	for k, p := range sc.params {
		b.param[k] = g.konst(m.src.Params[p])
	}
	rt.timeSl = b.timeAndIndex(v, n)
	// event-driven coefficients: constants after folding
	rt.edA = make([]float64, len(sc.states))
	rt.edB = make([]float64, len(sc.states))
	for j, r := range m.rhs {
		if r == nil {
			continue
		}
		A, B := g.linParts(b.node(r), b.state[j])
		if g.nodes[A].op != iConst || (B >= 0 && g.nodes[B].op != iConst) {
			return nil, &eqErr{"Eqs", r.pos, "an event-driven equation must have constant coefficients"}
		}
		rt.edA[j] = g.nodes[A].x
		if B >= 0 {
			rt.edB[j] = g.nodes[B].x
		}
	}
	stmts := func(field string, list []estmt) []int32 {
		b.field = field
		out := make([]int32, len(list))
		for k, s := range list {
			r := b.node(s.rhs)
			if j := sc.stateIndex(s.name); j >= 0 {
				x := b.state[j]
				switch s.op {
				case "+=":
					r = g.op(iAdd, x, r, -1)
				case "-=":
					r = g.op(iSub, x, r, -1)
				case "*=":
					r = g.op(iMul, x, r, -1)
				case "/=":
					r = g.op(iDiv, x, r, -1)
				}
			}
			out[k] = r
		}
		return out
	}
	preR := stmts("OnPre", m.pre)
	postR := stmts("OnPost", m.post)
	ini := make([]int32, len(m.ini))
	for j, e := range m.ini {
		ini[j] = -1
		if e != nil {
			b.field = "Init[" + sc.states[j] + "]"
			ini[j] = b.node(e)
		}
	}
	l := newLowering(g, v)
	mk := func(list []estmt, roots []int32) []evStmt {
		out := make([]evStmt, len(list))
		for k, s := range list {
			c, o := l.compile([]int32{roots[k]})
			out[k] = evStmt{code: c, sl: o[0], dst: sc.stateIndex(s.name)}
		}
		return out
	}
	rt.pre = mk(m.pre, preR)
	rt.post = mk(m.post, postR)
	iniSl := make([]int32, len(ini))
	for j, r := range ini {
		iniSl[j] = -1
		if r >= 0 {
			iniSl[j] = l.place(r)
		}
	}
	divSl := make([]int32, len(b.divs))
	for k, d := range b.divs {
		divSl[k] = l.place(d.node)
	}
	rt.vm = v
	v.run(l.setup)
	for k, d := range b.divs {
		if s := &v.slots[divSl[k]]; n > 0 && at(s, 0) == 0 {
			return nil, &eqErr{d.field, d.pos, fmt.Sprintf("division by %s, which is 0", d.text)}
		}
	}
	for j := range sc.states {
		switch {
		case j == m.wIdx && iniSl[j] < 0:
			for k, s := range pr.syn {
				rt.x0[j][k] = float64(s.w)
			}
		case iniSl[j] >= 0:
			s := &v.slots[iniSl[j]]
			for k := range rt.x0[j] {
				rt.x0[j][k] = at(s, k)
			}
		}
	}
	if len(m.post) > 0 {
		rt.reverse(pr)
	}
	rt.last = make([]float64, n)
	rt.out = make([]float64, v.blk)
	rt.ex = make([]float64, len(rt.x))
	if gatherable(v, rt.post, len(rt.x)) {
		rt.gx = make([][]float64, len(rt.x))
		for j := range rt.gx {
			rt.gx[j] = make([]float64, v.blk)
		}
	}
	rt.reset()
	return rt, nil
}

// reverse builds the index of the synapses onto each postsynaptic neuron.
func (rt *synRT) reverse(pr *projection) {
	npost := pr.to.n
	rt.revSt = make([]int64, npost+1)
	for _, s := range pr.syn {
		rt.revSt[s.post+1]++
	}
	for j := 0; j < npost; j++ {
		rt.revSt[j+1] += rt.revSt[j]
	}
	rt.revSyn = make([]int32, len(pr.syn))
	pos := append([]int64(nil), rt.revSt[:npost]...)
	for k, s := range pr.syn {
		rt.revSyn[pos[s.post]] = int32(k)
		pos[s.post]++
	}
}

func (rt *synRT) reset() {
	for j := range rt.x {
		copy(rt.x[j], rt.x0[j])
	}
	clear(rt.last)
}

// advance brings the event-driven variables of synapse k to time t.
func (rt *synRT) advance(k int, t float64) {
	d := t - rt.last[k]
	if d == 0 {
		return
	}
	rt.last[k] = t
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
		x[k] = xinf + float64((x[k]-xinf)*math.Exp(B*d))
	}
}

// run executes the statements of one event on synapse k and returns the
// value sent to the postsynaptic neuron (0 without a delivery).
func (rt *synRT) run(list []evStmt, k int) (out float64, w float64) {
	v := rt.vm
	for _, s := range list {
		v.scalar(s.code, k)
		val := at(&v.slots[s.sl], k)
		if s.dst < 0 {
			out = val
			continue
		}
		rt.x[s.dst][k] = val
	}
	return out, rt.x[rt.m.wIdx][k]
}

// onPre runs OnPre for the synapses of every presynaptic spike of step s
// and queues what they send in the target channel, as deliver does with
// the weights. A spike's synapses are one run (per delay group), done as
// vector instructions when long enough.
func (pr *projection) onPre(spikes []int32, s int64, t float64) {
	rt := pr.sm
	rt.vm.slots[rt.timeSl].s = t
	ch := pr.ch
	D := int64(ch.depth)
	send := rt.m.target != ""
	var buf []float32
	w := rt.x[rt.m.wIdx]
	emit := func(k0 int, out []float64) {
		syn := pr.syn[k0 : k0+rt.vm.hi-rt.vm.lo]
		for q := range syn {
			syn[q].w = float32(w[k0+q])
		}
		if send && out != nil {
			for q, x := range out {
				buf[syn[q].post] += float32(x)
			}
		}
	}
	runs := func(lo, hi int64) {
		if hi-lo >= int64(synVecMin) {
			rt.runRange(rt.pre, int(lo), int(hi), t, emit)
			return
		}
		for k := lo; k < hi; k++ {
			rt.advance(int(k), t)
			out, w := rt.run(rt.pre, int(k))
			pr.syn[k].w = float32(w)
			if send {
				buf[pr.syn[k].post] += float32(out)
			}
		}
	}
	for _, i := range spikes {
		if !pr.varDelay {
			buf = ch.slotAt((s + int64(pr.one)) % D)
			runs(pr.row(i))
			continue
		}
		for gi := pr.rowGrp[i]; gi < pr.rowGrp[i+1]; gi++ {
			buf = ch.slotAt((s + int64(pr.grpDelay[gi])) % D)
			runs(pr.grpStart[gi], pr.grpStart[gi+1])
		}
	}
}

// onPost runs OnPost for the synapses onto every postsynaptic spike, as
// vector instructions on gathered copies when the run is long enough.
func (pr *projection) onPost(spikes []int32, t float64) {
	rt := pr.sm
	if len(rt.m.post) == 0 {
		return
	}
	rt.vm.slots[rt.timeSl].s = t
	for _, j := range spikes {
		ks := rt.revSyn[rt.revSt[j]:rt.revSt[j+1]]
		if rt.gx != nil && len(ks) >= synVecMin {
			rt.runGather(rt.post, ks, t, pr)
			continue
		}
		for _, k := range ks {
			rt.advance(int(k), t)
			_, w := rt.run(rt.post, int(k))
			pr.syn[k].w = float32(w)
		}
	}
}

// SynState returns a copy of synaptic variable name of the connection
// from pre to post (the first such connection with a synapse model), in
// the order of Network.Weights, after the last run: event-driven
// variables as they were at each synapse's last event.
func (n *Network) SynState(pre, post, name string) ([]float64, error) {
	if n == nil {
		return nil, errNilNet
	}
	if n.rt == nil {
		return nil, inputErrorf("pyn: SynState: the network has not run yet")
	}
	for _, pr := range n.rt.projs {
		if pr.spec.pre != pre || pr.spec.post != post || pr.sm == nil {
			continue
		}
		j := pr.sm.m.sc.stateIndex(name)
		if j < 0 {
			return nil, notFoundf("pyn: SynState: unknown synaptic variable %q (%s)", name, strings.Join(pr.sm.m.sc.states, ", "))
		}
		return append([]float64(nil), pr.sm.x[j]...), nil
	}
	return nil, notFoundf("pyn: SynState: no connection from %q to %q with a synapse model", pre, post)
}
