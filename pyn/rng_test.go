package pyn

import (
	"math"
	"math/bits"
	"os"
	"os/exec"
	"strings"
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

// refXoshiro is xoshiro256++ as Blackman & Vigna publish it
// (xoshiro256plusplus.c): the state as an array, rotations by
// math/bits. It is the reference the package's one step is checked
// against.
type refXoshiro [4]uint64

func (s *refXoshiro) next() uint64 {
	res := bits.RotateLeft64(s[0]+s[3], 23) + s[0]
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = bits.RotateLeft64(s[3], 45)
	return res
}

// TestGeneratorStep checks the generator step against the published
// algorithm over 4·10⁶ outputs, for several seeds.
func TestGeneratorStep(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		r := newXrand(seed)
		ref := refXoshiro{r.s0, r.s1, r.s2, r.s3}
		for i := 0; i < 1_000_000; i++ {
			if got, want := r.Uint64(), ref.next(); got != want {
				t.Fatalf("seed %d, output %d: %#x, want %#x", seed, i, got, want)
			}
		}
	}
}

// TestNoiseDrawsBitIdentical checks every hot-path copy of the noise
// draw against the reference draw (normPair, norm) over millions of
// deviates, bit for bit, including the ziggurat's slow path (about 1 % of
// draws): fillNorm in one call and in pieces of even length, for odd and
// even lengths, and the fused delta-plus-noise input (advanceDeltaDraw)
// against fillNorm followed by the reference arithmetic.
func TestNoiseDrawsBitIdentical(t *testing.T) {
	const sd = 1.7
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for _, n := range []int{0, 1, 2, 3, 2047, fusedBlock, 2*fusedBlock + 1, 1_000_001} {
		seed := uint64(n) + 7
		ref := newXrand(seed)
		want := make([]float64, n)
		for i := 0; i+1 < n; i += 2 {
			x0, x1 := ref.normPair()
			want[i], want[i+1] = sd*x0, sd*x1
		}
		if n%2 == 1 {
			want[n-1] = sd * ref.norm()
		}
		one := newXrand(seed)
		got := make([]float64, n)
		one.fillNorm(got, sd)
		pieces := newXrand(seed)
		got2 := make([]float64, n)
		for lo := 0; lo < n; lo += 998 {
			pieces.fillNorm(got2[lo:min(lo+998, n)], sd)
		}
		for i := range want {
			if !same(got[i], want[i]) || !same(got2[i], want[i]) {
				t.Fatalf("n = %d, deviate %d: fillNorm %v, in pieces %v, reference %v", n, i, got[i], got2[i], want[i])
			}
		}
		if *one != *ref || *pieces != *ref {
			t.Fatalf("n = %d: generator state after fillNorm differs from the reference", n)
		}
	}
	if fusedBlock%2 != 0 {
		t.Fatalf("fusedBlock = %d must be even, or block-wise draws would differ from one fillNorm", fusedBlock)
	}

	// The fused input: a Delta channel with spikes in its slot, plus noise.
	const n, amp = 5001, 3.5
	ch := newChannel(Delta, 5, 0, n, 3, 0.1)
	fillSlot := func() {
		buf := ch.slot(2)
		for i := range buf {
			buf[i] = float32(i%7) * 0.25
		}
	}
	fillSlot()
	buf := append([]float32(nil), ch.slot(2)...)
	I, h := make([]float64, n), make([]float64, n)
	r := seedNoise(nil, 99, n)
	ch.advanceDeltaDraw(2, I, amp, h, sd, r)
	ref := seedNoise(nil, 99, n)
	wantH := make([]float64, n)
	for lo := 0; lo < n; lo += noiseBlock {
		ref[lo/noiseBlock].fillNorm(wantH[lo:min(lo+noiseBlock, n)], sd)
	}
	for i := range I {
		wantI := float64(float64(buf[i])*ch.scale) + (amp + wantH[i])
		if !same(h[i], wantH[i]) || !same(I[i], wantI) {
			t.Fatalf("advanceDeltaDraw, neuron %d: h = %v, I = %v; want %v, %v", i, h[i], I[i], wantH[i], wantI)
		}
	}
	for i, x := range ch.slot(2) {
		if x != 0 {
			t.Fatalf("advanceDeltaDraw left slot value %v at %d", x, i)
		}
	}
	if len(r) != 3 || r[0] != ref[0] || r[1] != ref[1] || r[2] != ref[2] {
		t.Fatal("advanceDeltaDraw leaves another generator state than fillNorm")
	}
}

// TestHotPathInlines checks that the one generator step and the one fast
// normal draw inline, so that the loops calling them keep their speed.
func TestHotPathInlines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package with -gcflags=-m")
	}
	out, err := exec.Command("go", "build", "-gcflags=-m", "-o", os.DevNull, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=-m: %v\n%s", err, out)
	}
	for _, fn := range []string{"xrand.next", "zigFast"} {
		if !strings.Contains(string(out), "can inline "+fn+"\n") {
			t.Errorf("%s does not inline", fn)
		}
	}
}

// BenchmarkFillNorm measures the noise draw, the cost that dominates the
// noisy benchmark workloads.
func BenchmarkFillNorm(b *testing.B) {
	h := make([]float64, fusedBlock)
	r := newXrand(1)
	for b.Loop() {
		r.fillNorm(h, 1)
	}
	b.ReportMetric(float64(b.N)*float64(len(h))/b.Elapsed().Seconds(), "deviates/s")
}

// TestNoiseStreams checks the per-block noise streams (rng.go): block 0
// is the stream a population had before blocks existed (so populations of
// at most noiseBlock neurons keep their draws), later blocks are
// different streams, and filling any partition of a population into
// whole blocks, in any order of the parts, gives the draws of one fill
// (what lets Sim.Threads cut the fused Izhikevich step anywhere on block
// boundaries), as does filling it in order in pieces that start at even
// positions (the equation models' 512-neuron blocks).
func TestNoiseStreams(t *testing.T) {
	const n, seed, sd = 5*noiseBlock + 77, 42, 2.5
	ns := seedNoise(nil, seed, n)
	if len(ns) != 6 {
		t.Fatalf("%d streams for %d neurons, want 6", len(ns), n)
	}
	if ns[0] != *newXrand(seed) {
		t.Fatal("block 0 is not the population's original stream")
	}
	for b := 1; b < len(ns); b++ {
		if ns[b] == ns[0] || ns[b] == ns[b-1] {
			t.Fatalf("block %d repeats another block's stream", b)
		}
	}
	if got := seedNoise(nil, seed, noiseBlock); len(got) != 1 || got[0] != ns[0] {
		t.Fatal("a one-block population does not get exactly the original stream")
	}
	// A stimulus's neuron list may repeat neurons and be longer than the
	// population: its positions past the last block draw from the last
	// stream.
	long := make([]float64, 3*noiseBlock)
	seedNoise(nil, seed, 10).fill(long, sd, 0)
	if long[len(long)-1] == 0 {
		t.Fatal("the positions past the last block were not drawn")
	}
	want := make([]float64, n)
	seedNoise(nil, seed, n).fill(want, sd, 0)
	for _, cuts := range [][]int{{0, n}, {0, noiseBlock, n}, {0, 3 * noiseBlock, n}, {0, noiseBlock, 2 * noiseBlock, 5 * noiseBlock, n},
		{0, 512, 1024, 1536, 2048, 2560, 3072, 5000, n}, {0, 3000, 7000, n}} { // pieces at even positions, across blocks
		got := make([]float64, n)
		r := seedNoise(nil, seed, n)
		whole := true // parts of whole blocks: filled last part first
		for _, c := range cuts {
			whole = whole && (c%noiseBlock == 0 || c == n)
		}
		for c := 0; c+1 < len(cuts); c++ {
			if whole {
				c := len(cuts) - 2 - c
				r.fill(got[cuts[c]:cuts[c+1]], sd, cuts[c])
			} else {
				r.fill(got[cuts[c]:cuts[c+1]], sd, cuts[c])
			}
		}
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("cuts %v: deviate %d = %v, one fill gives %v", cuts, i, got[i], want[i])
			}
		}
	}
}
