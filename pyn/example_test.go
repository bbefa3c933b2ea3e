package pyn_test

import (
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

// The pyN README's first tutorial: Charly the Neuron, one tonic-spiking
// Izhikevich neuron stimulated from 10 to 100 ms, with its membrane
// potential, recovery variable, own PSC and applied current recorded.
func Example() {
	charly := pyn.NewIzhikevich("Charly the Neuron", 1, pyn.TonicSpiking)
	brain := pyn.NewNetwork(charly)
	stim := []pyn.Stim{{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}
	res, err := brain.Simulate(pyn.Sim{Name: "Single neuron exhibiting tonic spiking",
		T: 100, Dt: 0.25, IExt: map[string][]pyn.Stim{"Charly the Neuron": stim},
		Record: []string{"v", "u", "psc", "I_ext"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	pop := res.Pop("Charly the Neuron")
	fmt.Println("spikes (ms):", pop.Spikes.T)
	for _, tr := range pop.Traces {
		fmt.Printf("%-5s %d samples, first %.4g, last %.4g\n", tr.Var, len(tr.T), tr.At(0, 0), tr.At(len(tr.T)-1, 0))
	}
	// Output:
	// spikes (ms): [12.75 16.75 31.25 59 86.5]
	// v     400 samples, first -70, last -67.57
	// u     400 samples, first -14, last -1.742
	// psc   400 samples, first 0, last 0.5154
	// I_ext 400 samples, first 0, last 14
}

// The pyN README's second tutorial, "Connecting Populations": a thalamus
// of tonic-spiking neurons and a cortex of phasic-bursting neurons, each
// recurrently connected by default, connected both ways (the
// corticothalamic loop with a longer delay), thalamic neurons stimulated.
// STDP is on by default, as in pyN.
func ExampleNetwork_Connect() {
	thal := pyn.NewIzhikevich("thalamus", 100, pyn.IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70})
	cortex := pyn.NewIzhikevich("cortex", 50, pyn.IzhikevichParams{A: 0.02, B: 0.25, C: -55, D: 0.05, V0: -70})
	brain := pyn.NewNetwork(thal, cortex)
	if err := brain.Connect("thalamus", "cortex", pyn.Conn{}); err != nil {
		fmt.Println(err)
		return
	}
	if err := brain.Connect("cortex", "thalamus", pyn.Conn{Delay: 2.25, Std: 0.25}); err != nil {
		fmt.Println(err)
		return
	}
	stim := []pyn.Stim{
		{Start: 10, Stop: 200, Amp: 20, Neurons: []int{0}},
		{Start: 50, Stop: 300, Amp: 30, Neurons: []int{0, 1, 2}},
	}
	res, err := brain.Simulate(pyn.Sim{Name: "Reentrant thalamocortical circuit", T: 600, Dt: 0.25,
		IExt: map[string][]pyn.Stim{"thalamus": stim}, Record: []string{"v", "u", "psc", "I_ext"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Conns {
		fmt.Printf("%s → %s: %s, %d synapses, plastic %v\n", c.Pre, c.Post, c.Rule, c.Synapses, c.Plastic)
	}
	for _, p := range res.Pops {
		fmt.Printf("%s: %d spikes\n", p.Name, len(p.Spikes.T))
	}
	// Output:
	// thalamus → thalamus: FixedProb, 1005 synapses, plastic true
	// cortex → cortex: FixedProb, 274 synapses, plastic true
	// thalamus → cortex: FixedProb, 499 synapses, plastic true
	// cortex → thalamus: FixedProb, 486 synapses, plastic true
	// thalamus: 1115 spikes
	// cortex: 5235 spikes
}

// One presynaptic spike at 50 ms and one postsynaptic spike 5 ms later
// (forced by a brief strong current) potentiate the synapse by
// A+·e^(−5/20) = 0.01·0.7788 with the default STDP rule; the reverse
// order depresses it by A−·e^(−5/20) with A− = −1.05·A+.
func ExampleSTDP() {
	for _, lag := range []float64{5, -5} {
		pre := pyn.NewSpikeSource("pre", [][]float64{{50}})
		post := pyn.NewIzhikevich("post", 1, pyn.TonicSpiking)
		net := pyn.NewNetwork(pre, post)
		// A fast, weak synapse, so that the pre spike does not move the post spike.
		syn := pyn.Synapse{Kind: pyn.Exponential, Tau: 1}
		if err := net.Connect("pre", "post", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Const(0.5), Synapse: syn}); err != nil {
			fmt.Println(err)
			return
		}
		kick := []pyn.Stim{{Start: 50 + lag, Stop: 50 + lag, Amp: 4000}}
		if _, err := net.Simulate(pyn.Sim{T: 100, Dt: 0.25, IExt: map[string][]pyn.Stim{"post": kick}}); err != nil {
			fmt.Println(err)
			return
		}
		w, _ := net.Weights("pre", "post")
		fmt.Printf("post − pre = %+g ms: Δw = %+.5f\n", lag, w.W[0]-0.5)
	}
	// Output:
	// post − pre = +5 ms: Δw = +0.00779
	// post − pre = -5 ms: Δw = -0.00818
}

// A conductance synapse can start from a non-zero conductance (Conn.G0),
// as in Brette et al. (2007)'s benchmarks: here 20 nS towards 0 mV, one
// value per postsynaptic neuron, decaying with τ = 5 ms while no spike
// arrives, depolarises two resting LIF neurons by different amounts.
func ExampleConn_g0() {
	silent := pyn.NewSpikeSource("silent", [][]float64{nil})
	lif := pyn.NewLIF("lif", 2, pyn.LIFParams{C: 200, TauM: 20, EL: -60, VTh: -50, VReset: -60})
	lif.DisableRecurrent()
	net := pyn.NewNetwork(silent, lif)
	err := net.Connect("silent", "lif", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Const(6),
		G0: []float64{20, 0}, Synapse: pyn.Synapse{Kind: pyn.CondExp, Tau: 5, E: 0}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := net.Simulate(pyn.Sim{T: 5, Dt: 0.1}); err != nil {
		fmt.Println(err)
		return
	}
	v, _ := lif.State("v")
	fmt.Printf("V after 5 ms: %.2f mV and %.2f mV\n", v[0], v[1])
	net.Reset()
	err = net.Connect("silent", "lif", pyn.Conn{Rule: pyn.AllToAll, G0: []float64{1}, Synapse: pyn.Synapse{Kind: pyn.CondExp}})
	fmt.Println(err)
	// Output:
	// V after 5 ms: -54.02 mV and -60.00 mV
	// pyn: connect "silent" → "lif": len(G0) = 1, want one value per neuron of "lif" (N = 2)
}
