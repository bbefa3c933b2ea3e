//go:build amd64 && !purego

package pyn

import "golang.org/x/sys/cpu"

// hasAVX2 selects the AVX2 kernels (the CPU and the OS support the 256-bit
// registers).
var hasAVX2 = cpu.X86.HasAVX2

// vexpQuads is vexp's method over n lanes (n a multiple of 4), in
// vexp_amd64.s. It reports whether every argument was inside
// (expLo, expHi); if not, the caller redoes the others.
//
//go:noescape
func vexpQuads(dst, src *float64, n int, tab *[20]float64) bool

// vexpTab holds the kernel's constants: log₂e, 1.5·2⁵², ln2 head and
// tail, expLo, expHi, then the Horner coefficients, then 1.
var vexpTab = func() (t [20]float64) {
	copy(t[:], []float64{expLog2e, expMagic, expLn2Hi, expLn2Lo, expLo, expHi})
	copy(t[6:], expCoef[:])
	t[18] = 1
	return
}()

// vexpKernel does the first multiple of 4 lanes with AVX2 and returns how
// many it did.
func vexpKernel(dst, src []float64) int {
	k := len(src) &^ 3
	if !hasAVX2 || k == 0 {
		return 0
	}
	if !vexpQuads(&dst[0], &src[0], k, &vexpTab) {
		vexpFixup(dst[:k], src[:k])
	}
	return k
}
