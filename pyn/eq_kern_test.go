package pyn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEqKernels checks every kernel of eq_kern.go (AVX2 on amd64, the Go
// loops elsewhere) against the operations done one at a time with
// apply, the scalar arithmetic of the language, bit for bit: sizes with
// and without a tail of fewer than four, values with NaN and ±Inf (whose
// results must be reported as not finite by the axpy forms).
func TestEqKernels(t *testing.T) {
	for _, n := range []int{1, 3, 4, 7, 8, 61, 512} {
		for _, special := range []bool{false, true} {
			rng := rand.New(rand.NewPCG(uint64(n), 7))
			vec := func() []float64 {
				x := make([]float64, n)
				for i := range x {
					x[i] = 200 * (rng.Float64() - 0.5)
				}
				return x
			}
			a, b, c, d0 := vec(), vec(), vec(), vec()
			if special && n > 2 {
				a[n-1], b[n/2], c[0] = math.NaN(), math.Inf(1), math.Inf(-1)
			}
			a[0] = 30 // on a threshold exactly
			s, s2 := 0.04, 0.25
			same := func(what string, got, want []float64) {
				t.Helper()
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
						t.Fatalf("n=%d %s: element %d = %v, want %v", n, what, i, got[i], want[i])
					}
				}
			}
			finite := func(x []float64) bool {
				for _, v := range x {
					if !finite(v) {
						return false
					}
				}
				return true
			}
			for op, f := range map[int]func(x float64) float64{
				kvsAdd:  func(x float64) float64 { return apply(iAdd, x, s, 0) },
				kvsSub:  func(x float64) float64 { return apply(iSub, x, s, 0) },
				kvsMul:  func(x float64) float64 { return apply(iMul, x, s, 0) },
				kvsRSub: func(x float64) float64 { return apply(iSub, s, x, 0) },
				kvsGE:   func(x float64) float64 { return apply(iGE, x, 30, 0) },
				kvsGT:   func(x float64) float64 { return apply(iGT, x, 30, 0) },
			} {
				sc := s
				if op == kvsGE || op == kvsGT {
					sc = 30
				}
				want, got := make([]float64, n), make([]float64, n)
				for i := range want {
					want[i] = f(a[i])
				}
				kVS(op, got, a, sc)
				same("kVS", got, want)
			}
			for op, o := range map[int]iop{kvvAdd: iAdd, kvvSub: iSub, kvvMul: iMul} {
				want, got := make([]float64, n), make([]float64, n)
				for i := range want {
					want[i] = apply(o, a[i], b[i], 0)
				}
				kVV(op, got, a, b)
				same("kVV", got, want)
			}
			for op, f := range map[int]func(d, a, c float64) float64{
				kfMulAdd:  func(d, a, c float64) float64 { return apply(iAdd, apply(iMul, s, a, 0), c, 0) },
				kfMulSub:  func(d, a, c float64) float64 { return apply(iSub, apply(iMul, s, a, 0), c, 0) },
				kfAddSub:  func(d, a, c float64) float64 { return apply(iSub, apply(iAdd, a, s, 0), c, 0) },
				kfSqMul:   func(d, a, c float64) float64 { return apply(iMul, s, apply(iPow, a, 2, 0), 0) },
				kfAXPY:    func(d, a, c float64) float64 { return apply(iAdd, d, apply(iMul, s, a, 0), 0) },
				kfAddAXPY: func(d, a, c float64) float64 { return apply(iAdd, d, apply(iMul, s, apply(iAdd, a, c, 0), 0), 0) },
				kfMulSubAXPY: func(d, a, c float64) float64 {
					return apply(iAdd, d, apply(iMul, s2, apply(iSub, apply(iMul, s, a, 0), c, 0), 0), 0)
				},
			} {
				want, got := make([]float64, n), append([]float64(nil), d0...)
				for i := range want {
					want[i] = f(d0[i], a[i], c[i])
				}
				ok := kF3(op, got, a, c, s, s2)
				same("kF3", got, want)
				if op >= kfAXPY && ok != finite(want) {
					t.Fatalf("n=%d kF3 op %d: finite %v, want %v", n, op, ok, finite(want))
				}
			}
			want, got := make([]float64, n), append([]float64(nil), d0...)
			for i := range want {
				want[i] = apply(iAdd, d0[i], apply(iMul, b[i], a[i], 0), 0) // the language's arithmetic, not the kernel's twin
			}
			if ok := kAXPYV(got, a, b); ok != finite(want) {
				t.Fatalf("n=%d kAXPYV: finite %v, want %v", n, ok, finite(want))
			}
			same("kAXPYV", got, want)
			buf, buf2 := make([]float32, n), make([]float32, n)
			for i := range buf {
				buf[i] = float32(b[i])
			}
			copy(buf2, buf)
			ch := &channel{kind: Delta, n: n, depth: 1, ring: buf2, scale: 0.5}
			want, got = make([]float64, n), make([]float64, n)
			ch.advanceDeltaNoise(0, want, 1.5, c) // the general path
			kInput(got, buf, c, 0.5, 1.5)
			same("kInput", got, want)
			for i := range buf {
				if buf[i] != 0 {
					t.Fatalf("n=%d kInput: buf[%d] = %v, want it cleared", n, i, buf[i])
				}
			}
			for _, gt := range []bool{false, true} {
				var wantIdx []int32
				for i, x := range a {
					if (gt && x > 30) || (!gt && x >= 30) {
						wantIdx = append(wantIdx, 5+int32(i))
					}
				}
				idx := make([]int32, n)
				cnt := kSpike(gt, a, 30, 5, idx)
				if cnt != len(wantIdx) {
					t.Fatalf("n=%d kSpike gt=%v: %d spikes, want %d", n, gt, cnt, len(wantIdx))
				}
				for i := range wantIdx {
					if idx[i] != wantIdx[i] {
						t.Fatalf("n=%d kSpike: index %d = %d, want %d", n, i, idx[i], wantIdx[i])
					}
				}
			}
		}
	}
}
