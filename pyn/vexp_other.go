//go:build !amd64 || purego

package pyn

// vexpKernel handles no lanes without the assembly: vexp's pure-Go loop
// does them all.
func vexpKernel(dst, src []float64) int { return 0 }
