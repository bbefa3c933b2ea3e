package pyn_test

import (
	"fmt"

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
