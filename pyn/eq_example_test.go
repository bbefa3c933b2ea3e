package pyn_test

import (
	"fmt"
	"math"

	"github.com/pyn-go/pyn/pyn"
)

// A neuron model written as equations: the quadratic integrate-and-fire
// neuron, driven by a step current.
func ExampleNewModel() {
	qif, err := pyn.NewModel("QIF", 1, pyn.Equations{
		Eqs:       "dv/dt = (k*(v - vr)*(v - vc) + R*I)/tau : mV",
		Threshold: "v >= 30",
		Reset:     "v = -70",
		Params:    map[string]float64{"tau": 10, "k": 0.04, "vr": -65, "vc": -50, "R": 0.1},
		Init:      map[string]string{"v": "vr"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	qif.DisableRecurrent()
	res, err := pyn.NewNetwork(qif).Simulate(pyn.Sim{T: 300, Dt: 0.01,
		IExt: map[string][]pyn.Stim{"QIF": {{Start: 20, Amp: 100}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Pop("QIF").Spikes.T
	fmt.Printf("%d spikes, first at %.4g ms\n", len(s), s[0])
	// Output:
	// 7 spikes, first at 54.25 ms
}

// Errors point at the text.
func ExampleNewModel_error() {
	_, err := pyn.NewModel("bad", 1, pyn.Equations{
		Eqs:    "dv/dt = (EL - v)/tau\ndw/dt = -w/tauw",
		Params: map[string]float64{"EL": -70, "tau": 10},
	})
	fmt.Println(err)
	// Output:
	// pyn: NewModel "bad": Eqs line 2, column 12: unknown variable "tauw" (defined: variables v, w; parameters EL, tau)
}

// A synapse model: the Tsodyks–Markram preset, written in the language.
func ExampleTsodyksMarkram() {
	tm := pyn.TsodyksMarkram(0.5, 800, 10)
	fmt.Println(tm.OnPre)
	// Output:
	// u += U*(1 - u)
	// I_post += w*u*x
	// x -= u*x
}

// Equations with units are checked for dimensions when the model is made:
// here the division by τ is missing.
func ExampleNewModel_units() {
	_, err := pyn.NewModel("LIF", 1, pyn.Equations{
		Eqs:       "dv/dt = (EL - v) + I/C : mV\nEL : mV\nC : pF",
		Threshold: "v > -50*mV",
		Params:    map[string]float64{"EL": -65, "C": 250},
	})
	fmt.Println(err)
	// Output:
	// pyn: NewModel "LIF": Eqs line 1, column 18: cannot add mV and mV/ms
}

// A noisy membrane: xi is white noise (Euler–Maruyama, seeded draws).
func ExampleNewModel_noise() {
	ou, err := pyn.NewModel("OU", 5000, pyn.Equations{
		Eqs:    "dv/dt = (EL - v)/tau + sigma*sqrt(2/tau)*xi : mV",
		Params: map[string]float64{"EL": -65, "tau": 10, "sigma": 2},
		Init:   map[string]string{"v": "EL"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ou.DisableRecurrent()
	net := pyn.NewNetwork(ou)
	if _, err := net.Simulate(pyn.Sim{T: 100, Dt: 0.1, Seed: 1}); err != nil {
		fmt.Println(err)
		return
	}
	v, _ := ou.State("v")
	var s, s2 float64
	for _, x := range v {
		s, s2 = s+x, s2+x*x
	}
	m := s / float64(len(v))
	fmt.Printf("mean %.1f mV, standard deviation %.1f mV\n", m, math.Sqrt(s2/float64(len(v))-m*m))
	// Output:
	// mean -65.0 mV, standard deviation 2.0 mV
}
