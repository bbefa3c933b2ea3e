// Equation models with units and noise from the interpreter, saved and
// loaded back with their text: a dimension mistake is refused with its
// line and column, a noisy membrane runs reproducibly, and the loaded
// result makes the same model again.
package main

import (
	"fmt"
	"os"

	"github.com/pyn-go/pyn/pyn"
)

func main() {
	_, err := pyn.NewModel("bad", 1, pyn.Equations{Eqs: "dv/dt = (EL - v) : mV\nEL : mV",
		Params: map[string]float64{"EL": -65}, Init: map[string]string{"v": "-65*mV"}})
	fmt.Println(err)

	m := pyn.Equations{Eqs: "dv/dt = (EL - v)/tau + sigma*sqrt(2/tau)*xi : mV\nEL : mV\ntau : ms\nsigma : mV",
		Params: map[string]float64{"EL": -65, "tau": 10, "sigma": 2}, Init: map[string]string{"v": "-65*mV"}}
	run := func(m pyn.Equations) *pyn.Result {
		p, err := pyn.NewModel("ou", 4, m)
		if err != nil {
			panic(err)
		}
		p.DisableRecurrent()
		r, err := pyn.NewNetwork(p).Simulate(pyn.Sim{T: 20, Dt: 0.1, Seed: 9, Record: []string{"v"}})
		if err != nil {
			panic(err)
		}
		return r
	}
	r := run(m)
	dir, err := os.MkdirTemp("", "eqsave")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path, err := pyn.Save(r, dir)
	if err != nil {
		panic(err)
	}
	l, err := pyn.Load(path)
	if err != nil {
		panic(err)
	}
	again := run(*l.Pop("ou").Equations)
	a, b := r.Pop("ou").Trace("v").Data, again.Pop("ou").Trace("v").Data
	same := len(a) == len(b)
	for k := range a {
		same = same && a[k] == b[k]
	}
	fmt.Println(l.Pop("ou").Model, same, len(a))
}

// Output:
// pyn: NewModel "bad": Eqs line 1, column 10: dv/dt: right side has dimension mV but v/ms needs mV/ms
// Equations true 800
