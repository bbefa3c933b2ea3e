//go:build amd64 && !purego

package pyn

// izhPairs is izhUpdate's loop for shared a and b over n neurons (n even),
// in izhkernel_amd64.s. It returns the number of indices stored in idx.
//
//go:noescape
func izhPairs(k *izhConsts, v, u, h *float64, buf *float32, n int, idx *int32) int

// izhPairsHet is izhPairs with per-neuron a and b.
//
//go:noescape
func izhPairsHet(k *izhConsts, v, u, h, pa, pb *float64, buf *float32, n int, idx *int32) int
