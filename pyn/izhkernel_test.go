package pyn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestIzhUpdateMatchesScalar checks izhUpdate (packed SSE2 on amd64)
// against the scalar expression of izhikevich.step written out here, bit
// for bit, for shared and per-neuron a and b and for odd and even sizes
// (the odd neuron takes the scalar tail), with the threshold crossings
// reported in order.
func TestIzhUpdateMatchesScalar(t *testing.T) {
	for _, test := range []struct {
		name string
		n    int
		het  bool
	}{
		{"one", 1, false},
		{"two", 2, false},
		{"odd", 7, false},
		{"block", fusedBlock, false},
		{"block+1", fusedBlock + 1, false},
		{"het-one", 1, true},
		{"het-odd", 9, true},
		{"het-block+1", fusedBlock + 1, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(test.n), 3))
			n := test.n
			v, u, h := make([]float64, n), make([]float64, n), make([]float64, n)
			buf := make([]float32, n)
			var pa, pb []float64
			if test.het {
				pa, pb = make([]float64, n), make([]float64, n)
			}
			for i := range v {
				v[i] = -80 + 120*rng.Float64() // below rest to past the peak
				u[i] = -20 + 10*rng.Float64()
				h[i] = 5 * rng.NormFloat64()
				if rng.IntN(3) == 0 {
					buf[i] = float32(rng.Float64() - 0.3)
				}
				if test.het {
					pa[i], pb[i] = 0.02+0.08*rng.Float64(), 0.25-0.05*rng.Float64()
				}
			}
			k := izhConsts{scale: 4, amp: 0.5, c04: 0.04, k1: 5, k0: 140, dt: 0.25, b: 0.2, da: 0.25 * 0.02, vp: 30}
			if n > 2 {
				v[1] = math.NaN() // never a spike, as v ≥ vpeak is false
			}
			wv, wu := append([]float64(nil), v...), append([]float64(nil), u...)
			var want []int32
			for i := range wv {
				I := float64(float64(buf[i])*k.scale) + (k.amp + h[i])
				vi, ui := wv[i], wu[i]
				vi += float64(k.dt * (float64(0.04*(vi*vi)) + float64(k.k1*vi) + k.k0 - ui + I))
				if test.het {
					ui += float64(k.dt * pa[i] * (float64(pb[i]*vi) - ui))
				} else {
					ui += float64(k.dt * 0.02 * (float64(k.b*vi) - ui))
				}
				wv[i], wu[i] = vi, ui
				if vi >= k.vp {
					want = append(want, int32(i))
				}
			}
			idx := make([]int32, n)
			cnt := izhUpdate(&k, v, u, h, pa, pb, buf, idx)
			if len(want) == 0 && n > 8 {
				t.Fatal("no neuron crossed the threshold: the test exercises nothing")
			}
			if cnt != len(want) {
				t.Fatalf("%d threshold crossings, want %d", cnt, len(want))
			}
			for j, i := range want {
				if idx[j] != i {
					t.Fatalf("crossing %d at neuron %d, want %d", j, idx[j], i)
				}
			}
			for i := range v {
				if (math.Float64bits(v[i]) != math.Float64bits(wv[i]) && !(math.IsNaN(v[i]) && math.IsNaN(wv[i]))) || math.Float64bits(u[i]) != math.Float64bits(wu[i]) {
					t.Fatalf("neuron %d: v, u = %v, %v, want %v, %v", i, v[i], u[i], wv[i], wu[i])
				}
				if buf[i] != 0 {
					t.Fatalf("neuron %d: buf = %v, want 0 (cleared)", i, buf[i])
				}
			}
		})
	}
}

// TestFusedStepMatchesGeneral runs networks that take the fused input
// path (izhikevich.stepFused) with and without recording I_ext, which
// forces the general path (input assembled in a slice, then step): spikes
// and final state must agree bit for bit. The cases cover the shared and
// per-neuron a, b, a per-neuron vpeak, the class-1 variant, an odd size
// and a noise redraw interval that is not a multiple of the step.
func TestFusedStepMatchesGeneral(t *testing.T) {
	for _, test := range []struct {
		name    string
		n       int
		variant IzhVariant
		perA    bool
		perPeak bool
		every   float64
	}{
		{"shared", 2501, IzhStandard, false, false, 1},
		{"per-neuron a b", 2501, IzhStandard, true, false, 1},
		{"per-neuron vpeak", 2047, IzhStandard, true, true, 0.75},
		{"class 1", 3001, IzhClass1, false, false, 0},
	} {
		t.Run(test.name, func(t *testing.T) {
			run := func(rec []string) (*Result, []float64) {
				p := NewIzhikevich("p", test.n, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65, Variant: test.variant})
				rng := rand.New(rand.NewPCG(7, 7))
				if test.perA {
					a, b := make([]float64, test.n), make([]float64, test.n)
					for i := range a {
						r := rng.Float64()
						a[i], b[i] = 0.02+0.08*r, 0.25-0.05*r
					}
					if err := p.SetParam("a", a); err != nil {
						t.Fatal(err)
					}
					if err := p.SetParam("b", b); err != nil {
						t.Fatal(err)
					}
				}
				if test.perPeak {
					vp := make([]float64, test.n)
					for i := range vp {
						vp[i] = 25 + 10*rng.Float64()
					}
					if err := p.SetParam("vpeak", vp); err != nil {
						t.Fatal(err)
					}
				}
				net := NewNetwork(p)
				if err := net.Connect("p", "p", Conn{Rule: FixedProb, P: 20 / float64(test.n), Scale: 2, Synapse: Synapse{Kind: Delta}}); err != nil {
					t.Fatal(err)
				}
				res, err := net.Simulate(Sim{T: 100, Dt: 0.25, Seed: 3, Record: rec,
					IExt: map[string][]Stim{"p": {{Amp: 1, Std: 5, Every: test.every}}}})
				if err != nil {
					t.Fatal(err)
				}
				v, _ := p.State("v")
				return res, v
			}
			a, va := run(nil)
			b, vb := run([]string{"I_ext"})
			sa, sb := a.Pops[0].Spikes, b.Pops[0].Spikes
			if len(sa.T) == 0 || len(sa.T) != len(sb.T) {
				t.Fatalf("%d spikes on the fused path, %d on the general one", len(sa.T), len(sb.T))
			}
			for k := range sa.T {
				if sa.T[k] != sb.T[k] || sa.ID[k] != sb.ID[k] {
					t.Fatalf("spike %d differs", k)
				}
			}
			for i := range va {
				if math.Float64bits(va[i]) != math.Float64bits(vb[i]) {
					t.Fatalf("neuron %d: v = %v fused, %v general", i, va[i], vb[i])
				}
			}
		})
	}
}
