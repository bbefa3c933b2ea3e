//go:build amd64 && !purego

package pyn

// condFoldQuads and condFoldOcts are condFoldGo's loop over n elements
// (a multiple of 4, AVX2, or of 8, AVX-512) in condfold_amd64.s.
//
//go:noescape
func condFoldQuads(x *float64, b *float32, p float64, n int)

//go:noescape
func condFoldOcts(x *float64, b *float32, p float64, n int)

// condFoldKernel folds the first multiple of 8 (AVX-512) or 4 (AVX2)
// elements and returns how many it did.
func condFoldKernel(x []float64, b []float32, p float64) int {
	if hasAVX512 {
		if k := len(b) &^ 7; k > 0 {
			condFoldOcts(&x[0], &b[0], p, k)
			return k
		}
		return 0
	}
	if k := len(b) &^ 3; hasAVX2 && k > 0 {
		condFoldQuads(&x[0], &b[0], p, k)
		return k
	}
	return 0
}
