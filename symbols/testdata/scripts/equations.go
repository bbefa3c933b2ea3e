// An equation model and a synapse model from the interpreter: the
// Izhikevich model as text spikes like the built-in one, and a
// Tsodyks–Markram synapse depresses.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

func main() {
	stim := map[string][]pyn.Stim{"eq": {{Start: 10, Amp: 14}}, "builtin": {{Start: 10, Amp: 14}}}
	eq, err := pyn.NewModel("eq", 1, pyn.IzhikevichEquations(pyn.TonicSpiking))
	if err != nil {
		panic(err)
	}
	net := pyn.NewNetwork(eq, pyn.NewIzhikevich("builtin", 1, pyn.TonicSpiking))
	net.Population("eq").DisableRecurrent()
	net.Population("builtin").DisableRecurrent()
	res, err := net.Simulate(pyn.Sim{T: 100, Dt: 0.25, IExt: stim})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(res.Pop("eq").Spikes.T), len(res.Pop("builtin").Spikes.T), res.Pop("eq").Spikes.T[0])

	sm, err := pyn.NewSynapseModel(pyn.TsodyksMarkram(0.5, 800, 10))
	if err != nil {
		panic(err)
	}
	fmt.Println(sm.Vars())
	_, err = pyn.NewModel("bad", 1, pyn.Equations{Eqs: "dv/dt = -v/tau + q"})
	fmt.Println(err)
}

// Output:
// 5 5 12.75
// [x u w]
// pyn: NewModel "bad": Eqs line 1, column 12: unknown variable "tau" (defined: variables v)
