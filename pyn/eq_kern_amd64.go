//go:build amd64 && !purego

package pyn

import "golang.org/x/sys/cpu"

// eqAsm selects the AVX2 kernels of eq_kern_amd64.s (the CPU and the OS
// support the 256-bit registers).
var eqAsm = cpu.X86.HasAVX2

// The kernels below run over n elements, n a multiple of 4; see the Go
// loops of the same names without Quads in eq_kern.go.

//go:noescape
func eqVSQuads(op int, d, a *float64, s float64, n int)

//go:noescape
func eqVVQuads(op int, d, a, b *float64, n int)

//go:noescape
func eqF3Quads(op int, d, a, c *float64, s, s2 float64, n int) bool

//go:noescape
func eqAXPYVQuads(d, a, s *float64, n int) bool

// eqSpikeQuads stores base + i for every i with a[i] ≥ s (> s with gt)
// at idx and returns their count.
//
//go:noescape
func eqSpikeQuads(gt bool, a *float64, s float64, n int, idx *int32, base int) int

//go:noescape
func eqInputQuads(d *float64, buf *float32, h *float64, scale, amp float64, n int)
