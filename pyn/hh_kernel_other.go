//go:build !amd64 || purego

package pyn

// hhKern is empty without the assembly kernel.
type hhKern struct{}

// hhTraubKernel does no neurons without the assembly: hhTraubLane does
// them all.
func hhTraubKernel(m *hodgkinHuxley, s *hhScratch, dt float64, cur []float64, G []conductance, lo, hi int) (int, []int64) {
	return lo, nil
}
