package pyn

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHHKernelMatchesGo checks the Traub–Miles step (the AVX2 kernel
// where there is one, with Go redoing the careful lanes) against
// hhTraubLane neuron by neuron, bit for bit, over many steps: states near
// the rates' 0/0 points, spiking neurons, zero and huge conductances,
// and each input layout (current and zero to two channels), at sizes and
// ranges that leave kernel tails.
func TestHHKernelMatchesGo(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		p := HHTraubMiles
		p.Integrator = HHExponentialEuler
		const dt = 0.1
		for _, n := range []int{1, 4, 7, 64, 301} {
			for _, layout := range []struct {
				cur bool
				nch int
			}{{true, 2}, {false, 2}, {true, 1}, {false, 0}, {true, 0}} {
				a, b := NewHodgkinHuxley("a", n, p), NewHodgkinHuxley("b", n, p)
				for _, pop := range []*Population{a, b} {
					if err := pop.initModel(); err != nil {
						t.Fatal(err)
					}
				}
				ma, mb := a.m.(*hodgkinHuxley), b.m.(*hodgkinHuxley)
				for i := 0; i < n; i++ {
					switch i % 5 {
					case 0:
						ma.v[i] = -100 + 150*rng.Float64()
					case 4:
						ma.v[i] = -1 - rng.Float64() // about to cross 0 mV
					default: // near a 0/0 point of the rates
						ma.v[i] = -63 + []float64{13, 15, 40}[i%5-1] + 2*rng.NormFloat64()
					}
					ma.m[i], ma.h[i], ma.ng[i] = rng.Float64(), rng.Float64(), rng.Float64()
					if i%11 == 3 {
						ma.gl[i], mb.gl[i] = 0, 0 // with no input and m = n = 0: Σg = 0
						ma.m[i], ma.ng[i] = 0, 0
					}
				}
				copy(mb.v, ma.v)
				copy(mb.m, ma.m)
				copy(mb.h, ma.h)
				copy(mb.ng, ma.ng)
				in := &input{}
				if layout.cur {
					in.I = make([]float64, n)
				}
				for c := 0; c < layout.nch; c++ {
					in.G = append(in.G, conductance{G: make([]float64, n), E: []float64{0, -80}[c]})
				}
				sa := &hhScratch{}
				var spa, spb []int32
				for step := 0; step < 50; step++ {
					for i := 0; i < n; i++ {
						if in.I != nil {
							in.I[i] = 5 * rng.NormFloat64()
						}
						for _, ch := range in.G {
							ch.G[i] = 0.5 * rng.Float64()
							if i%11 == 3 {
								ch.G[i] = 0
							}
							if i%13 == 5 {
								ch.G[i] = 1e6 // −dt·Σg/C below fexp's domain
							}
						}
					}
					lo := min(step%3, n)
					var err error
					if spa, err = ma.stepTraubEE(dt, in, spa[:0], lo, n, sa); err != nil {
						t.Fatal(err)
					}
					spb = spb[:0]
					for i := lo; i < n; i++ {
						if spb, err = mb.traubLane(dt, in.I, in.G, i, spb); err != nil {
							t.Fatal(err)
						}
					}
					if !slices.Equal(spa, spb) {
						t.Fatalf("n = %d, %+v, step %d: spikes %v (kernel), %v (Go)", n, layout, step, spa, spb)
					}
					for i := 0; i < n; i++ {
						for k, p := range [][2]float64{{ma.v[i], mb.v[i]}, {ma.m[i], mb.m[i]}, {ma.h[i], mb.h[i]}, {ma.ng[i], mb.ng[i]}} {
							if math.Float64bits(p[0]) != math.Float64bits(p[1]) {
								t.Fatalf("n = %d, %+v, step %d, neuron %d, var %d: kernel %v, Go %v", n, layout, step, i, k, p[0], p[1])
							}
						}
					}
				}
			}
		}
	})
}

// TestXOverExpm1Series checks the series hhTraubLane uses for z/(1 −
// e^(−z)) near its 0/0 point against xOverExpm1 (math.Expm1, within 1
// ulp, and one division) over |z| < 0.5, including the point itself
// (value 1, the limit) and both ends: the series' truncation error is
// below 5·10⁻¹⁸ relative, so the two agree within a few ulp.
func TestXOverExpm1Series(t *testing.T) {
	if got := xOverExpm1Series(0); got != 1 {
		t.Errorf("xOverExpm1Series(0) = %v, want 1", got)
	}
	const n = 100000
	for i := -n; i <= n; i++ {
		z := 0.4999999999 * float64(i) / n
		got, want := xOverExpm1Series(z), xOverExpm1(z)
		if math.Abs(got-want) > 4*0x1p-52*want {
			t.Fatalf("xOverExpm1Series(%v) = %v, xOverExpm1 %v (%.3g ulp)", z, got, want, math.Abs(got-want)/(0x1p-52*want))
		}
	}
}

// TestHHKernelDiverged checks that a non-finite state stops the step
// with ErrDiverged naming the first such neuron, whichever kernel runs
// (the kernel leaves such lanes to hhTraubLane, which reports them).
func TestHHKernelDiverged(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		p := HHTraubMiles
		p.Integrator = HHExponentialEuler
		for _, bad := range []int{0, 5, 13, 17} {
			pop := NewHodgkinHuxley("hh", 18, p)
			if err := pop.initModel(); err != nil {
				t.Fatal(err)
			}
			m := pop.m.(*hodgkinHuxley)
			m.v[bad] = math.NaN()
			if bad+1 < 18 {
				m.v[bad+1] = math.Inf(1)
			}
			_, err := m.step(&stepCtx{dt: 0.1}, nil, nil)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrDiverged) || e.Neuron != bad {
				t.Fatalf("V[%d] = NaN: error %v, want ErrDiverged at neuron %d", bad, err, bad)
			}
		}
	})
}
