// Getting started: a single neuron (the first section of pyN's tutorial).
//
// Charly the neuron is one tonic-spiking Izhikevich neuron. A current of
// 14 is injected from 10 to 100 ms; he answers with a spike train whose
// intervals lengthen as his recovery variable u builds up.
//
// Run it with
//
//	pyn run 01-single-neuron.go
//
// The figure it displays is written to pyn-out/01-single-neuron/fig01.png.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/pyn"
)

func main() {
	// 1. Create a population: a group of neurons with the same properties.
	charly := pyn.NewIzhikevich("Charly the Neuron", 1, pyn.TonicSpiking)

	// 2. Put it in a network.
	brain := pyn.NewNetwork(charly)

	// 3. A stimulus: a current of 14 (the model's units) into neuron 0
	// from 10 to 100 ms.
	stim := []pyn.Stim{{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}

	// 4. Run the network for 100 ms with a 0.25 ms step, recording v, u,
	// the synaptic current and the injected current.
	res, err := brain.Simulate(pyn.Sim{
		Name:   "Single Neuron exhibiting tonic spiking",
		T:      100,
		Dt:     0.25,
		IExt:   map[string][]pyn.Stim{"Charly the Neuron": stim},
		Record: []string{"v", "u", "psc", "I_ext"},
	})
	if err != nil {
		panic(err)
	}
	spikes := res.Pop("Charly the Neuron").Spikes
	fmt.Printf("Charly fired %d spikes, at %v ms\n", len(spikes.T), spikes.T)

	// 5. Look at the data: v, u, the currents and the spike raster.
	fig, err := pyn.ShowData(res)
	if err != nil {
		panic(err)
	}
	display.Display(fig)
}

// Output:
// Charly fired 5 spikes, at [12.75 16.75 31.25 59 86.5] ms
// figure: pyn-out/01-single-neuron/fig01.png
