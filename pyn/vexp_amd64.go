//go:build amd64 && !purego

package pyn

import (
	"math"

	"golang.org/x/sys/cpu"
)

// hasAVX2 selects the AVX2 kernels (the CPU and the OS support the 256-bit
// registers).
var hasAVX2 = cpu.X86.HasAVX2

// hasAVX512 selects the AVX-512 kernels (F and DQ, with the OS saving the
// 512-bit state), which give the AVX2 kernels' bits eight lanes at a time.
var hasAVX512 = hasAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// vexpOctets is vexp's method over n lanes (n a multiple of 8), in
// vexp_amd64.s. It reports whether every argument was inside
// (expLo, expHi); if not, the caller redoes the others.
//
//go:noescape
func vexpOctets(dst, src *float64, n int, tab *[80]float64) bool

// vexpTab holds the kernel's constants, each four times: log₂e,
// 1.5·2⁵², ln2 head and tail, expLo, expHi, the Horner coefficients, 1,
// and the exponent bias 1023 as an int64.
var vexpTab = func() (t [80]float64) {
	c := []float64{expLog2e, expMagic, expLn2Hi, expLn2Lo, expLo, expHi}
	c = append(c, expCoef[:]...)
	c = append(c, 1, math.Float64frombits(1023))
	for i, x := range c {
		t[4*i], t[4*i+1], t[4*i+2], t[4*i+3] = x, x, x, x
	}
	return
}()

// vexpKernel does the first multiple of 8 lanes with AVX2 and returns how
// many it did.
func vexpKernel(dst, src []float64) int {
	k := len(src) &^ 7
	if !hasAVX2 || k == 0 {
		return 0
	}
	if !vexpOctets(&dst[0], &src[0], k, &vexpTab) {
		vexpFixup(dst[:k], src[:k])
	}
	return k
}
