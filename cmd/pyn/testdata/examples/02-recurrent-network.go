// Recurrent networks (the second section of pyN's tutorial).
//
// A population of more than one neuron is connected to itself by default:
// every ordered pair of distinct neurons with probability 0.1, weights
// drawn from U[0, 1), alpha synaptic currents (τ = 5 ms). With nothing to
// hold it back, activity started in a few neurons spreads until the whole
// network fires: the "epileptic" over-saturation pyN's README warns about.
// Weaker weights, or a population of inhibitory neurons, tame it.
//
// Three runs of 100 regular-spiking neurons (Izhikevich 2003) for 500 ms,
// in which only neurons 0–4 are driven (a current of 10 from 50 to 450 ms):
//
//  1. the default recurrent connection;
//  2. the same with weights scaled by 0.1;
//  3. the default connection plus 25 fast-spiking inhibitory neurons that
//     the excitatory ones drive and that inhibit them back.
//
// Run it with
//
//	pyn run 02-recurrent-network.go
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/kernel/display"
	"github.com/pyn-go/pyn/pyn"
)

// run simulates one variant and prints how many neurons fired and their
// mean rate; it displays the raster.
func run(title string, brain *pyn.Network) int {
	stim := []pyn.Stim{{Start: 50, Stop: 450, Amp: 10, Neurons: []int{0, 1, 2, 3, 4}}}
	res, err := brain.Simulate(pyn.Sim{
		Name: title,
		T:    500,
		Dt:   0.25,
		IExt: map[string][]pyn.Stim{"exc": stim},
	})
	if err != nil {
		panic(err)
	}
	exc := res.Pop("exc")
	active := map[int32]bool{}
	for _, id := range exc.Spikes.ID {
		active[id] = true
	}
	rate := float64(len(exc.Spikes.T)) / float64(exc.N) / (res.T / 1000)
	fmt.Printf("%-28s %3d of %d neurons fired, mean rate %5.1f Hz\n", title+":", len(active), exc.N, rate)
	fig, err := pyn.Raster(res, pyn.RasterOptions{Rate: true, Bin: 5})
	if err != nil {
		panic(err)
	}
	display.Display(fig)
	return len(active)
}

func main() {
	// 1. Default recurrent connection: runaway excitation.
	exc := pyn.NewIzhikevich("exc", 100, pyn.RegularSpiking)
	saturated := run("default weights", pyn.NewNetwork(exc))

	// 2. Weaker weights.
	weak := pyn.NewIzhikevich("exc", 100, pyn.RegularSpiking)
	weak.SetRecurrent(pyn.Conn{Scale: 0.1})
	calm := run("weights x 0.1", pyn.NewNetwork(weak))

	// 3. Inhibition: excitatory neurons drive fast-spiking interneurons,
	// which inhibit them back.
	exc2 := pyn.NewIzhikevich("exc", 100, pyn.RegularSpiking)
	inh := pyn.NewIzhikevich("inh", 25, pyn.FastSpiking)
	inh.DisableRecurrent()
	brain := pyn.NewNetwork(exc2, inh)
	if err := brain.Connect("exc", "inh", pyn.Conn{P: 0.2}); err != nil {
		panic(err)
	}
	if err := brain.Connect("inh", "exc", pyn.Conn{P: 0.5, Scale: 4, Inhibitory: true}); err != nil {
		panic(err)
	}
	inhibited := run("with inhibition", brain)

	if saturated > calm && saturated > inhibited {
		fmt.Println("weaker weights and inhibition both stop the spread of activity")
	}
}
