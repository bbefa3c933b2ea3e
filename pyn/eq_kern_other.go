//go:build !amd64 || purego

package pyn

// eqAsm is false: the kernels of eq_kern.go run in Go only.
const eqAsm = false

// The assembly entry points of eq_kern_amd64.s do not exist on this
// build; eqAsm keeps them from being called.

func eqVSQuads(op int, d, a *float64, s float64, n int) { panic("pyn: no assembly") }

func eqVVQuads(op int, d, a, b *float64, n int) { panic("pyn: no assembly") }

func eqF3Quads(op int, d, a, c *float64, s, s2 float64, n int) bool { panic("pyn: no assembly") }

func eqAXPYVQuads(d, a, s *float64, n int) bool { panic("pyn: no assembly") }

func eqSpikeQuads(gt bool, a *float64, s float64, n int, idx *int32, base int) int {
	panic("pyn: no assembly")
}

func eqInputQuads(d *float64, buf *float32, h *float64, scale, amp float64, n int) {
	panic("pyn: no assembly")
}
