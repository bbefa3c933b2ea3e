package pyn

import (
	"errors"
	"math/rand/v2"
)

// errNotImplemented marks parts of the API still being written.
var errNotImplemented = errors.New("pyn: not implemented yet")

// Population is a group of neurons (or spike sources) sharing one model.
// Create one with NewIzhikevich, NewAdEx, NewHodgkinHuxley, NewLIF,
// NewPoisson or NewSpikeSource. Constructors never fail: a bad argument is
// kept and reported by Network.Add, Network.Connect or Network.Simulate,
// so that a notebook cell can build populations in one line each.
type Population struct {
	// Name identifies the population in a network; it must be unique there.
	Name string
	// N is the number of neurons.
	N int

	m   model
	err error // deferred construction error

	recurrentOff bool  // DisableRecurrent was called
	recurrent    *Conn // SetRecurrent replaced the default rule
}

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

// Model names the population's model: "Izhikevich", "AdEx",
// "HodgkinHuxley", "LIF", "Poisson" or "SpikeSource".
func (p *Population) Model() string {
	if p.m == nil {
		return ""
	}
	return p.m.kind()
}

// SetParam sets parameter name for every neuron (one value) or per neuron
// (N values). The error names the population, the parameter and the index
// of the first bad value.
func (p *Population) SetParam(name string, values []float64) error {
	return errNotImplemented
}

// Param returns a copy of the per-neuron values of parameter name.
func (p *Population) Param(name string) ([]float64, error) {
	return nil, errNotImplemented
}

// Spread draws parameter name per neuron from d with its own seeded
// generator: the same seed gives the same values.
func (p *Population) Spread(name string, d Dist, seed uint64) error {
	return errNotImplemented
}

// State returns a copy of the current value of state variable name
// ("v", "u", "w", …) for every neuron.
func (p *Population) State(name string) ([]float64, error) {
	return nil, errNotImplemented
}

// SetRecurrent replaces the default recurrent connection of the population
// (Conn{}: fixed probability 0.1, weights U[0,1), no self-connections).
func (p *Population) SetRecurrent(c Conn) { p.recurrent = &c; p.recurrentOff = false }

// DisableRecurrent removes the default recurrent connection.
func (p *Population) DisableRecurrent() { p.recurrentOff = true }
