package pyn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCondFold checks condFold (the amd64 kernels where there are some)
// against condFoldGo bit for bit, at sizes that leave kernel tails, and
// that it clears the ring slot.
func TestCondFold(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		p := math.Exp(-0.1 / 5)
		for _, n := range []int{0, 1, 3, 4, 7, 8, 9, 64, 1001} {
			xa, xb := make([]float64, n), make([]float64, n)
			ba, bb := make([]float32, n), make([]float32, n)
			for i := range xa {
				xa[i] = 100 * rng.Float64()
				ba[i] = float32(67 * rng.Float64())
			}
			copy(xb, xa)
			copy(bb, ba)
			condFold(xa, ba, p)
			condFoldGo(xb, bb, p)
			for i := range xa {
				if math.Float64bits(xa[i]) != math.Float64bits(xb[i]) || ba[i] != 0 || bb[i] != 0 {
					t.Fatalf("n = %d, element %d: x = %v (kernel), %v (Go); slots %v, %v", n, i, xa[i], xb[i], ba[i], bb[i])
				}
			}
		}
	})
}
