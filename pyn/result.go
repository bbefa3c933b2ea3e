package pyn

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Result is what one Simulate call produced. It is a plain value: plots
// work on it, Save writes it and Load reads it back.
type Result struct {
	Name  string  // experiment name
	Start float64 // ms, network time when the call started (continuations start later)
	T     float64 // ms, simulated duration actually run (less than asked if cancelled)
	Dt    float64 // ms
	Seed  uint64  // Sim.Seed used
	STDP  bool    // plasticity was on

	Pops  []PopResult  // one per population, in network order
	Conns []ConnResult // one per connection, in the order made
	// Stims copies the stimuli applied, by population name.
	Stims map[string][]Stim

	Wall     time.Duration // wall time of the loop
	Complete bool          // false if the run was cancelled or failed part-way
}

// PopResult is one population's share of a Result.
type PopResult struct {
	Name   string
	N      int
	Model  string
	Params map[string][]float64 // per-neuron parameter values at the start of the run
	// Equations is the text of an equation model (Model "Equations"),
	// nil for the built-in models. NewModel(Name, N, *Equations) with
	// SetParam of every per-neuron value in Params makes the population
	// again (Load restores it).
	Equations *Equations
	Spikes    Spikes
	Traces    []*Trace // in the order recorded
}

// Spikes lists spike events in time order (ties in neuron order).
type Spikes struct {
	T  []float64 // ms
	ID []int32   // neuron index within the population
}

// Trace is one recorded property of some neurons of one population,
// sampled on a regular grid.
type Trace struct {
	Pop     string
	Var     string
	Neurons []int     // recorded neuron indices
	T       []float64 // ms, sample times
	// Data holds len(T)·len(Neurons) samples, time-major:
	// Data[i*len(Neurons)+k] is neuron Neurons[k] at time T[i].
	Data []float64
	// File, when set, is the .npy file the samples were streamed to
	// during the run (Sim.Stream): T and Data are then nil, nothing of the
	// trace is in memory, and plots refuse it. Load the experiment folder
	// (the directory of File) to read the samples back.
	File string

	timesFile string // the streamed sample times (Sim.Stream)
	samples   int    // the number of streamed samples
}

// At returns the sample of the k-th recorded neuron at the i-th time, or
// NaN when i or k is out of range.
func (tr *Trace) At(i, k int) float64 {
	if tr == nil || i < 0 || i >= len(tr.T) || k < 0 || k >= len(tr.Neurons) || i*len(tr.Neurons)+k >= len(tr.Data) {
		return math.NaN()
	}
	return tr.Data[i*len(tr.Neurons)+k]
}

// Neuron returns a copy of the time course of the k-th recorded neuron,
// or nil when k is out of range.
func (tr *Trace) Neuron(k int) []float64 {
	if tr == nil || k < 0 || k >= len(tr.Neurons) || len(tr.Data) < len(tr.T)*len(tr.Neurons) {
		return nil
	}
	out := make([]float64, len(tr.T))
	for i := range out {
		out[i] = tr.Data[i*len(tr.Neurons)+k]
	}
	return out
}

// ConnResult describes one connection and, when asked for, its final weights.
type ConnResult struct {
	Pre, Post string
	Rule      string
	Synapses  int  // number of synapses
	Conn      Conn // the options given to Connect
	Plastic   bool // STDP acted on it in this run
	// Weights holds the synapses at the end of the run when
	// Sim.KeepWeights was set, else nil.
	Weights *Weights
}

// Weights is a copy of the synapses of one connection.
type Weights struct {
	Pre, Post string
	PreIdx    []int32   // presynaptic neuron of each synapse
	PostIdx   []int32   // postsynaptic neuron of each synapse
	W         []float64 // weight
	Delay     []float64 // ms, after rounding to the step
}

// Pop returns the part of the result for population name, or nil.
func (r *Result) Pop(name string) *PopResult {
	if r == nil {
		return nil
	}
	for i := range r.Pops {
		if r.Pops[i].Name == name {
			return &r.Pops[i]
		}
	}
	return nil
}

// Trace returns the trace of property v, or nil.
func (p *PopResult) Trace(v string) *Trace {
	if p == nil {
		return nil
	}
	for _, tr := range p.Traces {
		if tr != nil && tr.Var == v {
			return tr
		}
	}
	return nil
}

// resultName names a result in error messages.
func resultName(r *Result) string {
	if r.Name == "" {
		return "result"
	}
	return fmt.Sprintf("result %q", r.Name)
}

// checkResult rejects a nil or empty result, and one holding a nil trace.
func checkResult(r *Result) error {
	if r == nil {
		return newError(ErrNil, "pyn: nil result")
	}
	if len(r.Pops) == 0 {
		return inputErrorf("pyn: %s is empty: it has no populations", resultName(r))
	}
	for _, p := range r.Pops {
		for i, tr := range p.Traces {
			if tr == nil {
				return inputErrorf("pyn: %s: population %q has a nil trace (Traces[%d])", resultName(r), p.Name, i)
			}
		}
	}
	return nil
}

// popNames lists the populations of r for error messages.
func popNames(r *Result) string {
	s := make([]string, len(r.Pops))
	for i := range r.Pops {
		s[i] = fmt.Sprintf("%q", r.Pops[i].Name)
	}
	return strings.Join(s, ", ")
}

// findPop returns population name of r, with an error naming the known ones.
func findPop(r *Result, name string) (*PopResult, int, error) {
	for i := range r.Pops {
		if r.Pops[i].Name == name {
			return &r.Pops[i], i, nil
		}
	}
	return nil, -1, inputErrorf("pyn: %s has no population %q (it has %s)", resultName(r), name, popNames(r))
}

// selectPops returns the indices of the named populations, or of all of
// them when names is empty.
func selectPops(r *Result, names []string) ([]int, error) {
	if len(names) == 0 {
		idx := make([]int, len(r.Pops))
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	idx := make([]int, 0, len(names))
	for _, n := range names {
		_, i, err := findPop(r, n)
		if err != nil {
			return nil, err
		}
		idx = append(idx, i)
	}
	return idx, nil
}

// findTrace returns the trace of property v of p, with an error naming
// the recorded ones.
func findTrace(r *Result, p *PopResult, v string) (*Trace, error) {
	if tr := p.Trace(v); tr != nil {
		return tr, nil
	}
	have := make([]string, len(p.Traces))
	for i, tr := range p.Traces {
		have[i] = fmt.Sprintf("%q", tr.Var)
	}
	rec := "nothing was recorded"
	if len(have) > 0 {
		rec = "recorded: " + strings.Join(have, ", ")
	}
	return nil, inputErrorf("pyn: property %q of population %q was not recorded in %s (%s); add it to Sim.Record or Sim.Probes", v, p.Name, resultName(r), rec)
}

// checkTrace validates the shape of a trace so that plotting cannot index
// out of range.
func checkTrace(tr *Trace) error {
	if tr.isStreamed() {
		return errStreamed(tr)
	}
	if len(tr.Data) != len(tr.T)*len(tr.Neurons) {
		return inputErrorf("pyn: trace %q of population %q has %d samples, want %d times × %d neurons", tr.Var, tr.Pop, len(tr.Data), len(tr.T), len(tr.Neurons))
	}
	return nil
}

// checkSpikes validates the spike lists of p.
func checkSpikes(p *PopResult) error {
	if len(p.Spikes.T) != len(p.Spikes.ID) {
		return inputErrorf("pyn: population %q has %d spike times but %d spike ids", p.Name, len(p.Spikes.T), len(p.Spikes.ID))
	}
	for i, t := range p.Spikes.T {
		if !finite(t) {
			return inputErrorf("pyn: population %q: spike %d (neuron %d) has time %v", p.Name, i, p.Spikes.ID[i], t)
		}
	}
	return nil
}
