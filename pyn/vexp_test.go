package pyn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulpDiff is the distance between a and b in units in the last place.
func ulpDiff(a, b float64) int64 {
	d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
	if d < 0 {
		d = -d
	}
	return d
}

// TestVexp checks fexp against math.Exp over the whole domain of the
// method, [−708, 709] (a dense grid plus random points, and the range the
// Hodgkin–Huxley step uses, [−60, 60], more densely), and the fallbacks
// outside it (±Inf, NaN, underflow to 0, overflow to +Inf). The bound:
// within 2 ulp of math.Exp (vexp.go states it; math.Exp is itself within
// 1 ulp of e^x). That the HH kernels' lanes give fexp's bits is checked
// by TestHHKernelMatchesGo.
func TestVexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var xs []float64
	for x := -708.0; x <= 709; x += 0.0137 {
		xs = append(xs, x)
	}
	for i := 0; i < 200000; i++ {
		xs = append(xs, -60+120*rng.Float64(), -708+1417*rng.Float64(), 1e-3*rng.NormFloat64())
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1e-300, -1e-300, expLo, expHi, -708.3, 709.7, -745.2, -800, 710, 1000,
		math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, 0.34657359, -0.34657359)
	var worst int64
	var at float64
	for _, x := range xs {
		got, want := fexp(x), math.Exp(x)
		if math.IsNaN(want) {
			if !math.IsNaN(got) {
				t.Fatalf("fexp(NaN) = %v", got)
			}
			continue
		}
		if d := ulpDiff(got, want); d > worst {
			worst, at = d, x
		}
	}
	if worst > 2 {
		t.Errorf("fexp(%v) is %d ulp from math.Exp, want ≤ 2", at, worst)
	}
	t.Logf("worst error %d ulp (at x = %v) over %d arguments", worst, at, len(xs))
}

// BenchmarkVexp times fexp over a block of HH-range arguments.
func BenchmarkVexp(b *testing.B) {
	src, dst := make([]float64, 1024), make([]float64, 1024)
	for i := range src {
		src[i] = -30 + 60*float64(i)/1024
	}
	for b.Loop() {
		for i, x := range src {
			dst[i] = fexp(x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/exp")
}

// BenchmarkMathExp is BenchmarkVexp with math.Exp, for comparison.
func BenchmarkMathExp(b *testing.B) {
	src, dst := make([]float64, 1024), make([]float64, 1024)
	for i := range src {
		src[i] = -30 + 60*float64(i)/1024
	}
	for b.Loop() {
		for i, x := range src {
			dst[i] = math.Exp(x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/exp")
}
