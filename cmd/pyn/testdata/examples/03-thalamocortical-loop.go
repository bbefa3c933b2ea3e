// Connecting populations: a re-entrant thalamocortical loop (the third
// section of pyN's tutorial), and a note on STDP (the fourth).
//
// The thalamus is 100 tonic-spiking neurons, the cortex 50 phasic-bursting
// ones (pyN's parameters, with the published v0 = −64 mV of phasic
// bursting). The thalamus projects to the cortex with pyN's default
// connection (probability 0.1, weights U[0, 1), one-step delay); the
// cortex projects back with a longer delay, 2.25 ± 0.25 ms. Both
// populations are also connected to themselves by default. Neuron 0 of the
// thalamus gets a current of 20 from 10 to 200 ms, neurons 0–2 a current
// of 30 from 50 to 300 ms.
//
// STDP is on by default: every excitatory connection is plastic. The loop
// runs once with plasticity and once without (pyN's stdp=False, here
// Sim.NoSTDP) and prints the mean thalamus → cortex weight before and
// after. A single pairing changes a weight by at most 0.01, and pyN's
// README notes that it takes many repeated pairings for weights to change
// much; here the cortex fires at over 100 Hz, driven by the thalamus, so
// causal pairs (thalamus before cortex) dominate and in 600 ms the mean
// weight grows by about 60 %. The feedback changes the activity too: with
// plasticity both populations fire less.
//
// Run it with
//
//	pyn run 03-thalamocortical-loop.go
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/pyn"
)

// loop builds the two populations and their connections.
func loop() *pyn.Network {
	thalamus := pyn.NewIzhikevich("thalamus", 100, pyn.TonicSpiking)
	cortex := pyn.NewIzhikevich("cortex", 50, pyn.PhasicBursting)
	brain := pyn.NewNetwork(thalamus, cortex)
	if err := brain.Connect("thalamus", "cortex", pyn.Conn{}); err != nil {
		panic(err)
	}
	// The corticothalamic path is longer than the thalamocortical one.
	if err := brain.Connect("cortex", "thalamus", pyn.Conn{Delay: 2.25, Std: 0.25}); err != nil {
		panic(err)
	}
	return brain
}

func meanWeight(brain *pyn.Network) float64 {
	w, err := brain.Weights("thalamus", "cortex")
	if err != nil {
		panic(err)
	}
	sum := 0.0
	for _, x := range w.W {
		sum += x
	}
	return sum / float64(len(w.W))
}

func main() {
	stim := []pyn.Stim{
		{Start: 10, Stop: 200, Amp: 20, Neurons: []int{0}},
		{Start: 50, Stop: 300, Amp: 30, Neurons: []int{0, 1, 2}},
	}
	sim := pyn.Sim{
		Name:   "Reentrant Thalamocortical Circuit",
		T:      600,
		Dt:     0.25,
		IExt:   map[string][]pyn.Stim{"thalamus": stim},
		Record: []string{"v", "u", "psc", "I_ext"},
	}
	var change, spikes [2]float64 // weight change and cortex spikes, with and without STDP
	for k, stdp := range []bool{true, false} {
		brain := loop()
		before := meanWeight(brain)
		sim.NoSTDP = !stdp
		res, err := brain.Simulate(sim)
		if err != nil {
			panic(err)
		}
		after := meanWeight(brain)
		change[k], spikes[k] = after-before, float64(len(res.Pop("cortex").Spikes.T))
		fmt.Printf("STDP %-5v thalamus %4d spikes, cortex %4d spikes; mean thalamus->cortex weight %.4f -> %.4f\n",
			stdp, len(res.Pop("thalamus").Spikes.T), len(res.Pop("cortex").Spikes.T), before, after)
		if stdp {
			fig, err := pyn.ShowData(res)
			if err != nil {
				panic(err)
			}
			display.Display(fig)
		}
	}
	// The story in numbers: causal pairs potentiate thalamus -> cortex,
	// nothing changes without plasticity, and with plasticity (which also
	// acts on the recurrent and feedback connections) the cortex fires less.
	if !(change[0] > 0.1 && change[1] == 0 && spikes[0] < spikes[1]) {
		panic(fmt.Sprintf("unexpected: weight change %.4f with STDP, %.4f without; cortex spikes %v, %v",
			change[0], change[1], spikes[0], spikes[1]))
	}
}

// Output (±25%):
// STDP true  thalamus 1170 spikes, cortex 5181 spikes; mean thalamus->cortex weight 0.5038 -> 0.8091
// figure: pyn-out/03-thalamocortical-loop/fig01.png
// STDP false thalamus 1675 spikes, cortex 6314 spikes; mean thalamus->cortex weight 0.5038 -> 0.5038
