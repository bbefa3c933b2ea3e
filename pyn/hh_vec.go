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
//  1. the six rate exponents from u = VT − V, then vexp;
//  2. the four divisions of the rate functions, through vdiv;
//  3. the rates, each gate's steady state α/(α + β) and exponent
//     −dt·(α + β), the membrane's steady state and exponent −dt·Σg/C
//     (five divisions through vdiv), then vexp;
//  4. the relaxations, divergence check and spike detection.
//
// The results are hhExpEuler's with fexp for math.Exp: the same
// operations in the same order (TestHHVecMatchesScalar).

// hhBlock is the number of neurons per pass: the block's buffers (30 rows
// of hhBlock doubles, 30 KiB) stay in the first- or second-level cache.
const hhBlock = 128

// hhScratch holds one block's intermediate rows.
type hhScratch struct {
	arg, ex [6 * hhBlock]float64 // exponents and their exponentials
	n1, d1  [4 * hhBlock]float64 // first divisions: αm, βm, βh, αn
	n2, d2  [5 * hhBlock]float64 // second: m∞, h∞, n∞, V∞ and −dt·Σg/C
}

// stepTraubEE advances neurons lo…hi−1 by one exponential-Euler step of
// the Traub–Miles model and appends those that cross 0 mV upwards. in.I
// is nil or covers every neuron, as do the conductances. The divisions
// run through vdiv in two rounds, the exponentials through vexp in two.
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
		row := func(buf []float64, k int) []float64 { return buf[k*nb : (k+1)*nb] }
		A, E := s.arg[:6*nb], s.ex[:6*nb]
		a0, a1, a2, a3, a4, a5 := row(A, 0), row(A, 1), row(A, 2), row(A, 3), row(A, 4), row(A, 5)
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

		// Round 1: z/(1 − e^(−z)) for αm, βm, αn and 4/(1 + e) for βh.
		e0, e1, e2, e3, e4, e5 := row(E, 0), row(E, 1), row(E, 2), row(E, 3), row(E, 4), row(E, 5)
		N1, D1 := s.n1[:4*nb], s.d1[:4*nb]
		nam, nbm, nbh, nan := row(N1, 0), row(N1, 1), row(N1, 2), row(N1, 3)
		dam, dbm, dbh, dan := row(D1, 0), row(D1, 1), row(D1, 2), row(D1, 3)
		for j := range v {
			nam[j], dam[j] = -a0[j], 1-e0[j]
			nbm[j], dbm[j] = -a1[j], 1-e1[j]
			nbh[j], dbh[j] = 4, 1+e3[j]
			nan[j], dan[j] = -a4[j], 1-e4[j]
		}
		vdiv(D1, N1, D1)

		// Round 2: the steady states and the membrane's exponent.
		N2, D2 := s.n2[:5*nb], s.d2[:5*nb]
		nm, nh, nn, nv, nr := row(N2, 0), row(N2, 1), row(N2, 2), row(N2, 3), row(N2, 4)
		dm, dh, dn, dv, dr := row(D2, 0), row(D2, 1), row(D2, 2), row(D2, 3), row(D2, 4)
		rm, rh, rn := a1, a2, a3 // the gates' exponents −dt·(α + β)
		mm, hh, ng := m.m[b0:b0+nb], m.h[b0:b0+nb], m.ng[b0:b0+nb]
		C, gna, gk, gl := m.c[b0:b0+nb], m.gna[b0:b0+nb], m.gk[b0:b0+nb], m.gl[b0:b0+nb]
		ena, ek, el := m.ena[b0:b0+nb], m.ek[b0:b0+nb], m.el[b0:b0+nb]
		for j := range v {
			i := b0 + j
			// x/(1 − e^(−x)) loses bits near x = 0: xOverExpm1 there.
			qam, qbm, qan := dam[j], dbm[j], dan[j]
			if z := nam[j]; z > -0.5 && z < 0.5 {
				qam = xOverExpm1(z)
			}
			if z := nbm[j]; z > -0.5 && z < 0.5 {
				qbm = xOverExpm1(z)
			}
			if z := nan[j]; z > -0.5 && z < 0.5 {
				qan = xOverExpm1(z)
			}
			am, bm := float64(1.28*qam), float64(1.4*qbm)
			ah, bh := float64(0.128*e2[j]), dbh[j]
			an, bn := float64(0.16*qan), float64(0.5*e5[j])

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
				nv[j], dv[j] = float64(gNa*ena[j])+float64(gK*ek[j])+float64(gl[j]*el[j])+I, gtot
				nr[j], dr[j] = float64(-dt*gtot), C[j]
			} else {
				// no conductance: V moves by dt·I/C; e^(−∞) = 0 selects it
				nv[j], dv[j] = v[j]+float64(dt*I)/C[j], 1
				nr[j], dr[j] = math.Inf(-1), 1
			}
			// A gate with α + β = 0 stays: x/1 = x and x + 0·e⁰ = x.
			if k := am + bm; k > 0 {
				nm[j], dm[j], rm[j] = am, k, float64(-dt*k)
			} else {
				nm[j], dm[j], rm[j] = x, 1, 0
			}
			if k := ah + bh; k > 0 {
				nh[j], dh[j], rh[j] = ah, k, float64(-dt*k)
			} else {
				nh[j], dh[j], rh[j] = y, 1, 0
			}
			if k := an + bn; k > 0 {
				nn[j], dn[j], rn[j] = an, k, float64(-dt*k)
			} else {
				nn[j], dn[j], rn[j] = z, 1, 0
			}
		}
		vdiv(D2, N2, D2)
		vexp(row(E, 0), dr)
		vexp(E[nb:4*nb], A[nb:4*nb])

		ev, em, eh, en := row(E, 0), row(E, 1), row(E, 2), row(E, 3)
		xm, xh, xn, xv := dm, dh, dn, dv
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
				if m.cross != nil {
					m.cross[b0+j] = crossFrac(v[j], nv, 0, 1)
				}
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
