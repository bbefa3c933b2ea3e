//go:build amd64 && !purego

package pyn

import "testing"

// eachKernel runs f once per kernel level this CPU has (AVX-512, AVX2,
// none), so that every assembly kernel is checked against its Go twin.
func eachKernel(t *testing.T, f func(t *testing.T)) {
	avx2, avx512 := hasAVX2, hasAVX512
	defer func() { hasAVX2, hasAVX512 = avx2, avx512 }()
	for _, l := range []struct {
		name         string
		avx2, avx512 bool
	}{{"avx512", true, true}, {"avx2", true, false}, {"go", false, false}} {
		if (l.avx2 && !avx2) || (l.avx512 && !avx512) {
			continue
		}
		hasAVX2, hasAVX512 = l.avx2, l.avx512
		t.Run(l.name, f)
	}
}
