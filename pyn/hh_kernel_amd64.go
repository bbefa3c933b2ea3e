//go:build amd64 && !purego

package pyn

import "math"

// hhKern is the argument block of hhTraubQuads (hh_kernel_amd64.s reads
// it at fixed offsets, checked by TestHHKernLayout): the state and
// parameter rows of one neuron range, the input rows, the constants
// (each four times, one per lane) and a spill area.
type hhKern struct {
	v, m, h, ng, vt, c, gna, gk, gl, ena, ek, el *float64 // 0…88
	cur, g0, g1                                  *float64 // 96, 104, 112: nil when absent
	grp                                          *int64   // 120: the group list
	n                                            int      // 128: neurons, a multiple of 4
	flags                                        int      // 136: 1 current, 2 one channel, 4 two channels
	k                                            [hhKConsts * 4]float64
	s                                            [hhKSpill * 4]float64
}

// hhKConsts is the number of constants in hhKern.k; the kernel addresses
// constant i at offset 144 + 32·i.
const hhKConsts = hhKStatics + 3

// hhKStatics is the number of constants that do not change (hhKStatic).
const hhKStatics = 47

// hhKSpill is the number of four-lane rows in the spill area (S(0)…S(21)).
const hhKSpill = 22

// hhKStatic are the constants 0…46 of hhKern.k: fexp's (0…19: log₂e,
// 1.5·2⁵², ln2 head and tail, expLo, expHi, the Horner coefficients, 1 and
// the exponent bias 1023 as an int64), then the rate functions', the sign and magnitude masks, the
// bounds ±1000 mV on VT − V, e^(−5) and xOverExpm1Series' coefficients
// (highest first); 47…49 are −dt, E0 and E1, set per step.
var hhKStatic = func() (c [hhKStatics]float64) {
	const i5, i18, i40 = 1.0 / 5, 1.0 / 18, 1.0 / 40
	copy(c[:], []float64{expLog2e, expMagic, expLn2Hi, expLn2Lo, expLo, expHi})
	copy(c[6:18], expCoef[:])
	copy(c[18:], []float64{1, math.Float64frombits(1023),
		13, 0.25, 40, i5, 17, i18, 15, 10, i40, 4, 0.5, 1.28, 1.4, 0.128, 0.16,
		math.Float64frombits(1 << 63), math.Float64frombits(1<<63 - 1), 1000, -1000, expMinus5})
	copy(c[40:], xOverExpm1Coef[:])
	return
}()

// hhTraubQuads runs hhTraubLane on k.n neurons, four at a time; it leaves
// unchanged the neurons that need one of hhTraubLane's careful branches,
// and for each group of four with such a neuron or a spike it stores
// 256·i + 16·redo + spiked (i the group's first neuron relative to k.v,
// bit j of the masks for neuron i + j) at k.grp. It returns the number
// of groups stored.
//
//go:noescape
func hhTraubQuads(k *hhKern) int

// hhTraubOcts is hhTraubQuads with AVX-512 (hh_kernel512_amd64.s), k.n a
// multiple of 8.
//
//go:noescape
func hhTraubOcts(k *hhKern) int

// hhTraubKernel runs the AVX-512 kernel on the first multiple of 8
// neurons of lo…hi−1 (or the AVX2 kernel on the first multiple of 4) (with at most two conductance channels) and returns where
// it stopped and the groups it reported.
func hhTraubKernel(m *hodgkinHuxley, s *hhScratch, dt float64, cur []float64, G []conductance, lo, hi int) (int, []int64) {
	n := (hi - lo) &^ 3
	if hasAVX512 {
		n = (hi - lo) &^ 7
	}
	if !hasAVX2 || n == 0 || len(G) > 2 {
		return lo, nil
	}
	k := &s.kern
	if k.k[0] == 0 {
		for i, c := range hhKStatic {
			k.k[4*i], k.k[4*i+1], k.k[4*i+2], k.k[4*i+3] = c, c, c, c
		}
	}
	e0, e1 := 0.0, 0.0
	k.flags, k.cur, k.g0, k.g1 = 0, nil, nil, nil
	if cur != nil {
		k.flags, k.cur = 1, &cur[lo]
	}
	if len(G) > 0 {
		k.flags, k.g0, e0 = k.flags|2, &G[0].G[lo], G[0].E
	}
	if len(G) > 1 {
		k.flags, k.g1, e1 = k.flags|4, &G[1].G[lo], G[1].E
	}
	for i, c := range [...]float64{-dt, e0, e1} {
		j := 4 * (len(hhKStatic) + i)
		k.k[j], k.k[j+1], k.k[j+2], k.k[j+3] = c, c, c, c
	}
	k.v, k.m, k.h, k.ng, k.vt = &m.v[lo], &m.m[lo], &m.h[lo], &m.ng[lo], &m.vt[lo]
	k.c, k.gna, k.gk, k.gl = &m.c[lo], &m.gna[lo], &m.gk[lo], &m.gl[lo]
	k.ena, k.ek, k.el = &m.ena[lo], &m.ek[lo], &m.el[lo]
	k.grp, k.n = &s.grp[0], n
	var cnt int
	if hasAVX512 {
		cnt = hhTraubOcts(k)
	} else {
		cnt = hhTraubQuads(k)
	}
	return lo + n, s.grp[:cnt]
}
