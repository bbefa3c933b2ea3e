package pyn

import "math"

// The vectorised exponential-Euler step of the Traub–Miles HH neuron
// (Brette et al. 2007, benchmark 3), the hot loop of COBAHH networks.
// It computes what hhExpEuler computes for each neuron, with fexp's
// exponentials instead of math.Exp (within 2 ulp, see vexp.go) and every
// product kept unfused, but in structure-of-arrays passes over blocks of
// hhBlock neurons, so that the ten exponentials per neuron run through
// vexp's vector kernel:
//
//  1. the six rate exponents from u = VT − V;
//  2. vexp;
//  3. the rates, each gate's steady state and exponent −dt·(α + β), and
//     the membrane's steady state and exponent −dt·Σg/C;
//  4. vexp;
//  5. the relaxations, divergence check and spike detection.

// hhBlock is the number of neurons per pass: the block's buffers (16 rows
// of hhBlock doubles, 16 KiB) stay in the first-level cache.
const hhBlock = 128

// hhScratch holds one block's intermediate rows.
type hhScratch struct {
	arg, ex [6 * hhBlock]float64 // exponents and their exponentials
	inf     [4 * hhBlock]float64 // steady states of V, m, h, n
}

// xOverExpm1E is xOverExpm1(z) given e = e^(−z) from fexp: the same
// formula away from 0, the same careful one near it.
func xOverExpm1E(z, e float64) float64 {
	if z >= 0.5 || z <= -0.5 {
		return z / (1 - e)
	}
	return xOverExpm1(z)
}

// stepTraubEE advances neurons lo…hi−1 by one exponential-Euler step of
// the Traub–Miles model and appends those that cross 0 mV upwards. in.I
// is nil or covers every neuron, as do the conductances.
func (m *hodgkinHuxley) stepTraubEE(dt float64, in *input, spikes []int32, lo, hi int, s *hhScratch) ([]int32, error) {
	const i5, i18, i40 = 1.0 / 5, 1.0 / 18, 1.0 / 40
	var cur []float64
	var G []conductance
	if in != nil {
		cur, G = in.I, in.G
	}
	for b0 := lo; b0 < hi; b0 += hhBlock {
		nb := min(hhBlock, hi-b0)
		v, vt := m.v[b0:b0+nb], m.vt[b0:b0+nb]
		A, E := s.arg[:6*nb], s.ex[:6*nb]
		a0, a1, a2, a3, a4, a5 := A[:nb], A[nb:2*nb], A[2*nb:3*nb], A[3*nb:4*nb], A[4*nb:5*nb], A[5*nb:6*nb]
		for j := range v {
			u := vt[j] - v[j]
			a0[j] = (13 + u) * 0.25  // αm: z = −(13 − V + VT)/4, e^(−z)
			a1[j] = -((u + 40) * i5) // βm: z = (V − VT − 40)/5, e^(−z)
			a2[j] = (17 + u) * i18   // αh
			a3[j] = (40 + u) * i5    // βh
			a4[j] = (15 + u) * i5    // αn: z = −(15 − V + VT)/5, e^(−z)
			a5[j] = (10 + u) * i40   // βn
		}
		vexp(E, A)

		e0, e1, e2, e3, e4, e5 := E[:nb], E[nb:2*nb], E[2*nb:3*nb], E[3*nb:4*nb], E[4*nb:5*nb], E[5*nb:6*nb]
		// Pass 3 writes the relaxation exponents over A's first four rows
		// (a0…a3 are read before they are overwritten in each j).
		rv, rm, rh, rn := a0, a1, a2, a3
		X := s.inf[:4*nb]
		xv, xm, xh, xn := X[:nb], X[nb:2*nb], X[2*nb:3*nb], X[3*nb:4*nb]
		mm, hh, ng := m.m[b0:b0+nb], m.h[b0:b0+nb], m.ng[b0:b0+nb]
		C, gna, gk, gl := m.c[b0:b0+nb], m.gna[b0:b0+nb], m.gk[b0:b0+nb], m.gl[b0:b0+nb]
		ena, ek, el := m.ena[b0:b0+nb], m.ek[b0:b0+nb], m.el[b0:b0+nb]
		for j := range v {
			i := b0 + j
			am := 1.28 * xOverExpm1E(-a0[j], e0[j])
			bm := 1.4 * xOverExpm1E(-a1[j], e1[j])
			ah := 0.128 * e2[j]
			bh := 4 / (1 + e3[j])
			an := 0.16 * xOverExpm1E(-a4[j], e4[j])
			bn := 0.5 * e5[j]

			var I, gs float64
			if cur != nil {
				I = cur[i]
			}
			for _, ch := range G {
				g := ch.G[i]
				I += float64(g * ch.E)
				gs += g
			}
			x, y, z := mm[j], hh[j], ng[j]
			n2 := float64(z * z)
			gNa := float64(float64(float64(float64(gna[j]*x)*x)*x) * y)
			gK := float64(float64(gk[j]*n2) * n2)
			gtot := gNa + gK + gl[j] + gs
			if gtot > 0 {
				xv[j] = (float64(gNa*ena[j]) + float64(gK*ek[j]) + float64(gl[j]*el[j]) + I) / gtot
				rv[j] = float64(-dt*gtot) / C[j]
			} else {
				// no conductance: V moves by dt·I/C; e^(−∞) = 0 selects it
				xv[j] = v[j] + float64(dt*I)/C[j]
				rv[j] = math.Inf(-1)
			}
			relax := func(x, a, b float64, xinf, r []float64) {
				if k := a + b; k > 0 {
					xinf[j], r[j] = a/k, float64(-dt*k)
				} else {
					xinf[j], r[j] = x, 0 // x + 0·1 = x: the gate stays
				}
			}
			relax(x, am, bm, xm, rm)
			relax(y, ah, bh, xh, rh)
			relax(z, an, bn, xn, rn)
		}
		vexp(E[:4*nb], A[:4*nb])

		ev, em, eh, en := E[:nb], E[nb:2*nb], E[2*nb:3*nb], E[3*nb:4*nb]
		for j := range v {
			nv := xv[j] + float64((v[j]-xv[j])*ev[j])
			x := xm[j] + float64((mm[j]-xm[j])*em[j])
			y := xh[j] + float64((hh[j]-xh[j])*eh[j])
			z := xn[j] + float64((ng[j]-xn[j])*en[j])
			if s := nv + x + y + z; s-s != 0 { // NaN or ±Inf somewhere
				i := b0 + j
				return spikes, newError(ErrDiverged, "neuron %d: state diverged (V = %v mV, m = %v, h = %v, n = %v) with dt = %v ms; reduce dt (0.01–0.05 ms is accurate)", i, nv, x, y, z, dt).neuron(i)
			}
			if v[j] < 0 && nv >= 0 {
				spikes = append(spikes, int32(b0+j))
			}
			v[j], mm[j], hh[j], ng[j] = nv, x, y, z
		}
	}
	return spikes, nil
}

// vecOK reports whether the vectorised step applies to this input: the
// Traub–Miles kinetics by exponential Euler, with every input slice
// covering the population.
func (m *hodgkinHuxley) vecOK(in *input) bool {
	if !m.traub || !m.expEuler {
		return false
	}
	if in == nil {
		return true
	}
	if in.I != nil && len(in.I) < m.n {
		return false
	}
	for _, ch := range in.G {
		if len(ch.G) < m.n {
			return false
		}
	}
	return true
}
