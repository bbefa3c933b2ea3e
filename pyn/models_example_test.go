package pyn_test

import (
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

// Heterogeneous parameters: one value for every neuron, or one per neuron.
func ExamplePopulation_SetParam() {
	cortex := pyn.NewIzhikevich("cortex", 3, pyn.RegularSpiking)
	if err := cortex.SetParam("d", []float64{8, 6, 4}); err != nil {
		fmt.Println(err)
	}
	d, _ := cortex.Param("d")
	fmt.Println("d:", d)
	err := cortex.SetParam("d", []float64{1, 2})
	fmt.Println(err)
	// Output:
	// d: [8 6 4]
	// pyn: population "cortex": parameter "d": got 2 values, want 1 or N = 3
}

// A seeded random spread of a parameter: the same seed gives the same values.
func ExamplePopulation_Spread() {
	thal := pyn.NewIzhikevich("thalamus", 4, pyn.TonicSpiking)
	_ = thal.Spread("c", pyn.Uniform(-65, -50), 1)
	a, _ := thal.Param("c")
	_ = thal.Spread("c", pyn.Uniform(-65, -50), 1)
	b, _ := thal.Param("c")
	fmt.Println(a[0] == b[0] && a[3] == b[3], a[0] >= -65 && a[0] < -50)
	// Output: true true
}

// The 20 panels of Izhikevich (2004), Fig. 1, with their published
// durations and step sizes.
func ExampleBehaviours() {
	for _, b := range pyn.Behaviours()[:4] {
		fmt.Printf("%-22s T = %3.0f ms, dt = %.2f ms, a = %v, b = %v, c = %v, d = %v\n",
			b.Name, b.T, b.Dt, b.Params.A, b.Params.B, b.Params.C, b.Params.D)
	}
	// Output:
	// (A) tonic spiking      T = 100 ms, dt = 0.25 ms, a = 0.02, b = 0.2, c = -65, d = 6
	// (B) phasic spiking     T = 200 ms, dt = 0.25 ms, a = 0.02, b = 0.25, c = -65, d = 6
	// (C) tonic bursting     T = 220 ms, dt = 0.25 ms, a = 0.02, b = 0.2, c = -50, d = 2
	// (D) phasic bursting    T = 200 ms, dt = 0.20 ms, a = 0.02, b = 0.25, c = -55, d = 0.05
}

// The initial state follows from the parameters: u0 = b·v0 unless u0 is
// given (Accommodation starts at u = −16).
func ExamplePopulation_State() {
	p := pyn.NewIzhikevich("x", 1, pyn.Accommodation)
	v, _ := p.State("v")
	u, _ := p.State("u")
	fmt.Println(v[0], u[0])
	hh := pyn.NewHodgkinHuxley("axon", 1, pyn.HHSquidAxon)
	n, _ := hh.State("n")
	fmt.Printf("HH n∞(−65 mV) = %.4f\n", n[0])
	// Output:
	// -65 -16
	// HH n∞(−65 mV) = 0.3177
}

// pyN's README tutorial: Charly the Neuron, one tonic-spiking Izhikevich
// neuron driven by I = 14 from 10 to 100 ms, dt = 0.25 ms.
func ExampleNewIzhikevich() {
	charly := pyn.NewIzhikevich("Charly the Neuron", 1, pyn.TonicSpiking)
	brain := pyn.NewNetwork(charly)
	stim := []pyn.Stim{{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}
	res, err := brain.Simulate(pyn.Sim{Name: "Single neuron exhibiting tonic spiking",
		T: 100, Dt: 0.25, IExt: map[string][]pyn.Stim{"Charly the Neuron": stim},
		Record: []string{"v", "u"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("spike times (ms):", res.Pops[0].Spikes.T)
	// Output: spike times (ms): [12.75 16.75 31.25 59 86.5]
}

// Hodgkin–Huxley squid axon under a 10 µA/cm² step fires at about 68 Hz.
func ExampleNewHodgkinHuxley() {
	axon := pyn.NewHodgkinHuxley("axon", 1, pyn.HHSquidAxon)
	net := pyn.NewNetwork(axon)
	res, err := net.Simulate(pyn.Sim{T: 1000, Dt: 0.025,
		IExt: map[string][]pyn.Stim{"axon": {{Start: 0, Amp: 10}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Pops[0].Spikes.T
	late := 0
	for _, t := range s {
		if t >= 500 {
			late++
		}
	}
	fmt.Printf("%d spikes in the last 500 ms (%.0f Hz)\n", late, float64(late)/0.5)
	// Output: 34 spikes in the last 500 ms (68 Hz)
}

// The adapting cell of Naud et al. (2008) under its step current: the
// interspike intervals grow.
func ExampleAdExPatterns() {
	p := pyn.AdExPatterns()[1]
	cell := pyn.NewAdEx("cell", 1, p.Params)
	res, err := pyn.NewNetwork(cell).Simulate(pyn.Sim{T: 300, Dt: 0.05,
		IExt: map[string][]pyn.Stim{"cell": p.Stim}})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Pops[0].Spikes.T
	fmt.Print(p.Name, ": ISIs (ms)")
	for i := 1; i < len(s); i++ {
		fmt.Printf(" %.1f", s[i]-s[i-1])
	}
	fmt.Println()
	// Output: adapting: ISIs (ms) 11.2 14.3 19.5 29.4 47.7 67.7 74.8
}

// A LIF neuron under a constant current fires with the period
// TRef + τm·ln(R·I/(R·I − (VTh − EL))) (here 2 + 10·ln 4 ≈ 15.86 ms),
// rounded up to whole steps.
func ExampleNewLIF() {
	cell := pyn.NewLIF("cell", 1, pyn.LIFStandard)
	res, err := pyn.NewNetwork(cell).Simulate(pyn.Sim{T: 100, Dt: 0.1,
		IExt: map[string][]pyn.Stim{"cell": {{Amp: 500}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Pops[0].Spikes.T
	fmt.Printf("%d spikes, ISI %.1f ms\n", len(s), s[2]-s[1])
	// Output: 6 spikes, ISI 15.9 ms
}

// The same cell integrated exactly and by forward Euler (Brian 2's
// "euler"): Euler relaxes slightly too fast, so under constant current
// it spikes a little early, by about ln(4)·dt/2 ≈ 0.07 ms per ISI here
// (see docs/models.md, LIF).
func ExampleLIFIntegrator() {
	for _, in := range []pyn.LIFIntegrator{pyn.LIFExact, pyn.LIFEuler} {
		p := pyn.LIFStandard
		p.Integrator = in
		cell := pyn.NewLIF("cell", 1, p)
		res, err := pyn.NewNetwork(cell).Simulate(pyn.Sim{T: 100, Dt: 0.1,
			IExt: map[string][]pyn.Stim{"cell": {{Amp: 500}}}})
		if err != nil {
			fmt.Println(err)
			return
		}
		s := res.Pops[0].Spikes.T
		fmt.Printf("%d spikes, ISI %.1f ms\n", len(s), s[2]-s[1])
	}
	// Output:
	// 6 spikes, ISI 15.9 ms
	// 6 spikes, ISI 15.8 ms
}

// Poisson sources with per-source rates, reproducible with Sim.Seed.
func ExampleNewPoisson() {
	in := pyn.NewPoisson("input", 100, 20)
	rates := make([]float64, 100)
	for i := range rates {
		rates[i] = float64(i) // 0 … 99 Hz
	}
	if err := in.SetParam("rate", rates); err != nil {
		fmt.Println(err)
		return
	}
	in.DisableRecurrent()
	res, err := pyn.NewNetwork(in).Simulate(pyn.Sim{T: 1000, Dt: 0.1, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	n := len(res.Pops[0].Spikes.T)
	fmt.Println("about 4950 spikes expected:", n > 4650 && n < 5250)
	// Output: about 4950 spikes expected: true
}
