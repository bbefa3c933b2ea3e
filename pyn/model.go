package pyn

// This file is the contract between the step loop and a neuron model: the
// model interface (prepare once per run, step every step), what a step
// receives (stepCtx, input) and the optional capabilities a model may add
// (validator, fuser).

import "math/rand/v2"

// model is the dynamics of one population. State is kept per variable as
// one []float64 of length n; parameters are kept per neuron so that
// populations may be heterogeneous.
type model interface {
	// kind names the model: "Izhikevich", "AdEx", "HodgkinHuxley", "LIF",
	// "Poisson" or "SpikeSource".
	kind() string
	// source reports whether the model is an input (no membrane, receives no synapses).
	source() bool
	// init validates the parameters for n neurons and allocates the state
	// at its initial values. Errors name the parameter and, for per-neuron
	// values, the neuron index.
	init(n int) error
	// reset restores the initial state set by init.
	reset()
	// prepare readies the model for steps of dt ms. Simulate calls it
	// once per run, before the first step and after any SetParam, so
	// that step need not check dt: constants that depend on dt are
	// computed here, and a dt the model cannot use is refused here.
	prepare(dt float64) error
	// paramNames lists the parameters setParam accepts, in table order.
	paramNames() []string
	// param returns the per-neuron values of a parameter (len n after init).
	param(name string) ([]float64, bool)
	// setParam sets a parameter for every neuron (len(v) == 1) or per neuron (len(v) == n).
	setParam(name string, v []float64) error
	// vars lists the recordable state variables, e.g. "v", "u".
	vars() []string
	// state returns the live state slice of a variable (not a copy), or nil.
	state(name string) []float64
	// step advances every neuron by one step and appends the indices of
	// neurons that spiked to spikes. It must not allocate.
	step(c *stepCtx, in *input, spikes []int32) ([]int32, error)
}

// stepCtx is what a model may know about the current step.
type stepCtx struct {
	step int64      // index of the step being computed, from 0
	t    float64    // ms, time at the start of the step (step·dt)
	dt   float64    // ms
	rng  *rand.Rand // the population's own stream (sources use it)
}

// input is the drive of a population for one step.
type input struct {
	// I is the total current (stimuli + current-based synapses), len n.
	I []float64
	// G lists conductance channels (conductance-based synapses), each with
	// its reversal potential: the model adds g·(E − V) to its current.
	G []conductance
}

// conductance is one conductance channel of a population.
type conductance struct {
	G []float64 // nS (mS/cm² for HH), len n
	E float64   // reversal potential, mV
}

// validator is implemented by models whose every construction problem is
// a parameter value: valid reports the first bad one.
type validator interface {
	valid() error
}

// fuser is implemented by models that can take a fusedInput.
type fuser interface {
	canFuse(in *input) bool
	stepFused(c *stepCtx, f *fusedInput, spikes []int32) []int32
}
