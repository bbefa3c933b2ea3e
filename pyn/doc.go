// Package pyn simulates spiking neural networks: populations of Izhikevich,
// AdEx, Hodgkin–Huxley and LIF neurons, Poisson and spike-time sources,
// connected by current- or conductance-based synapses with delays and STDP.
//
// It re-creates the Python library pyN with correct numerics and a fast,
// event-driven core. The tutorial, in Go:
//
//	charly := pyn.NewIzhikevich("Charly the Neuron", 1, pyn.TonicSpiking)
//	brain := pyn.NewNetwork(charly)
//	stim := []pyn.Stim{{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}
//	res, err := brain.Simulate(pyn.Sim{Name: "Single neuron exhibiting tonic spiking",
//		T: 100, Dt: 0.25, IExt: map[string][]pyn.Stim{"Charly the Neuron": stim},
//		Record: []string{"v", "u", "psc", "I_ext"}})
//
// # Units
//
// All quantities are float64 in one set of units:
//
//	time          ms
//	voltage       mV
//	rate          Hz
//	Izhikevich    current and weights in the model's dimensionless units (Izhikevich 2003)
//	AdEx, LIF     current pA, conductance nS, capacitance pF
//	HH            current µA/cm², conductance mS/cm², capacitance µF/cm²
//
// # Schedule of one step
//
// Time is an integer step count; t = step·dt. Each step, in order:
// synaptic currents and conductances due now form each population's
// input and the active stimuli are added; monitors sample the state at t and the
// inputs of the step; every population integrates from t to t+dt and
// detects spikes, stamped t; reset is applied in the same step as the
// spike; spikes are queued in per-delay ring buffers (a spike at t acts
// from the step starting at t + delay, at least one step later); STDP
// traces and weights are updated.
//
// # Determinism
//
// Every random number comes from seeded generators: Network.Seed for
// connectivity, Sim.Seed for noise and Poisson input. The same seeds give
// bit-identical results whatever GOMAXPROCS is.
//
// # Threads
//
// Sim.Threads goroutines (0: one per core) share two stages of a step.
// Integration: a large population is cut into units of contiguous
// neurons, which the goroutines claim in runs, where the model can update
// any range on its own: Izhikevich (with or without the fused noise
// input), the Traub–Miles Hodgkin–Huxley neuron by exponential Euler
// (folding its conductance channels in its own ranges) and the
// forward-Euler LIF with two conductance channels and shared parameters;
// the runs' spikes are joined in neuron order. Delivery: by synaptic
// channel, and a channel that receives many events by target neuron
// range; each part walks the spikes of its projections in order and adds
// the synapses whose target lies in it, so each neuron's input is summed
// in the serial order. When nothing reads the synaptic input before the
// next step's update, a step's delivery (and the recording of its
// spikes) opens that update, each unit waiting only for the parts that
// write its neurons. No neuron's
// arithmetic depends on its unit, and the stimuli's noise comes from one
// stream per block of 2048 neurons (block 0 is the population's stream of
// old), units being cut on block boundaries, so results are bit-identical
// for every thread count. Other models, stimuli, synapse models and
// plasticity run on one goroutine.
package pyn

// Version is pyn's version, written into saved experiments.
const Version = "0.1.0"
