package pyn

// This file is the sign convention of plasticity: weights keep their
// sign. On an inhibitory connection (every weight ≤ 0, as Conn.Inhibitory
// makes them) STDP acts on the magnitude |w|: potentiation makes the
// inhibition stronger, and WMin ≤ |w| ≤ WMax. A connection with weights of
// both signs has no magnitude to bound and is refused when plastic.

// weightSigns reports whether the projection has positive and negative
// weights.
func (pr *projection) weightSigns() (pos, neg bool) {
	if pr.dense {
		for _, w := range pr.wd {
			pos, neg = pos || w > 0, neg || w < 0
		}
		return pos, neg
	}
	for _, s := range pr.syn {
		pos, neg = pos || s.w > 0, neg || s.w < 0
	}
	return pos, neg
}

// signedPlasticity sets up STDP for pr under the sign convention: on an
// inhibitory projection the amplitudes and bounds are mirrored, so that
// the update loops, which add the traces to w and clip it to
// [wMin, wMax], change |w| as they change w on an excitatory one.
func (pr *projection) signedPlasticity(r STDP, dt float64) (*plasticity, error) {
	pos, neg := pr.weightSigns()
	if pos && neg {
		return nil, pr.spec.errorf("STDP needs weights of one sign (it bounds their magnitude), but this connection has positive and negative weights; split it into an excitatory and an inhibitory connection")
	}
	p := newPlasticity(pr, r, dt)
	if neg {
		p.aPlus, p.aMinus = -p.aPlus, -p.aMinus
		p.wMin, p.wMax = -r.WMax, -r.WMin
	}
	return p, nil
}
