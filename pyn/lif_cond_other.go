//go:build !amd64 || purego

package pyn

// lifCondUniform is the uniform-parameter fused loop (lifCondGo).
func lifCondUniform(k *lifCondConsts, v, refLeft, x0, x1 []float64, b0, b1 []float32, spikes []int32, grp []int32, off int32) []int32 {
	return lifCondGo(k, v, refLeft, x0, x1, b0, b1, spikes, off)
}
