package pyn

// This file lets equation models take the engine's fused input (see
// fusedInput): a Delta channel's ring-buffer slot and one noise stimulus,
// computed by the step program's iInput block by block, right where it is
// used, instead of a separate pass that writes the input of every neuron
// and a second one that reads it back. The noise is drawn block by block
// from the noise blocks' streams, as the general path draws it, and the input is
// deltaNoise's arithmetic, so results are those of the general path bit
// for bit (TestEquationsFusedStep; TestIzh1000EquationsSameSpikes compares
// with the built-in Izhikevich model).

// fusable reports whether the compiled step program of m computes its
// input with exactly one iInput, once per step: Euler methods (RK4
// evaluates the input four times), no conductance forms, no reset that
// reads the input.
func fusable(m *eqModel) bool {
	if m.method != MethodEuler && m.method != MethodSequentialEuler || len(m.code) != 1 {
		return false
	}
	n := 0
	for _, in := range m.code[0] {
		switch in.op {
		case iInput:
			n++
		case iInputA, iInputG:
			return false
		}
	}
	for _, c := range m.rstCode {
		for _, in := range c {
			if in.op == iInput || in.op == iInputA || in.op == iInputG {
				return false
			}
		}
	}
	return n == 1
}

// canFuse reports whether stepFused applies; before the first step (not
// compiled yet) it does not.
func (m *eqModel) canFuse(in *input) bool {
	return m.ready && m.fusable && len(in.G) == 0
}

// stepFused is step with the fused input f; an error is kept for
// fusedErr. When the program cannot fuse after all (recompiled for a new
// dt), the input is computed as the general path does and step runs.
func (m *eqModel) stepFused(c *stepCtx, f *fusedInput, spikes []int32) []int32 {
	m.ferr = nil
	if !m.ready || m.dtDone != c.dt {
		if err := m.compile(c.dt); err != nil {
			m.ferr = err
			return spikes
		}
	}
	if !m.fusable {
		if len(m.fin.I) != m.n {
			m.fin.I = make([]float64, m.n)
		}
		for lo := 0; lo < m.n; lo += fusedBlock {
			hi := min(lo+fusedBlock, m.n)
			if f.draw {
				drawFusedNoise(f, lo, hi)
			}
			deltaNoise(f.buf[lo:hi], f.scale, m.fin.I[lo:hi], f.amp, f.h[lo:hi])
		}
		spikes, m.ferr = m.stepWith(c, &m.fin, nil, spikes)
		return spikes
	}
	spikes, m.ferr = m.stepWith(c, nil, f, spikes)
	return spikes
}

// fusedErr is the error of the last stepFused of an equation model (nil
// for other models, whose fused step cannot fail).
func fusedErr(m model) error {
	if e, ok := m.(*eqModel); ok {
		return e.ferr
	}
	return nil
}

// drawFusedNoise draws the held noise of neurons lo…hi−1 (lo even), each
// from its noise block's stream (noiseStreams.fill).
func drawFusedNoise(f *fusedInput, lo, hi int) {
	f.rng.fill(f.h[lo:hi], f.sd, lo)
}
