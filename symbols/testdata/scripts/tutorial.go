// The first section of pyN's tutorial: one Izhikevich neuron with a tonic
// spiking preset, driven by a step current.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

func main() {
	charly := pyn.NewIzhikevich("Charly the Neuron", 1, pyn.TonicSpiking)
	brain := pyn.NewNetwork(charly)
	stim := []pyn.Stim{{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}
	res, err := brain.Simulate(pyn.Sim{Name: "Single neuron exhibiting tonic spiking",
		T: 100, Dt: 0.25, IExt: map[string][]pyn.Stim{"Charly the Neuron": stim},
		Record: []string{"v", "u"}})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	p := res.Pop("Charly the Neuron")
	fmt.Println(p.Name, p.N, p.Model)
	fmt.Println("spikes:", len(p.Spikes.T) > 0)
	v := p.Trace("v")
	fmt.Println("v samples:", len(v.T))
}

// Output:
// Charly the Neuron 1 Izhikevich
// spikes: true
// v samples: 400
