package pyn

import (
	"math"
	"testing"
)

// TestNormalDeviates checks the ziggurat against the moments and tail
// probabilities of the standard normal law (Abramowitz & Stegun 26.2:
// P(|x| > 1) = 0.317311, P(|x| > 2) = 0.0455003, P(|x| > 3) = 0.0026998,
// P(|x| > 3.5) = 0.000465), with tolerances of 5 standard errors for 4·10⁶
// draws, for both the single and the paired generator.
func TestNormalDeviates(t *testing.T) {
	const n = 4000000
	for _, paired := range []bool{false, true} {
		r := newXrand(42)
		xs := make([]float64, n)
		if paired {
			r.fillNorm(xs, 1)
		} else {
			for i := range xs {
				xs[i] = r.norm()
			}
		}
		var s1, s2, s3, s4 float64
		tails := []struct {
			x, p float64
			n    int
		}{{1, 0.317311, 0}, {2, 0.0455003, 0}, {3, 0.0026998, 0}, {3.5, 0.000465, 0}}
		for _, x := range xs {
			s1 += x
			s2 += x * x
			s3 += x * x * x
			s4 += x * x * x * x
			for k := range tails {
				if math.Abs(x) > tails[k].x {
					tails[k].n++
				}
			}
		}
		se := 1 / math.Sqrt(n)
		for _, m := range []struct {
			name      string
			got, want float64
			sd        float64 // standard deviation of one term
		}{
			{"mean", s1 / n, 0, 1},
			{"variance", s2 / n, 1, math.Sqrt(2)},
			{"skewness", s3 / n, 0, math.Sqrt(15)},
			{"kurtosis", s4 / n, 3, math.Sqrt(96)},
		} {
			if math.Abs(m.got-m.want) > 5*m.sd*se {
				t.Errorf("paired %v: %s = %.5f, want %v", paired, m.name, m.got, m.want)
			}
		}
		for _, tl := range tails {
			p := float64(tl.n) / n
			if math.Abs(p-tl.p) > 5*math.Sqrt(tl.p*(1-tl.p)/n) {
				t.Errorf("paired %v: P(|x| > %v) = %.6f, want %.6f", paired, tl.x, p, tl.p)
			}
		}
	}
}

// TestStreamsIndependent checks that derived seeds differ for nearby
// stream identifiers, and that a stream is reproducible.
func TestStreamsIndependent(t *testing.T) {
	seen := map[uint64]bool{}
	for seed := uint64(0); seed < 4; seed++ {
		for id := uint64(0); id < 64; id++ {
			s := mix(seed, 7, id)
			if seen[s] {
				t.Fatalf("seed %d stream %d repeats a derived seed", seed, id)
			}
			seen[s] = true
		}
	}
	a, b := newXrand(mix(1, 2)), newXrand(mix(1, 2))
	for i := 0; i < 100; i++ {
		if a.Uint64() != b.Uint64() {
			t.Fatal("same seed, different stream")
		}
	}
}
