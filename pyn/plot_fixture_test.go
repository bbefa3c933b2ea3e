package pyn

import (
	"math/rand/v2"
)

// izhFixture integrates n Izhikevich neurons (Izhikevich 2003, forward
// Euler, the published half-steps are not needed here) with currents
// spread from iLo to iHi, and returns their population result with "v",
// "u" and "I_ext" recorded for every neuron. It stands in for the
// simulator so that figure tests are deterministic and independent of it.
func izhFixture(name string, n int, a, b, c, d, iLo, iHi, T, dt float64) PopResult {
	steps := int(T / dt)
	v := make([]float64, n)
	u := make([]float64, n)
	I := make([]float64, n)
	for k := range v {
		v[k] = -65
		u[k] = b * v[k]
		I[k] = iLo
		if n > 1 {
			I[k] = iLo + (iHi-iLo)*float64(k)/float64(n-1)
		}
	}
	neurons := make([]int, n)
	for k := range neurons {
		neurons[k] = k
	}
	tv := &Trace{Pop: name, Var: "v", Neurons: neurons}
	tu := &Trace{Pop: name, Var: "u", Neurons: neurons}
	ti := &Trace{Pop: name, Var: "I_ext", Neurons: neurons}
	var sp Spikes
	for s := 0; s < steps; s++ {
		t := float64(float64(s) * dt) // float64(): t+dt below must not fuse
		on := t >= 20
		for k := range v {
			in := 0.0
			if on {
				in = I[k]
			}
			v[k] += float64(dt * (float64(0.04*v[k]*v[k]) + float64(5*v[k]) + 140 - u[k] + in)) // float64(): no FMA on any build
			u[k] += float64(dt * a * (float64(b*v[k]) - u[k]))
			if v[k] >= 30 {
				v[k] = 30
				sp.T = append(sp.T, t+dt)
				sp.ID = append(sp.ID, int32(k))
			}
			tv.Data = append(tv.Data, v[k])
			tu.Data = append(tu.Data, u[k])
			ti.Data = append(ti.Data, in)
			if v[k] >= 30 {
				v[k] = c
				u[k] += d
			}
		}
		tv.T = append(tv.T, t+dt)
		tu.T = append(tu.T, t+dt)
		ti.T = append(ti.T, t+dt)
	}
	return PopResult{Name: name, N: n, Model: "Izhikevich",
		Params: map[string][]float64{"a": {a}, "b": {b}, "c": {c}, "d": {d}},
		Spikes: sp, Traces: []*Trace{tv, tu, ti}}
}

// poissonFixture draws Poisson spike trains of rate hz with a fixed seed.
func poissonFixture(name string, n int, hz, T float64) PopResult {
	rng := rand.New(rand.NewPCG(1, 2))
	var sp Spikes
	type ev struct {
		t  float64
		id int32
	}
	var evs []ev
	for k := 0; k < n; k++ {
		t := float64(rng.ExpFloat64() / hz * 1000)
		for t < T {
			evs = append(evs, ev{t, int32(k)})
			t += float64(rng.ExpFloat64() / hz * 1000)
		}
	}
	// time order, ties by neuron
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && (evs[j].t < evs[j-1].t); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
	for _, e := range evs {
		sp.T = append(sp.T, e.t)
		sp.ID = append(sp.ID, e.id)
	}
	return PopResult{Name: name, N: n, Model: "Poisson", Params: map[string][]float64{"rate": {hz}}, Spikes: sp}
}

// networkFixture is a three-population result: 40 regular-spiking and
// 10 fast-spiking Izhikevich neurons (parameters of Izhikevich 2003,
// Fig. 2) and 30 Poisson inputs at 20 Hz.
func networkFixture() *Result {
	r := &Result{Name: "Fixture network", T: 200, Dt: 0.5, Seed: 7, Complete: true}
	r.Pops = append(r.Pops,
		izhFixture("exc", 40, 0.02, 0.2, -65, 8, 3, 15, 200, 0.5),
		izhFixture("inh", 10, 0.1, 0.2, -65, 2, 3, 12, 200, 0.5),
		poissonFixture("input", 30, 20, 200))
	r.Pops[1].Traces = r.Pops[1].Traces[:1] // inh records v only
	r.Conns = []ConnResult{{Pre: "input", Post: "exc", Rule: "FixedProb", Synapses: 120, Conn: Conn{P: 0.1}},
		{Pre: "exc", Post: "inh", Rule: "AllToAll", Synapses: 400, Conn: Conn{Rule: AllToAll, Weight: Uniform(0, 0.5)}, Plastic: true}}
	r.Stims = map[string][]Stim{"exc": {{Start: 20, Amp: 3}}}
	return r
}

// galleryFixture returns n single-neuron results named after Izhikevich
// (2004) behaviours, integrated by izhFixture with per-panel parameters.
func galleryFixture(n int) []*Result {
	type beh struct {
		name       string
		a, b, c, d float64
		I          float64
	}
	// Parameter rows of Izhikevich (2004), Fig. 1 (figure1.m), currents simplified to steps.
	table := []beh{
		{"tonic spiking", 0.02, 0.2, -65, 6, 14},
		{"phasic spiking", 0.02, 0.25, -65, 6, 0.5},
		{"tonic bursting", 0.02, 0.2, -50, 2, 15},
		{"phasic bursting", 0.02, 0.25, -55, 0.05, 0.6},
		{"mixed mode", 0.02, 0.2, -55, 4, 10},
		{"spike frequency adaptation", 0.01, 0.2, -65, 8, 30},
	}
	var rs []*Result
	for i := 0; i < n; i++ {
		b := table[i%len(table)]
		p := izhFixture("neuron", 1, b.a, b.b, b.c, b.d, b.I, b.I, 100, 0.25)
		rs = append(rs, &Result{Name: b.name, T: 100, Dt: 0.25, Pops: []PopResult{p}, Complete: true})
	}
	return rs
}

// weightsFixture is a 30 → 20 connection with seeded U[0,1) weights on
// about half of the pairs, and a copy with weights pushed towards the
// bounds as additive STDP does (Song, Miller & Abbott 2000).
func weightsFixture() (before, after *Weights) {
	rng := rand.New(rand.NewPCG(3, 4))
	before = &Weights{Pre: "input", Post: "exc"}
	after = &Weights{Pre: "input", Post: "exc"}
	for i := 0; i < 30; i++ {
		for j := 0; j < 20; j++ {
			if rng.Float64() < 0.5 {
				w := rng.Float64()
				before.PreIdx = append(before.PreIdx, int32(i))
				before.PostIdx = append(before.PostIdx, int32(j))
				before.W = append(before.W, w)
				before.Delay = append(before.Delay, 1)
				a := w
				if i < 15 {
					a = min(1, w+float64(0.5*rng.Float64()))
				} else {
					a = max(0, w-0.5*rng.Float64())
				}
				after.PreIdx = append(after.PreIdx, int32(i))
				after.PostIdx = append(after.PostIdx, int32(j))
				after.W = append(after.W, a)
				after.Delay = append(after.Delay, 1)
			}
		}
	}
	return before, after
}
