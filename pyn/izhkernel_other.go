//go:build !amd64 || purego

package pyn

import "unsafe"

// izhPairs is izhUpdate's loop for shared a and b over n neurons (n even).
func izhPairs(k *izhConsts, v, u, h *float64, buf *float32, n int, idx *int32) int {
	return izhPairsHet(k, v, u, h, nil, nil, buf, n, idx)
}

// izhPairsHet is izhPairs with per-neuron a and b (shared when pa is nil).
func izhPairsHet(k *izhConsts, v, u, h, pa, pb *float64, buf *float32, n int, idx *int32) int {
	vs, us, hs := unsafe.Slice(v, n), unsafe.Slice(u, n), unsafe.Slice(h, n)
	bs, is := unsafe.Slice(buf, n), unsafe.Slice(idx, n)
	cnt := 0
	var as, bbs []float64
	if pa != nil {
		as, bbs = unsafe.Slice(pa, n), unsafe.Slice(pb, n)
	}
	for i := range vs {
		I := float64(float64(bs[i])*k.scale) + (k.amp + hs[i])
		bs[i] = 0
		vi, ui := vs[i], us[i]
		vi += float64(k.dt * (float64(k.c04*(vi*vi)) + float64(k.k1*vi) + k.k0 - ui + I))
		if pa == nil {
			ui += float64(k.da * (float64(k.b*vi) - ui))
		} else {
			ui += float64(k.dt * as[i] * (float64(bbs[i]*vi) - ui))
		}
		vs[i], us[i] = vi, ui
		if vi >= k.vp {
			is[cnt] = int32(i)
			cnt++
		}
	}
	return cnt
}
