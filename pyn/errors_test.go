package pyn

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
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
		}, ErrBadInput, "", -1, ""},
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
		}, ErrDiverged, "hh", -2, ""},
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

// TestErrors checks that bad input gives an error naming the culprit,
// never a panic.
func TestErrors(t *testing.T) {
	good := func() *Network { return NewNetwork(quiet("a", 10), quiet("b", 20)) }
	for _, test := range []struct {
		name string
		run  func() error
		want string
	}{
		{"unknown pre", func() error { return good().Connect("zz", "b", Conn{}) }, `connect "zz" → "b": unknown population "zz"`},
		{"unknown post", func() error { return good().Connect("a", "zz", Conn{}) }, `unknown population "zz"`},
		{"P > 1", func() error { return good().Connect("a", "b", Conn{P: 1.5}) }, `"a" → "b": probability P = 1.5`},
		{"P < 0", func() error { return good().Connect("a", "b", Conn{P: -0.1}) }, "P = -0.1"},
		{"P NaN", func() error { return good().Connect("a", "b", Conn{P: math.NaN()}) }, "P = NaN"},
		{"K too large", func() error { return good().Connect("a", "b", Conn{Rule: FixedInDegree, K: 11}) }, "K = 11"},
		{"K self", func() error { return good().Connect("a", "a", Conn{Rule: FixedInDegree, K: 10}) }, "K = 10"},
		{"one to one sizes", func() error { return good().Connect("a", "b", Conn{Rule: OneToOne}) }, "equal sizes"},
		{"one to one self", func() error { return good().Connect("a", "a", Conn{Rule: OneToOne}) }, "set Autapses"},
		{"too many synapses", func() error {
			_, err := NewNetwork(NewIzhikevich("huge", 200000, TonicSpiking)).Simulate(Sim{T: 1})
			return err
		}, `connect "huge" → "huge": about 4e+09 synapses`},
		{"absurd delay", func() error {
			net := good()
			if err := net.Connect("a", "b", Conn{Delay: 1e9}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1, Dt: 0.1})
			return err
		}, `connect "a" → "b": Delay = 1e+09 ms is longer than`},
		{"delay needing a huge buffer", func() error {
			net := good()
			if err := net.Connect("a", "b", Conn{Delay: 1e7}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1, Dt: 0.1})
			return err
		}, `connect "a" → "b": a delay of 1e+07 ms`},
		{"arrays length", func() error {
			return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{1, 2}})
		}, "len(Pre) = 1"},
		{"weights length", func() error {
			return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{1}, Weights: []float64{1, 2}})
		}, "len(Weights) = 2"},
		{"pre index", func() error { return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{10}, Post: []int{1}}) }, "Pre[0] = 10"},
		{"post index", func() error { return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{-1}}) }, "Post[0] = -1"},
		{"NaN weight array", func() error {
			return good().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{1}, Post: []int{1}, Weights: []float64{math.NaN()}})
		}, "Weights[0] = NaN"},
		{"NaN weight law", func() error { return good().Connect("a", "b", Conn{Weight: Normal(math.NaN(), 1)}) }, "weight"},
		{"negative std", func() error { return good().Connect("a", "b", Conn{Std: -1}) }, "Std = -1"},
		{"negative delay", func() error { return good().Connect("a", "b", Conn{Delay: -1}) }, "Delay = -1"},
		{"bounds reversed", func() error { return good().Connect("a", "b", Conn{STDP: &STDP{WMin: 1, WMax: 0}}) }, "WMin = 1 > WMax = 0"},
		{"bad tau", func() error { return good().Connect("a", "b", Conn{Synapse: Synapse{Tau: -2}}) }, "Tau = -2"},
		{"to a source", func() error {
			return NewNetwork(quiet("a", 2), NewPoisson("in", 2, 5)).Connect("a", "in", Conn{})
		}, `"in" is a spike source`},
		{"delay below a step", func() error {
			net := good()
			if err := net.Connect("a", "b", Conn{Delay: 0.1}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 10, Dt: 0.25})
			return err
		}, `connect "a" → "b": Delay = 0.1 ms is shorter than one step (dt = 0.25 ms)`},
		{"duplicate name", func() error { return NewNetwork(quiet("a", 1), quiet("a", 2)).Err() }, `duplicate population name "a"`},
		{"duplicate then connect", func() error { return NewNetwork(quiet("a", 1), quiet("a", 2)).Connect("a", "a", Conn{}) }, `duplicate population name "a"`},
		{"bad N", func() error {
			_, err := NewNetwork(NewIzhikevich("z", 0, TonicSpiking)).Simulate(Sim{T: 1})
			return err
		}, `"z"`},
		{"NaN param", func() error {
			_, err := NewNetwork(NewIzhikevich("z", 1, IzhikevichParams{A: math.NaN()})).Simulate(Sim{T: 1})
			return err
		}, `"z"`},
		{"dt zero is default, negative is not", func() error { _, err := good().Simulate(Sim{T: 10, Dt: -0.1}); return err }, "dt = -0.1"},
		{"dt NaN", func() error { _, err := good().Simulate(Sim{T: 10, Dt: math.NaN()}); return err }, "dt = NaN"},
		{"T < dt", func() error { _, err := good().Simulate(Sim{T: 0.1, Dt: 0.25}); return err }, "T = 0.1"},
		{"T inf", func() error { _, err := good().Simulate(Sim{T: math.Inf(1)}); return err }, "T = +Inf"},
		{"IExt unknown", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"zz": {{Amp: 1}}}})
			return err
		}, `IExt: unknown population "zz"`},
		{"stim index", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"a": {{Amp: 1, Neurons: []int{10}}}}})
			return err
		}, `IExt["a"][0]: neuron index 10`},
		{"stop before start", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"a": {{Start: 5, Stop: 2}}}})
			return err
		}, "Stop = 2 ms is before Start = 5 ms"},
		{"NaN amp", func() error {
			_, err := good().Simulate(Sim{T: 10, IExt: map[string][]Stim{"b": {{}, {Amp: math.Inf(-1)}}}})
			return err
		}, `IExt["b"][1]: Amp = -Inf`},
		{"record unknown", func() error { _, err := good().Simulate(Sim{T: 10, Record: []string{"volts"}}); return err }, `unknown property "volts"`},
		{"probe pop", func() error {
			_, err := good().Simulate(Sim{T: 10, Probes: []Probe{{Pop: "zz", Var: "v"}}})
			return err
		}, `unknown population "zz"`},
		{"probe var", func() error {
			_, err := good().Simulate(Sim{T: 10, Probes: []Probe{{Pop: "a", Var: "w"}}})
			return err
		}, `"a" has no property "w"`},
		{"probe index", func() error {
			_, err := good().Simulate(Sim{T: 10, Probes: []Probe{{Pop: "b", Var: "v", Neurons: []int{20}}}})
			return err
		}, "neuron index 20"},
		{"weights unknown", func() error { _, err := good().Weights("a", "q"); return err }, `unknown population "q"`},
		{"dt change in continuation", func() error {
			net := good()
			if _, err := net.Simulate(Sim{T: 1, Dt: 0.25}); err != nil {
				return err
			}
			_, err := net.Simulate(Sim{T: 1, Dt: 0.1})
			return err
		}, "call Reset first"},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := test.run()
			if err == nil {
				t.Fatalf("no error, want one containing %q", test.want)
			}
			if !strings.HasPrefix(err.Error(), "pyn: ") || !strings.Contains(err.Error(), test.want) {
				t.Errorf("error %q, want it to start with \"pyn: \" and contain %q", err, test.want)
			}
		})
	}
}
