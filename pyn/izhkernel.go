package pyn

// izhConsts are the constants of one izhUpdate call. The field order is
// part of the amd64 assembly's contract (izhkernel_amd64.s reads them by
// offset): do not reorder.
type izhConsts struct {
	scale, amp float64 // input: float64(buf[i])·scale + (amp + h[i])
	c04, k1    float64 // 0.04 and k1 of 0.04v² + k1·v + k0
	k0, dt     float64
	b, da      float64 // shared b and dt·a (pa == nil)
	vp         float64 // spike threshold (NaN: no test)
}

// izhUpdate advances v and u of len(v) Izhikevich neurons by one step of
// forward Euler with the fused delta-synapse and noise input (see
// izhikevich.stepFused) and clears buf. It does not reset: it stores the
// indices of the neurons whose new v ≥ k.vp in idx (len(idx) ≥ len(v)),
// in increasing order, and returns their count; the caller resets them.
// With pa == nil, a and b are shared (k.da, k.b); otherwise they are per
// neuron. The expression is that of izhikevich.step, operation for
// operation, so results are bit for bit the same on every architecture;
// on amd64 two neurons are computed at once with packed SSE2 instructions
// (the amd64 baseline, so no feature test), which round each operation
// exactly as scalar code.
func izhUpdate(k *izhConsts, v, u, h, pa, pb []float64, buf []float32, idx []int32) int {
	n := len(v)
	u, h, buf, idx = u[:n], h[:n], buf[:n], idx[:n]
	i, cnt := 0, 0
	if n >= 2 {
		m := n &^ 1
		if pa == nil {
			cnt = izhPairs(k, &v[0], &u[0], &h[0], &buf[0], m, &idx[0])
		} else {
			pa, pb = pa[:n], pb[:n]
			cnt = izhPairsHet(k, &v[0], &u[0], &h[0], &pa[0], &pb[0], &buf[0], m, &idx[0])
		}
		i = m
	}
	for ; i < n; i++ {
		I := float64(float64(buf[i])*k.scale) + (k.amp + h[i])
		buf[i] = 0
		vi, ui := v[i], u[i]
		vi += float64(k.dt * (float64(k.c04*(vi*vi)) + float64(k.k1*vi) + k.k0 - ui + I))
		if pa == nil {
			ui += float64(k.da * (float64(k.b*vi) - ui))
		} else {
			ui += float64(k.dt * pa[i] * (float64(pb[i]*vi) - ui))
		}
		v[i], u[i] = vi, ui
		if vi >= k.vp {
			idx[cnt] = int32(i)
			cnt++
		}
	}
	return cnt
}
