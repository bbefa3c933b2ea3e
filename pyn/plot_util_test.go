package pyn

import (
	"math"
	"reflect"
	"testing"
)

// TestPopulationRate checks rates computed by hand: spikes / neurons /
// bin width in seconds.
func TestPopulationRate(t *testing.T) {
	r := &Result{Name: "r", Start: 100, T: 20, Dt: 0.1, Pops: []PopResult{{Name: "p", N: 2,
		Spikes: Spikes{T: []float64{101, 105, 112, 120}, ID: []int32{0, 1, 0, 1}}}}}
	for _, test := range []struct {
		name         string
		bin, smooth  float64
		wantT, wantR []float64
	}{
		// [100,110): 2 spikes / 2 neurons / 0.01 s = 100 Hz; [110,120]: 2 spikes (the one at
		// the very end counts in the last bin) = 100 Hz.
		{"10 ms bins", 10, 0, []float64{105, 115}, []float64{100, 100}},
		// One 20 ms bin: 4 / 2 / 0.02 s = 100 Hz.
		{"one bin", 20, 0, []float64{110}, []float64{100}},
		// 5 ms bins: 1, 1, 1, 1 spikes → 100 Hz each.
		{"5 ms bins", 5, 0, []float64{102.5, 107.5, 112.5, 117.5}, []float64{100, 100, 100, 100}},
		// Smoothing a constant rate leaves it constant (kernel normalised inside the run).
		{"smoothed constant", 5, 50, []float64{102.5, 107.5, 112.5, 117.5}, []float64{100, 100, 100, 100}},
	} {
		t.Run(test.name, func(t *testing.T) {
			gotT, gotR, err := PopulationRate(r, "p", test.bin, test.smooth)
			if err != nil {
				t.Fatal(err)
			}
			if !ratesClose(gotT, test.wantT, 1e-12) || !ratesClose(gotR, test.wantR, 1e-9) {
				t.Errorf("got t %v rate %v, want %v %v", gotT, gotR, test.wantT, test.wantR)
			}
		})
	}
}

func ratesClose(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

func TestSampleNeurons(t *testing.T) {
	for _, test := range []struct {
		n, max int
		want   []int
	}{
		{3, 5, []int{0, 1, 2}},
		{10, 5, []int{0, 2, 5, 7, 9}},
		{1000, 2, []int{0, 999}},
	} {
		if got := sampleNeurons(test.n, test.max); !reflect.DeepEqual(got, test.want) {
			t.Errorf("sampleNeurons(%d, %d) = %v, want %v", test.n, test.max, got, test.want)
		}
	}
}

func TestIntRanges(t *testing.T) {
	for _, test := range []struct {
		in   []int
		want string
	}{
		{nil, "none"},
		{[]int{3}, "3"},
		{[]int{2, 0, 1, 5, 7, 8}, "0–2, 5, 7–8"},
	} {
		if got := intRanges(test.in); got != test.want {
			t.Errorf("intRanges(%v) = %q, want %q", test.in, got, test.want)
		}
	}
}

// TestDecimationKeepsPeaks: a 100 000-sample trace with one-sample spikes
// is drawn with at most maxLinePoints points and every spike peak kept.
func TestDecimationKeepsPeaks(t *testing.T) {
	const n = 100000
	tr := &Trace{Var: "v", Neurons: []int{0}, T: make([]float64, n), Data: make([]float64, n)}
	peaks := 0
	for i := range tr.T {
		tr.T[i] = float64(i)
		tr.Data[i] = -65
		if i%997 == 500 {
			tr.Data[i] = 30
			peaks++
		}
	}
	xy := traceXYs(tr, 0)
	if len(xy) > maxLinePoints {
		t.Errorf("%d points drawn, want ≤ %d", len(xy), maxLinePoints)
	}
	got := 0
	for _, p := range xy {
		if p.Y == 30 {
			got++
		}
	}
	if got != peaks {
		t.Errorf("%d of %d spike peaks kept", got, peaks)
	}
}
