package pyn

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestUnrepresentableRefused: values of issue 15's class 3 that ran with
// Inf or NaN state or a wrong sample count are refused before the run.
func TestUnrepresentableRefused(t *testing.T) {
	lif := LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65}
	net := func() *Network {
		a, b := NewPoisson("a", 10, 10), NewLIF("b", 10, lif)
		b.DisableRecurrent()
		return NewNetwork(a, b)
	}
	for _, test := range []struct {
		name string
		run  func() error
		kind error
		want string
	}{
		{"finite float64 weight that is Inf as float32", func() error {
			return net().Connect("a", "b", Conn{Rule: AllToAll, Weight: Const(1e39)})
		}, ErrTooLarge, "float32"},
		{"weight law times Scale beyond float32", func() error {
			return net().Connect("a", "b", Conn{Rule: AllToAll, Weight: Uniform(0, 1e30), Scale: 1e10})
		}, ErrTooLarge, "reaches 1e+40"},
		{"FromArrays weight beyond float32", func() error {
			return net().Connect("a", "b", Conn{Rule: FromArrays, Pre: []int{0, 1}, Post: []int{0, 1}, Weights: []float64{1, -5e38}})
		}, ErrTooLarge, "Weights[1] = -5e+38"},
		{"stimuli whose sum overflows", func() error {
			_, err := net().Simulate(Sim{T: 1, IExt: map[string][]Stim{"b": {{Amp: 1e308}, {Amp: 1e308}}}})
			return err
		}, ErrTooLarge, `IExt["b"][1]`},
		{"Probe.Every too large for the step counter", func() error {
			_, err := net().Simulate(Sim{T: 1, Probes: []Probe{{Pop: "b", Var: "v", Every: 1e300}}})
			return err
		}, ErrTooLarge, "Probes[0]: Every = 1e+300"},
		{"STDP on weights of both signs", func() error {
			n := net()
			if err := n.Connect("a", "b", Conn{Rule: AllToAll, Weight: Uniform(-1, 1), STDP: &STDP{}}); err != nil {
				return err
			}
			_, err := n.Simulate(Sim{T: 1})
			return err
		}, ErrBadInput, "one sign"},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := test.run()
			if !errors.Is(err, test.kind) || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("err = %v, want %v mentioning %q", err, test.kind, test.want)
			}
		})
	}
}

// TestProbeEveryLongerThanRun: an interval longer than the run (but one
// the step counter holds) samples once, at the start; it used to wrap
// the step counter and sample every step.
func TestProbeEveryLongerThanRun(t *testing.T) {
	p := NewIzhikevich("p", 2, RegularSpiking)
	p.DisableRecurrent()
	r, err := NewNetwork(p).Simulate(Sim{T: 10, Dt: 0.5, Probes: []Probe{{Pop: "p", Var: "v", Every: 1e15}}})
	if err != nil {
		t.Fatal(err)
	}
	if tr := r.Pops[0].Traces[0]; len(tr.T) != 1 || tr.T[0] != 0 {
		t.Errorf("sample times %v, want [0]", tr.T)
	}
}

// TestDivergenceEveryModel: a run whose state becomes non-finite stops
// with ErrDiverged naming the population, neuron, variable and time, for
// every model. Twelve simultaneous spikes of weight 3e38 overflow the
// float32 synaptic slot to +Inf; an Izhikevich recovery variable with
// a = 10⁶/ms at dt = 1 ms is an unstable Euler step (|1 − a·dt| ≫ 1).
func TestDivergenceEveryModel(t *testing.T) {
	lif := LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65, TRef: 2}
	unstable := RegularSpiking
	unstable.A = 1e6
	for _, test := range []struct {
		pop    *Population
		flood  bool // drive with the overflowing synapses
		dt     float64
		params []string // the variables the error may name
	}{
		{NewIzhikevich("izh", 10, RegularSpiking), true, 0.025, []string{"I_syn"}},
		{NewLIF("lif", 10, lif), true, 0.025, []string{"I_syn"}},
		{NewAdEx("adex", 10, AdExTonic), true, 0.025, []string{"I_syn", "v", "w"}},
		{NewHodgkinHuxley("hh", 10, HHSquidAxon), true, 0.025, []string{"I_syn", "v", "m", "h", "n"}},
		{NewIzhikevich("izh-unstable", 3, unstable), false, 1, []string{"v", "u"}},
	} {
		t.Run(test.pop.Name, func(t *testing.T) {
			p := test.pop
			p.DisableRecurrent()
			n := NewNetwork(p)
			if test.flood {
				times := make([][]float64, 12)
				for i := range times {
					times[i] = []float64{1}
				}
				n = NewNetwork(NewSpikeSource("src", times), p)
				if err := n.Connect("src", p.Name, Conn{Rule: AllToAll, Weight: Const(3e38)}); err != nil {
					t.Fatal(err)
				}
			}
			r, err := n.Simulate(Sim{T: 100, Dt: test.dt})
			var e *Error
			if !errors.Is(err, ErrDiverged) || !errors.As(err, &e) {
				t.Fatalf("err = %v, want ErrDiverged", err)
			}
			if e.Pop != p.Name || e.Neuron < 0 || !hasName(test.params, e.Param) || math.IsNaN(e.T) || e.T > 100 {
				t.Errorf("error names Pop %q, Neuron %d, Param %q, T %v: want %q, a neuron, one of %v and the time", e.Pop, e.Neuron, e.Param, e.T, p.Name, test.params)
			}
			if r == nil || r.Complete || r.T > e.T+1e-9 {
				t.Errorf("want the partial Result up to the divergence, got %+v", r)
			}
		})
	}
}

// TestSTDPInhibitoryKeepsSign: STDP on an inhibitory connection acts on
// the magnitude of the weights (issue 15: 1000 inhibitory weights used to
// turn positive). One pre spike 5 ms before one post spike potentiates:
// |w| grows by APlus·e^(−5/20) (the pair rule of Song, Miller & Abbott
// 2000, as TestSTDPClosedForm checks for excitatory weights), and the
// weights stay ≤ 0 with |w| ≤ WMax.
func TestSTDPInhibitoryKeepsSign(t *testing.T) {
	const w0, tPre, lag = 0.5, 50.0, 5.0
	times := make([][]float64, 1000)
	for i := range times {
		times[i] = []float64{tPre}
	}
	src := NewSpikeSource("pre", times)
	post := NewLIF("post", 1, LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65})
	post.DisableRecurrent()
	net := NewNetwork(src, post)
	if err := net.Connect("pre", "post", Conn{Rule: AllToAll, Weight: Const(w0), Inhibitory: true,
		Synapse: Synapse{Kind: Exponential, Tau: 1}, STDP: &STDP{}, Delay: 1}); err != nil {
		t.Fatal(err)
	}
	res, err := net.Simulate(Sim{T: 100, Dt: 0.25, IExt: map[string][]Stim{"post": {{Start: tPre + lag, Stop: tPre + lag, Amp: 1e6}}}})
	if err != nil {
		t.Fatal(err)
	}
	if sp := res.Pop("post").Spikes.T; len(sp) != 1 || sp[0] != tPre+lag {
		t.Fatalf("post spikes %v, want [%v]", sp, tPre+lag)
	}
	w, err := net.Weights("pre", "post")
	if err != nil {
		t.Fatal(err)
	}
	want := -(w0 + defaultAPlus*math.Exp(-lag/defaultTauSTD))
	for k, x := range w.W {
		if math.Abs(x-want) > 1e-7 { // float32 weights: 6e-8 at 0.5
			t.Fatalf("w[%d] = %.9g, want %.9g (the sign kept, the magnitude potentiated)", k, x, want)
		}
	}
}
