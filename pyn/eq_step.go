package pyn

import (
	"fmt"
)

// This file compiles an equation model for one step size and one set of
// parameter values (compile), and advances it by one step (step): the
// integrators of Method, the threshold, the reset and the refractory
// period, and the check that the state stays finite.

// compile lowers the model for step dt with the parameters as they are
// now. It runs when the model is made (to find divisions by zero), when
// a population is initialised, and again when dt or a parameter changes.
func (m *eqModel) compile(dt float64) error {
	n, sc := m.n, m.sc
	v := newVM(n)
	g := newIR()
	b := &builder{g: g, sc: sc, field: "Eqs", dt: dt, n: n, subMemo: map[string]int32{}, vmem: -1}
	m.stateSl = make([]int32, len(sc.states))
	b.state = make([]int32, len(sc.states))
	for j := range sc.states {
		var x []float64
		if m.x != nil {
			x = m.x[j]
		} else {
			x = make([]float64, n)
		}
		v.slots = append(v.slots, slot{v: x})
		m.stateSl[j] = int32(len(v.slots) - 1)
		b.state[j] = g.add(inode{op: iVar, ref: m.stateSl[j], a: -1, b: -1, c: -1, dyn: true, vec: true})
	}
	b.param = make([]int32, len(sc.params))
	for k := range sc.params {
		if x, ok := uniform(m.pv[k]); ok {
			b.param[k] = g.konst(x)
			continue
		}
		v.slots = append(v.slots, slot{v: m.pv[k]})
		b.param[k] = g.add(inode{op: iRun, ref: int32(len(v.slots) - 1), a: -1, b: -1, c: -1, vec: true})
	}
	m.timeSl = b.timeAndIndex(v, n)
	if m.vmem >= 0 {
		b.vmem = b.state[m.vmem]
	}
	b.noiseFn = m.noiseNodes(g, v)

	// The DAG of every program.
	f := make([]int32, len(m.diffs))
	for j, d := range m.diffs {
		f[j] = b.node(d.rhs)
	}
	dtn := g.konst(dt)
	// The Euler increment dt·f is s·F with s free of state: s = dt, F = f,
	// or s = dt·p, F = X when f = p·X (as the published Izhikevich code
	// groups dt·a). x += s·F is one instruction.
	scale := make([]int32, len(f))
	inc := func(j int) int32 {
		if nd := g.nodes[f[j]]; nd.op == iMul && !g.nodes[nd.a].dyn && g.nodes[nd.b].dyn {
			scale[j] = g.op(iMul, dtn, nd.a, -1)
			return nd.b
		}
		scale[j] = dtn
		return f[j]
	}
	var roots [][]int32
	switch m.method {
	case MethodEuler:
		r := make([]int32, len(f))
		for j := range f {
			r[j] = inc(j)
		}
		roots = append(roots, r)
	case MethodSequentialEuler:
		for j := range f {
			roots = append(roots, []int32{inc(j)})
		}
	case MethodExponentialEuler:
		r := make([]int32, len(f))
		for j := range f {
			x := b.state[j]
			A, B := g.linParts(f[j], x)
			euler := g.op(iAdd, x, g.op(iMul, dtn, A, -1), -1)
			if B < 0 {
				r[j] = euler
				continue
			}
			BA := g.op(iDiv, A, B, -1)
			E := g.op(iExp, g.op(iMul, B, dtn, -1), -1, -1)
			exact := g.op(iAdd, g.op(iNeg, BA, -1, -1), g.op(iMul, g.op(iAdd, x, BA, -1), E, -1), -1)
			if nb := g.nodes[B]; nb.op == iConst && nb.x != 0 {
				r[j] = exact
			} else {
				r[j] = g.op(iWhere, g.op(iNE, B, g.konst(0), -1), exact, euler)
			}
		}
		roots = append(roots, r)
	case MethodRK4:
		roots = append(roots, f)
	}
	var thr int32 = -1
	if m.thr != nil {
		b.field = "Threshold"
		thr = b.node(m.thr)
	}
	rst := make([]int32, len(m.rst))
	b.field = "Reset"
	for k, s := range m.rst {
		r := b.node(s.rhs)
		x := b.state[sc.stateIndex(s.name)]
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
		rst[k] = r
	}
	var refr int32 = -1
	if m.refr != nil {
		b.field = "Refractory"
		refr = b.node(m.refr)
	}
	ini := make([]int32, len(m.ini))
	for j, e := range m.ini {
		ini[j] = -1
		if e != nil {
			b.field = "Init[" + sc.states[j] + "]"
			ini[j] = b.node(e)
		}
	}

	// Lowering: the step program (integration, then the threshold), then
	// the hoisted setup code, run once now.
	l := newLowering(g, v)
	full := func(x []float64) int32 { // a slot bound to a whole-population array
		v.slots = append(v.slots, slot{v: x})
		return int32(len(v.slots) - 1)
	}
	m.code = nil
	var prog []instr
	switch m.method {
	case MethodEuler:
		c, o := l.compile(roots[0])
		prog = append(prog, c...)
		for j, sl := range o {
			prog = append(prog, instr{iAXPY, m.stateSl[j], sl, l.place(scale[j]), -1, -1})
		}
	case MethodExponentialEuler:
		c, o := l.compile(roots[0])
		prog = append(prog, c...)
		for j, sl := range o {
			prog = append(prog, instr{iStore, m.stateSl[j], sl, -1, -1, -1})
		}
	case MethodSequentialEuler:
		for j, r := range roots {
			c, o := l.compile(r)
			prog = append(prog, c...)
			prog = append(prog, instr{iAXPY, m.stateSl[j], o[0], l.place(scale[j]), -1, -1})
		}
	case MethodRK4:
		c, o := l.compile(roots[0])
		m.kSl = make([]int32, len(o))
		for j, sl := range o {
			m.kSl[j] = full(nil) // bound to k1…k4 in turn
			c = append(c, instr{iStore, m.kSl[j], sl, -1, -1, -1})
		}
		m.code = append(m.code, c)
	}
	m.thrCode = nil
	m.thrOut = nil
	m.direct, m.checked = false, false
	if thr >= 0 {
		m.thrOut = make([]float64, n)
		c, o := l.compile([]int32{thr})
		if k := len(c) - 1; k >= 0 && c[k].dst == o[0] && v.slots[o[0]].tmp {
			c[k].dst = full(m.thrOut) // the condition is computed into thrOut
		} else {
			c = append(c, instr{iStore, full(m.thrOut), o[0], -1, -1, -1})
		}
		m.thrCode = c
		if m.method != MethodRK4 {
			// Without a refractory period the threshold's last compare
			// can report the spiking indices itself: no thrOut pass.
			k := len(c) - 1
			if last := c[k]; m.refr == nil && (last.op == iGE || last.op == iGT) &&
				v.slots[last.a].v != nil && v.slots[last.b].v == nil {
				c = append([]instr(nil), c...)
				c[k].op = iSpikeGE
				if last.op == iGT {
					c[k].op = iSpikeGT
				}
				m.direct = true
				v.spk = make([]int32, n)
			}
			prog = append(prog, c...)
		}
	}
	if m.method != MethodRK4 {
		m.code = append(m.code, prog)
	}
	for i, c := range m.code {
		m.code[i] = v.fuse(c)
	}
	m.thrCode = v.fuse(m.thrCode)
	if m.method == MethodEuler || m.method == MethodSequentialEuler {
		// Every state is then written by an axpy form, which reports a
		// value that is not finite (vm.bad).
		done := 0
		for _, in := range m.code[0] {
			switch in.op {
			case iAXPY, iAddAXPY, iMulSubAXPY:
				for _, s := range m.stateSl {
					if in.dst == s {
						done++
					}
				}
			}
		}
		m.checked = done == len(m.stateSl)
	}
	m.rstCode, m.rstSl, m.rstX = nil, nil, nil
	for k, r := range rst {
		c, o := l.compile([]int32{r})
		m.rstCode = append(m.rstCode, c)
		m.rstSl = append(m.rstSl, o[0])
		m.rstX = append(m.rstX, m.sc.stateIndex(m.rst[k].name))
	}
	m.refrSl = -1
	if refr >= 0 {
		m.refrSl = l.place(refr)
	}
	m.initSl = make([]int32, len(ini))
	for j, r := range ini {
		m.initSl[j] = -1
		if r >= 0 {
			m.initSl[j] = l.place(r)
		}
	}
	divSl := make([]int32, len(b.divs))
	for k, d := range b.divs {
		divSl[k] = l.place(d.node)
	}
	m.vm = v
	v.run(l.setup)
	for k, d := range b.divs {
		s := &v.slots[divSl[k]]
		for i := 0; i < n; i++ {
			if at(s, i) == 0 {
				return divErr(d, i)
			}
		}
	}
	if m.refrSl >= 0 {
		s := &v.slots[m.refrSl]
		for i := 0; i < n; i++ {
			if r := at(s, i); !finite(r) || r < 0 {
				return inputErrorf("Refractory: %s = %v for neuron %d, want a finite period ≥ 0 ms", m.refr, r, i).neuron(i)
			}
		}
	}
	if m.method == MethodRK4 {
		// k1…k4 and the stage of every state, one block each (rk4),
		// in one allocation
		b := v.blk
		slab := make([]float64, 5*len(f)*b)
		m.k = make([][]float64, 4*len(f))
		for i := range m.k {
			m.k[i], slab = slab[:b:b], slab[b:]
		}
		m.stage = make([][]float64, len(f))
		for i := range m.stage {
			m.stage[i], slab = slab[:b:b], slab[b:]
		}
		m.cut = make([]bool, n)
	}
	m.save = make([][]float64, len(f))
	if m.refr != nil {
		for j, h := range m.held {
			if h {
				m.save[j] = make([]float64, n)
			}
		}
	}
	m.fusable = fusable(m)
	m.ready, m.dtDone = m.x != nil, dt
	return nil
}

// bindAs points the state slots at xs: the state (whole population,
// tmp false) or an RK4 stage (one block, tmp true).
func (m *eqModel) bindAs(xs [][]float64, tmp bool) {
	for j, s := range m.stateSl {
		m.vm.slots[s].v, m.vm.slots[s].tmp = xs[j], tmp
	}
}

func (m *eqModel) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	return m.stepWith(c, in, nil, spikes)
}

// stepWith is step with the input in or, when f is not nil, the fused
// input f computed block by block by the program's iInput (eq_fused.go).
func (m *eqModel) stepWith(c *stepCtx, in *input, f *fusedInput, spikes []int32) ([]int32, error) {
	if !m.ready || m.dtDone != c.dt {
		if err := m.compile(c.dt); err != nil {
			return spikes, err
		}
	}
	if in != nil && len(in.G) > 0 && m.vmem < 0 {
		return spikes, inputErrorf("%v", errNoMembrane)
	}
	v := m.vm
	v.bindInput(in)
	v.fz = f
	v.slots[m.timeSl].s = c.t
	if len(m.noise) > 0 {
		if err := m.drawNoise(c); err != nil {
			return spikes, err
		}
	}
	dt := c.dt
	refr := m.refr != nil
	if refr {
		half := dt / 2
		for i, r := range m.refLeft {
			m.inRef[i] = r > half
			if m.inRef[i] {
				m.refLeft[i] = r - dt
			}
		}
		for j, s := range m.save {
			if s != nil {
				copy(s, m.x[j])
			}
		}
	}
	if m.method == MethodRK4 {
		m.rk4(dt)
		if m.thr != nil {
			v.run(m.thrCode)
		}
	} else {
		v.nspk, v.bad = 0, false
		v.run(m.code[0]) // integration and threshold, block by block
	}
	v.fz = nil
	if refr {
		for j, s := range m.save {
			if s == nil {
				continue
			}
			x := m.x[j]
			for i, r := range m.inRef {
				if r {
					x[i] = s[i]
				}
			}
		}
	}
	if m.thr != nil {
		var spk []int32
		if m.direct {
			spk = v.spk[:v.nspk] // the threshold wrote them, in order
		} else {
			spk = m.spk[:0]
			if m.cut == nil && !refr {
				for i, x := range m.thrOut {
					if x != 0 {
						spk = append(spk, int32(i))
					}
				}
			} else {
				for i, x := range m.thrOut {
					fire := x != 0 || (m.cut != nil && m.cut[i])
					if fire && !(refr && m.inRef[i]) {
						spk = append(spk, int32(i))
					}
				}
			}
			m.spk = spk
		}
		for _, i := range spk {
			m.fire(int(i))
		}
		spikes = append(spikes, spk...)
	}
	if m.checked && !v.bad {
		return spikes, nil // every value written this step is finite
	}
	for j, x := range m.x {
		// x − x is 0 for every finite x, NaN otherwise: one cheap,
		// well-predicted pass, and a search only when something is wrong.
		ok := true
		for _, xi := range x {
			if xi-xi != 0 {
				ok = false
				break
			}
		}
		if ok {
			continue
		}
		for i, xi := range x {
			if !finite(xi) {
				d := m.diffs[j]
				return spikes, newError(ErrDiverged, "neuron %d: variable %q (Eqs line %d) = %v at t = %v ms; reduce dt or check the equation",
					i, d.name, d.npos.line, xi, c.t).neuron(i).param(d.name, xi).at(c.t)
			}
		}
	}
	return spikes, nil
}

// fire runs the reset statements for neuron i, in order.
func (m *eqModel) fire(i int) {
	v := m.vm
	for k, code := range m.rstCode {
		v.scalar(code, i)
		r := at(&v.slots[m.rstSl[k]], i)
		m.x[m.rstX[k]][i] = r
		if !finite(r) {
			v.bad = true // found by the check of step
		}
	}
	if m.refrSl >= 0 {
		m.refLeft[i] = at(&v.slots[m.refrSl], i)
	}
}

// rk4 is one classical Runge–Kutta step with the stage cut of MethodRK4.
// It runs block by block (the vm's block length): every operation is
// element-wise, so the four stages of a block are computed while it is
// in cache, and k1…k4 and the stage state need one block each instead of
// a whole population (less memory, fewer first-touch page faults).
func (m *eqModel) rk4(dt float64) {
	v := m.vm
	ns := len(m.x)
	h2, h6 := dt/2, dt/6
	k := func(s int) [][]float64 { return m.k[s*ns : (s+1)*ns] }
	eval := func(s int) {
		for j, sl := range m.kSl {
			v.slots[sl].v, v.slots[sl].tmp = k(s)[j], true
		}
		v.block(m.code[0])
	}
	clear(m.cut)
	for lo := 0; lo < m.n; lo += v.blk {
		hi := min(lo+v.blk, m.n)
		w := hi - lo
		v.lo, v.hi = lo, hi
		m.bindAs(m.x, false)
		eval(0)
		for s, h := range [3]float64{h2, h2, dt} {
			kk := k(s)
			for j, x := range m.x {
				st, kj, xs := m.stage[j][:w], kk[j][:w], x[lo:hi]
				for i := range st {
					st[i] = xs[i] + float64(h*kj[i])
				}
			}
			m.bindAs(m.stage, true)
			if m.thr != nil {
				v.block(m.thrCode)
				for i, x := range m.thrOut[lo:hi] {
					if x != 0 {
						m.cut[lo+i] = true
					}
				}
			}
			eval(s + 1)
		}
		k1, k2, k3, k4 := k(0), k(1), k(2), k(3)
		cut := m.cut[lo:hi]
		for j, x := range m.x {
			a, b, c, d, xs := k1[j][:w], k2[j][:w], k3[j][:w], k4[j][:w], x[lo:hi]
			for i := range xs {
				if cut[i] {
					xs[i] += float64(dt * a[i])
					continue
				}
				xs[i] += float64(h6 * (a[i] + 2*b[i] + 2*c[i] + d[i]))
			}
		}
	}
	m.bindAs(m.x, false)
}

// String describes the compiled model (for error messages and tests).
func (m *eqModel) String() string {
	return fmt.Sprintf("%d state variables, %d parameters, method %v", len(m.sc.states), len(m.sc.params), m.method)
}
