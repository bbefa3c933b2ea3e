package pyn

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestErrorKinds checks that errors from every layer carry their kind
// through the wrapping (errors.Is) and name their culprit (errors.As).
func TestErrorKinds(t *testing.T) {
	izh := func() *Population { return NewIzhikevich("exc", 3, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8}) }
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, test := range []struct {
		name   string
		run    func() error
		kind   error
		pop    string
		neuron int
		param  string
	}{
		{"nil network", func() error { _, err := (*Network)(nil).Simulate(Sim{T: 1}); return err }, ErrNil, "", -1, ""},
		{"bad dt", func() error { _, err := NewNetwork(izh()).Simulate(Sim{T: 1, Dt: -1}); return err }, ErrBadInput, "", -1, "Dt"},
		{"bad N", func() error {
			_, err := NewNetwork(NewIzhikevich("x", -1, IzhikevichParams{})).Simulate(Sim{T: 1})
			return err
		}, ErrBadInput, "", -1, "N"},
		{"unknown IExt population", func() error {
			_, err := NewNetwork(izh()).Simulate(Sim{T: 1, IExt: map[string][]Stim{"nope": {{Amp: 1}}}})
			return err
		}, ErrNotFound, "", -1, ""},
		{"unknown Connect population", func() error {
			net := NewNetwork(izh())
			if err := net.Connect("exc", "nope", Conn{}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1})
			return err
		}, ErrNotFound, "nope", -1, ""},
		{"unknown parameter", func() error { return izh().SetParam("zz", []float64{1}) }, ErrNotFound, "exc", -1, "zz"},
		{"NaN parameter", func() error { return izh().SetParam("a", []float64{0.02, math.NaN(), 0.02}) }, ErrBadInput, "exc", 1, "a"},
		{"diverged", func() error {
			p := HHTraubMiles
			_, err := NewNetwork(NewHodgkinHuxley("hh", 2, p)).Simulate(Sim{T: 5, Dt: 2,
				IExt: map[string][]Stim{"hh": {{Amp: 1e6}}}})
			return err
		}, ErrDiverged, "hh", -2, "h"}, // the gate h is the first to leave [0, 1] at this dt
		{"missing folder", func() error { _, err := Load(filepath.Join(t.TempDir(), "none")); return err }, ErrCorrupt, "", -1, ""},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := test.run()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, test.kind) {
				t.Fatalf("%v: not %v", err, test.kind)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%v: not a *pyn.Error", err)
			}
			if e.Error() != err.Error() {
				t.Errorf("*Error message %q differs from %q", e.Error(), err.Error())
			}
			if e.Pop != test.pop && test.pop != "" {
				t.Errorf("Pop = %q, want %q", e.Pop, test.pop)
			}
			if test.neuron == -2 {
				if e.Neuron < 0 || math.IsNaN(e.T) {
					t.Errorf("Neuron = %d, T = %v: want the diverged neuron and time", e.Neuron, e.T)
				}
			} else if e.Neuron != test.neuron {
				t.Errorf("Neuron = %d, want %d", e.Neuron, test.neuron)
			}
			if e.Param != test.param {
				t.Errorf("Param = %q, want %q", e.Param, test.param)
			}
		})
	}
	// Causes stay visible: a cancelled run is context.Canceled, a missing
	// folder is fs.ErrNotExist.
	_, err := NewNetwork(izh()).Simulate(Sim{T: 1000, Context: cancelled})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v is not context.Canceled", err)
	}
	_, err = Load(filepath.Join(t.TempDir(), "none"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing folder: %v is not fs.ErrNotExist", err)
	}
}
