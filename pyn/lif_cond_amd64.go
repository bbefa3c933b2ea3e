//go:build amd64 && !purego

package pyn

// lifCondQuads is lifCondGo's loop over n neurons (n a multiple of 4) in
// lif_cond_amd64.s; it reports the spiking groups in grp.
//
//go:noescape
func lifCondQuads(k *[48]float64, v, ref, x0, x1 *float64, b0, b1 *float32, n int, grp *int32) int

// lifCondOcts is lifCondQuads with AVX-512, n a multiple of 8.
//
//go:noescape
func lifCondOcts(k *[48]float64, v, ref, x0, x1 *float64, b0, b1 *float32, n int, grp *int32) int

// lifCondUniform is the uniform-parameter fused loop: the AVX-512 kernel
// on the first multiple of 8 neurons (or the AVX2 kernel on the first
// multiple of 4), lifCondGo on the rest (the same bits).
func lifCondUniform(k *lifCondConsts, v, refLeft, x0, x1 []float64, b0, b1 []float32, spikes []int32, grp []int32, off int32) []int32 {
	n := len(v) &^ 3
	if !hasAVX2 || n == 0 {
		return lifCondGo(k, v, refLeft, x0, x1, b0, b1, spikes, off)
	}
	var kt [48]float64
	for i, c := range [...]float64{k.p0, k.p1, k.e0, k.e1, k.el, k.invTau, k.invC, k.dt, k.half, k.vth, k.vreset, k.tref} {
		kt[4*i], kt[4*i+1], kt[4*i+2], kt[4*i+3] = c, c, c, c
	}
	var cnt int
	if hasAVX512 {
		if n = len(v) &^ 7; n == 0 {
			return lifCondGo(k, v, refLeft, x0, x1, b0, b1, spikes, off)
		}
		cnt = lifCondOcts(&kt, &v[0], &refLeft[0], &x0[0], &x1[0], &b0[0], &b1[0], n, &grp[0])
	} else {
		cnt = lifCondQuads(&kt, &v[0], &refLeft[0], &x0[0], &x1[0], &b0[0], &b1[0], n, &grp[0])
	}
	for _, g := range grp[:cnt] {
		base, mask := g>>4<<2, g&15
		for j := int32(0); j < 4; j++ {
			if mask&(1<<j) != 0 {
				spikes = append(spikes, off+base+j)
			}
		}
	}
	if n < len(v) {
		spikes = lifCondGo(k, v[n:], refLeft[n:], x0[n:], x1[n:], b0[n:], b1[n:], spikes, off+int32(n))
	}
	return spikes
}
