// Recurrent networks (the second section of pyN's tutorial).
//
// A population of more than one neuron is connected to itself by default:
// every ordered pair of distinct neurons with probability 0.1, weights
// drawn from U[0, 1), alpha synaptic currents (τ = 5 ms) whose peak is the
// weight. When the recurrent excitation is strong enough, activity started
// in a few neurons spreads until the whole network fires: the "epileptic"
// over-saturation pyN's README warns about. Inhibition tames it.
//
// Three runs of 200 regular-spiking neurons (Izhikevich 2003) for 500 ms,
// in which only neurons 0–9 are driven (a current of 10 from 50 to 450 ms):
//
//  1. the default recurrent connection: each neuron has about 20 inputs,
//     too weak to carry the activity beyond the driven neurons (pyN's own
//     PSC kernel was about 1.8 times stronger, τ/e instead of 1);
//  2. the same weights five times stronger: every neuron is recruited
//     and the whole network fires at over 50 Hz;
//  3. the strong weights plus 50 fast-spiking inhibitory neurons, which
//     the excitatory ones drive (probability 0.2) and which inhibit them
//     back (probability 0.5): the rate falls to a few Hz.
//
// Run it with
//
//	pyn run 02-recurrent-network.go
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/pyn"
)

// run simulates one variant, prints how many excitatory neurons fired and
// their mean rate, displays the raster with the population rates and
// returns the rate.
func run(title string, brain *pyn.Network) float64 {
	driven := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	res, err := brain.Simulate(pyn.Sim{
		Name: title,
		T:    500,
		Dt:   0.25,
		IExt: map[string][]pyn.Stim{"exc": {{Start: 50, Stop: 450, Amp: 10, Neurons: driven}}},
	})
	if err != nil {
		panic(err)
	}
	exc := res.Pop("exc")
	fired := map[int32]bool{}
	for _, id := range exc.Spikes.ID {
		fired[id] = true
	}
	rate := float64(len(exc.Spikes.T)) / float64(exc.N) / (res.T / 1000)
	fmt.Printf("%-24s %3d of %d neurons fired, mean rate %4.1f Hz\n", title+":", len(fired), exc.N, rate)
	fig, err := pyn.Raster(res, pyn.RasterOptions{Rate: true, Bin: 5})
	if err != nil {
		panic(err)
	}
	display.Display(fig)
	return rate
}

func main() {
	// 1. The default recurrent connection.
	weak := run("default weights", pyn.NewNetwork(pyn.NewIzhikevich("exc", 200, pyn.RegularSpiking)))

	// 2. Five times stronger recurrent weights: runaway excitation.
	strong := pyn.NewIzhikevich("exc", 200, pyn.RegularSpiking)
	strong.SetRecurrent(pyn.Conn{Scale: 5})
	runaway := run("weights x 5", pyn.NewNetwork(strong))

	// 3. The same with inhibitory feedback.
	exc := pyn.NewIzhikevich("exc", 200, pyn.RegularSpiking)
	exc.SetRecurrent(pyn.Conn{Scale: 5})
	inh := pyn.NewIzhikevich("inh", 50, pyn.FastSpiking)
	inh.DisableRecurrent()
	brain := pyn.NewNetwork(exc, inh)
	if err := brain.Connect("exc", "inh", pyn.Conn{P: 0.2, Scale: 5}); err != nil {
		panic(err)
	}
	if err := brain.Connect("inh", "exc", pyn.Conn{P: 0.5, Inhibitory: true}); err != nil {
		panic(err)
	}
	tamed := run("weights x 5, inhibition", brain)

	// The story in numbers: a runaway needs strong recurrent excitation,
	// and inhibition stops it.
	if !(runaway > 10*weak && tamed < runaway/10) {
		panic(fmt.Sprintf("unexpected rates: %.1f, %.1f, %.1f Hz", weak, runaway, tamed))
	}
}

// Output (±25%):
// default weights:          10 of 200 neurons fired, mean rate  1.0 Hz
// figure: pyn-out/02-recurrent-network/fig01.png
// weights x 5:             200 of 200 neurons fired, mean rate 53.2 Hz
// figure: pyn-out/02-recurrent-network/fig02.png
// weights x 5, inhibition: 101 of 200 neurons fired, mean rate  1.9 Hz
// figure: pyn-out/02-recurrent-network/fig03.png
