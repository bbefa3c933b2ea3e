package pyn

import "math"

// The vectorised exponential-Euler step of the Traub–Miles HH neuron
// (Brette et al. 2007, benchmark 3), the hot loop of COBAHH networks.
// Each neuron's step is hhTraubLane: what hhExpEuler computes, with
// fexp's exponentials instead of math.Exp (within 2 ulp, see vexp.go),
// two of the six rate exponentials derived from a third by exact
// identities, a series instead of math.Expm1 near the rates' 0/0 points,
// and every product kept unfused; it agrees with hhExpEuler to 1e-12
// relative (TestHHVecMatchesScalar) and keeps the f–I curve
// (TestHHFICurve). On amd64 with AVX2 one fused kernel
// (hh_kernel_amd64.s; hh_kernel512_amd64.s with AVX-512, eight neurons at
// a time) runs hhTraubLane on four neurons at a time with
// every intermediate in registers or a small spill area, so the state is
// read and written once per step and the eight exponentials, nine
// divisions and the input sums share one pass.
//
// A neuron that needs one of hhTraubLane's rare branches (a non-positive
// total conductance or gate rate, an exponent outside fexp's fast domain,
// a non-finite result) keeps its state in the kernel, and Go then redoes
// it with hhTraubLane. So both paths give the same bits
// (TestHHKernelMatchesGo), for any split of the neurons into ranges.

// xOverExpm1Coef are xOverExpm1Series' coefficients, highest degree
// first (the HH kernels hold them too, hhKStatic).
var xOverExpm1Coef = [...]float64{1.0 / 74724249600, -691.0 / 1307674368000, 1.0 / 47900160, -1.0 / 1209600, 1.0 / 30240, -1.0 / 720, 1.0 / 12}

// expMinus5 is e^(−5) rounded to nearest.
const expMinus5 = 6.737946999085467e-03

// xOverExpm1Series is z/(1 − e^(−z)) for |z| < 0.5 by its Taylor series
// 1 + z/2 + Σ B₂ₖ·z^(2k)/(2k)! (Bernoulli numbers B₂ₖ, k = 1…7; the
// first omitted term is below 3.4·10⁻¹³·0.5¹⁶ = 5·10⁻¹⁸ relative),
// evaluated by Horner's rule in z², so the kernel can run it too.
func xOverExpm1Series(z float64) float64 {
	w := float64(z * z)
	p := xOverExpm1Coef[0]
	for _, c := range xOverExpm1Coef[1:] {
		p = float64(p*w) + c
	}
	return float64(z*0.5) + float64(p*w) + 1
}

// hhScratch holds one neuron range's kernel arguments and the list of
// four-neuron groups the kernel reports (spikes or neurons left to Go).
type hhScratch struct {
	kern hhKern
	grp  []int64
}

// hhTraubLane advances one Traub–Miles neuron by one exponential-Euler
// step: V relaxes towards V∞ = (Σ g·E + I)/Σ g with time constant C/Σ g
// (Σ over the channels, leak and input conductance gs), and each gate x
// towards α/(α + β) with time constant 1/(α + β). The operations and
// their order are the kernel's.
func hhTraubLane(dt, v, vt, x, y, z, C, gna, gk, gl, ena, ek, el, I, gs float64) (nv, nx, ny, nz float64) {
	const i5, i18, i40 = 1.0 / 5, 1.0 / 18, 1.0 / 40
	u := vt - v
	a0 := (13 + u) * 0.25 // αm: z = −(13 − V + VT)/4, e^(−z)
	a3 := (40 + u) * i5   // βh; βm: z = (V − VT − 40)/5 = −a3, e^(−z) = e^a3
	a2 := (17 + u) * i18  // αh
	a4 := (15 + u) * i5   // αn: z = −(15 − V + VT)/5, e^(−z)
	a5 := (10 + u) * i40  // βn
	// Eight exponentials, not ten: βm's is 1/e^a3 (so z/(1 − e^(−z)) =
	// a3·e^a3/(e^a3 − 1)), and αn's is e^a3·e^(−5) since a4 = a3 − 5.
	e0, e3 := fexp(a0), fexp(a3)
	qam := -a0 / (1 - e0)
	qbm := float64(a3*e3) / (e3 - 1)
	qan := -a4 / (1 - float64(e3*expMinus5))
	// z/(1 − e^(−z)) loses bits near z = 0: its series there.
	if a0 > -0.5 && a0 < 0.5 {
		qam = xOverExpm1Series(-a0)
	}
	if a3 > -0.5 && a3 < 0.5 {
		qbm = xOverExpm1Series(a3)
	}
	if a4 > -0.5 && a4 < 0.5 {
		qan = xOverExpm1Series(-a4)
	}
	am, bm := float64(1.28*qam), float64(1.4*qbm)
	ah, bh := float64(0.128*fexp(a2)), 4/(1+e3)
	an, bn := float64(0.16*qan), float64(0.5*fexp(a5))

	n2 := float64(z * z)
	gNa := float64(float64(float64(float64(gna*x)*x)*x) * y)
	gK := float64(float64(gk*n2) * n2)
	gtot := gNa + gK + gl + gs
	var vinf, rv float64
	if gtot > 0 {
		vinf = (float64(gNa*ena) + float64(gK*ek) + float64(gl*el) + I) / gtot
		rv = float64(-dt*gtot) / C
	} else {
		// no conductance: V moves by dt·I/C; e^(−∞) = 0 selects it
		vinf, rv = v+float64(dt*I)/C, math.Inf(-1)
	}
	// A gate with α + β = 0 stays: x/1 = x and x + 0·e⁰ = x.
	minf, rm := x, 0.0
	if k := am + bm; k > 0 {
		minf, rm = am/k, float64(-dt*k)
	}
	hinf, rh := y, 0.0
	if k := ah + bh; k > 0 {
		hinf, rh = ah/k, float64(-dt*k)
	}
	ninf, rn := z, 0.0
	if k := an + bn; k > 0 {
		ninf, rn = an/k, float64(-dt*k)
	}
	nv = vinf + float64((v-vinf)*fexp(rv))
	nx = minf + float64((x-minf)*fexp(rm))
	ny = hinf + float64((y-hinf)*fexp(rh))
	nz = ninf + float64((z-ninf)*fexp(rn))
	return
}

// stepTraubEE advances neurons lo…hi−1 by one exponential-Euler step of
// the Traub–Miles model and appends those that cross 0 mV upwards. in.I
// is nil or covers every neuron, as do the conductances.
func (m *hodgkinHuxley) stepTraubEE(dt float64, in *input, spikes []int32, lo, hi int, s *hhScratch) ([]int32, error) {
	var cur []float64
	var G []conductance
	if in != nil {
		cur, G = in.I, in.G
	}
	done := lo
	if m.cross == nil && len(G) <= 2 {
		if n := (hi - lo) / 4; len(s.grp) < n+1 {
			s.grp = make([]int64, n+1)
		}
		var recs []int64
		done, recs = hhTraubKernel(m, s, dt, cur, G, lo, hi)
		for _, r := range recs {
			i0, redo, spk := lo+int(r>>8), r>>4&15, r&15
			for l := range 4 {
				if redo&(1<<l) != 0 {
					var err error
					if spikes, err = m.traubLane(dt, cur, G, i0+l, spikes); err != nil {
						return spikes, err
					}
				} else if spk&(1<<l) != 0 {
					spikes = append(spikes, int32(i0+l))
				}
			}
		}
	}
	for i := done; i < hi; i++ {
		var err error
		if spikes, err = m.traubLane(dt, cur, G, i, spikes); err != nil {
			return spikes, err
		}
	}
	return spikes, nil
}

// The fused conductance input (condFuser, lif_cond.go): when the
// population's input is exactly two CondExp channels, the step folds each
// range's share of the channels (condFold) right before updating the
// range, instead of the input stage folding them all first. The fold is
// then split across goroutines with the step (threads.go), and a range's
// conductances are still in cache when the kernel reads them. There is no
// current: the kernel starts the sum from +0, as it would from the cleared
// current array, so the bits are those of the unfused path.

func (m *hodgkinHuxley) canFuseCond() bool { return m.vecOK(nil) }

func (m *hodgkinHuxley) stepCond(c *stepCtx, p *popRT, spikes []int32) ([]int32, error) {
	if m.scr == nil {
		m.scr = new(hhScratch)
	}
	return m.stepCondRange(c, p, 0, m.n, m.scr, spikes)
}

// stepCondRange folds and steps neurons lo…hi−1.
func (m *hodgkinHuxley) stepCondRange(c *stepCtx, p *popRT, lo, hi int, s *hhScratch, spikes []int32) ([]int32, error) {
	for _, ch := range p.chans[:2] {
		condFold(ch.x[lo:hi], ch.slot(c.step)[lo:hi], ch.decay)
	}
	in := input{G: p.in.G}
	return m.stepTraubEE(c.dt, &in, spikes, lo, hi, s)
}

// traubLane advances neuron i with hhTraubLane, checks the result and
// appends i if it spikes.
func (m *hodgkinHuxley) traubLane(dt float64, cur []float64, G []conductance, i int, spikes []int32) ([]int32, error) {
	var I, gs float64
	if cur != nil {
		I = cur[i]
	}
	for _, ch := range G {
		g := ch.G[i]
		I += float64(g * ch.E)
		gs += g
	}
	v := m.v[i]
	nv, x, y, z := hhTraubLane(dt, v, m.vt[i], m.m[i], m.h[i], m.ng[i], m.c[i], m.gna[i], m.gk[i], m.gl[i], m.ena[i], m.ek[i], m.el[i], I, gs)
	if s := nv + x + y + z; s-s != 0 { // NaN or ±Inf somewhere
		return spikes, newError(ErrDiverged, "neuron %d: state diverged (V = %v mV, m = %v, h = %v, n = %v) with dt = %v ms; reduce dt (0.01–0.05 ms is accurate)", i, nv, x, y, z, dt).neuron(i)
	}
	if v < 0 && nv >= 0 {
		spikes = append(spikes, int32(i))
		if m.cross != nil {
			m.cross[i] = crossFrac(v, nv, 0, 1)
		}
	}
	m.v[i], m.m[i], m.h[i], m.ng[i] = nv, x, y, z
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
