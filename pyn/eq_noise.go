package pyn

import (
	"fmt"
	"math"
	"strings"
)

// This file holds the noise terms of equation models: xi (and xi_1,
// xi_ext, … for independent sources) is Gaussian white noise of
// dimension 1/sqrt(ms), as Brian 2's xi. A differential equation linear
// in its noise terms, dx/dt = f + g·xi, is stepped by Euler–Maruyama:
// x ← x + dt·f + g·sqrt(dt)·N(0, 1), which is the Euler step with xi
// taking the value N(0, 1)/sqrt(dt) for the whole step.
//
// Draws come from a generator seeded from the population's own random
// stream (itself seeded from Sim.Seed and the population's place in the
// network; continuations go on with it): each step, for each noise name
// in order of first use in the differential equations (subexpressions
// followed where they are used), one normal deviate per neuron in neuron
// order. A population's
// equations are stepped by one goroutine, so the draws do not depend on
// Sim.Threads.

// isNoiseName reports whether name is a noise term: xi or xi_<suffix>.
func isNoiseName(name string) bool {
	return name == "xi" || strings.HasPrefix(name, "xi_") && len(name) > 3
}

// checkNoise finds the noise terms of a neuron model and refuses those
// that the integrators cannot take: outside differential equations
// (threshold, reset, refractory period, initial values), non-linear in
// the equation, or with an integrator other than Euler.
func (em *eqModel) checkNoise(stmts []estmt, method Method) error {
	sc := em.sc
	isNoise := func(n string) bool {
		return isNoiseName(n) && sc.stateIndex(n) < 0 && sc.paramIndex(n) < 0 && sc.subs[n] == nil
	}
	seen := map[string]bool{}
	var first *enode
	for _, d := range em.diffs {
		var names []string
		var visit func(e *enode)
		done := map[string]bool{}
		visit = func(e *enode) {
			e.walk(func(n *enode) {
				if n.op != eIdent {
					return
				}
				if isNoise(n.name) {
					if first == nil {
						first = n
					}
					if !seen[n.name] {
						seen[n.name] = true
						em.noiseNames = append(em.noiseNames, n.name)
					}
					names = append(names, n.name)
				}
				if sub := sc.subs[n.name]; sub != nil && !done[n.name] {
					done[n.name] = true
					visit(sub.rhs)
				}
			})
		}
		visit(d.rhs)
		for _, xi := range names {
			if !sc.linear(d.rhs, xi) {
				return &eqErr{"Eqs", d.npos, fmt.Sprintf("d%s/dt is not linear in the noise term %s: write it as f + g*%s with g free of noise", d.name, xi, xi)}
			}
		}
	}
	for _, c := range []struct {
		field string
		e     *enode
	}{{"Threshold", em.thr}, {"Refractory", em.refr}} {
		if c.e != nil && sc.uses(c.e, isNoise) {
			return &eqErr{c.field, leftmost(c.e), "noise terms (xi) may appear only in differential equations"}
		}
	}
	for _, r := range em.rst {
		if sc.uses(r.rhs, isNoise) {
			return &eqErr{"Reset", r.npos, "noise terms (xi) may appear only in differential equations"}
		}
	}
	for j, e := range em.ini {
		if e != nil && sc.uses(e, isNoise) {
			return &eqErr{"Init[" + sc.states[j] + "]", leftmost(e), "noise terms (xi) may appear only in differential equations"}
		}
	}
	if first == nil {
		return nil
	}
	switch method {
	case MethodAuto, MethodEuler, MethodSequentialEuler:
		return nil
	}
	return &eqErr{"Eqs", first.pos, fmt.Sprintf("the noise term %s needs a stochastic integrator: Method %s cannot take it (use MethodEuler, Euler–Maruyama, which MethodAuto chooses for noisy equations)", first.name, method)}
}

// noiseNodes returns the function that gives the builder the node of
// each noise term: one vector slot per name, filled by drawNoise.
func (m *eqModel) noiseNodes(g *ir, v *vm) func(string) int32 {
	if len(m.noiseNames) == 0 {
		return nil
	}
	if len(m.noise) != len(m.noiseNames) || len(m.noise[0]) != m.n {
		m.noise = make([][]float64, len(m.noiseNames))
		for k := range m.noise {
			m.noise[k] = make([]float64, m.n)
		}
	}
	nodes := map[string]int32{}
	return func(name string) int32 {
		if id, ok := nodes[name]; ok {
			return id
		}
		k := 0
		for k < len(m.noiseNames) && m.noiseNames[k] != name {
			k++
		}
		v.slots = append(v.slots, slot{v: m.noise[k]})
		id := g.add(inode{op: iVar, ref: int32(len(v.slots) - 1), a: -1, b: -1, c: -1, dyn: true, vec: true})
		nodes[name] = id
		return id
	}
}

// drawNoise fills the noise vectors of this step with N(0, 1)/sqrt(dt).
// The deviates come from a fast generator (xoshiro256++ and ziggurat,
// rng.go) seeded from the population's stream whenever that stream is
// new (the first run, a Reset, another seed), so a continuation goes on
// with the same draws and a reseeded run starts afresh.
func (m *eqModel) drawNoise(c *stepCtx) error {
	if c.rng == nil {
		return fmt.Errorf("pyn: equations with noise terms need the population's random stream")
	}
	if m.noiseFrom != c.rng {
		m.noiseFrom = c.rng
		m.noiseRng = newXrand(c.rng.Uint64())
	}
	s := 1 / math.Sqrt(c.dt)
	for _, x := range m.noise {
		m.noiseRng.fillNorm(x, s)
	}
	return nil
}
