package pyn

import (
	"math"
	"strings"
	"testing"
)

// TestFICurveLIF compares the measured f–I curve of the LIF neuron with
// its closed form: with V∞ = EL + I·τm/C above VTh, the interspike
// interval is TRef + τm·ln((V∞ − VReset)/(V∞ − VTh)) (Gerstner & Kistler
// 2002, Spiking Neuron Models, Eq. 4.10 with refractoriness); below the
// rheobase (375 pA for LIFStandard) the rate is 0. Spike times fall on
// the step grid, so each interval may be up to one step (0.1 ms) longer:
// the tolerance is rate²·dt plus one spike over the run.
func TestFICurveLIF(t *testing.T) {
	currents := []float64{0, 300, 374, 400, 500, 800, 1200}
	const T, dt, skip = 2000.0, 0.1, 100.0
	fi, err := FICurve(func(n int) *Population { return NewLIF("lif", n, LIFStandard) }, currents,
		FIOptions{T: T, Dt: dt, Skip: skip})
	if err != nil {
		t.Fatal(err)
	}
	p := LIFStandard
	for i, I := range currents {
		want := 0.0
		if vinf := p.EL + I*p.TauM/p.C; vinf > p.VTh {
			want = 1000 / (p.TRef + p.TauM*math.Log((vinf-p.VReset)/(vinf-p.VTh)))
		}
		tol := want*want*dt/1000 + 1000/(T-skip)
		if got := fi.Rate[i]; math.Abs(got-want) > tol {
			t.Errorf("I = %g pA: rate %.4g Hz, closed form %.4g Hz (tolerance %.3g)", I, got, want, tol)
		}
	}
	if fi.PNG() == nil {
		t.Fatal(fi.Err())
	}
	if fi.Figure.Plot(0, 0).Title.Text != "lif (LIF)" {
		t.Errorf("title %q", fi.Figure.Plot(0, 0).Title.Text)
	}
}

func TestFICurveErrors(t *testing.T) {
	mk := func(n int) *Population { return NewLIF("lif", n, LIFStandard) }
	for _, test := range []struct {
		name string
		f    func(int) *Population
		I    []float64
		o    FIOptions
		want string
	}{
		{"nil constructor", nil, []float64{1}, FIOptions{}, "nil population constructor"},
		{"no currents", mk, nil, FIOptions{}, "no currents"},
		{"NaN current", mk, []float64{1, math.NaN()}, FIOptions{}, "current 1 is NaN"},
		{"bad T", mk, []float64{1}, FIOptions{T: -5}, "T = -5 ms"},
		{"bad skip", mk, []float64{1}, FIOptions{T: 100, Skip: 100}, "Skip = 100 ms"},
		{"wrong size", func(int) *Population { return NewLIF("lif", 3, LIFStandard) }, []float64{1}, FIOptions{}, `"lif" has 3 neurons, want one per current (1)`},
		{"bad model", func(n int) *Population { return NewLIF("lif", n, LIFParams{C: -1, TauM: 10}) }, []float64{1}, FIOptions{}, "lif"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := FICurve(test.f, test.I, test.o)
			if err == nil || !strings.HasPrefix(err.Error(), "pyn: ") || !strings.Contains(err.Error(), test.want) {
				t.Errorf("error %v, want one containing %q", err, test.want)
			}
		})
	}
}
