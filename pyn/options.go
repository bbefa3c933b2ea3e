package pyn

// This file is the vocabulary of a simulation: the option structs a user
// fills (Conn with its Rule, Synapse and STDP; Sim with its Stim and Probe
// lists) and the Progress a running Simulate reports.

import (
	"context"
	"time"
)

// Conn describes a connection. The zero value is pyN's default.
type Conn struct {
	// Rule chooses who connects to whom; the zero value is FixedProb.
	Rule Rule
	// P is the connection probability for FixedProb; 0 means 0.1 (pyN),
	// pyn.Zero means 0 (no synapse).
	// Pairs are drawn independently; the cost is O(synapses).
	P float64
	// K is the in-degree for FixedInDegree.
	K int
	// Weight is the law of the weights; the zero value is U[0,1) (pyN).
	Weight Dist
	// Scale multiplies every weight; 0 means 1, pyn.Zero means 0.
	Scale float64
	// Inhibitory negates the weights (pyN's mode="inhibitory").
	Inhibitory bool
	// Delay is the mean synaptic delay, ms, and Std its standard deviation
	// (normal law, never symmetrised). Each delay is rounded to the
	// nearest whole number of steps, at least one; 0 means one step. A
	// spike emitted in the step starting at t acts on its targets from the
	// step starting at t + delay. An explicit Delay (or Delays entry)
	// shorter than one step, or longer than 2²⁹ − 1 steps, is an error at
	// Simulate, when dt is known.
	Delay, Std float64
	// Autapses allows self-connections when pre and post are the same population.
	Autapses bool
	// Synapse is the postsynaptic response; the zero value is pyN's alpha PSC (τ = 5 ms).
	Synapse Synapse
	// STDP sets the plasticity of this connection when Sim.NoSTDP is false.
	// nil means the default rule (see STDP) when every weight drawn is
	// ≥ 0 (an excitatory connection) and no plasticity otherwise.
	STDP *STDP
	// Pre, Post, Weights and Delays list the synapses for Rule FromArrays.
	// Weights and Delays may be nil (then Weight and Delay apply).
	Pre, Post []int
	Weights   []float64
	Delays    []float64
	// G0 is the initial conductance of a CondExp connection, one value
	// per postsynaptic neuron (len = the target population's N), in the
	// target model's conductance units (nS; mS/cm² for Hodgkin–Huxley);
	// nil means 0. Connections onto the same population with the same τ
	// and E share one conductance, which starts at the sum of their G0.
	// The conductance decays from G0 from the first step on, and Reset
	// restores it. Values may be negative: benchmark workloads such as
	// Brette et al. (2007)'s draw them from normal laws that reach below
	// zero. Only finite values are accepted, and only with CondExp.
	G0 []float64
	// Model is a synapse model written as equations (NewSynapseModel):
	// per-synapse variables, OnPre and OnPost statements. Its OnPre
	// decides what each spike sends through Synapse; it replaces STDP.
	// nil means static weights.
	Model *SynapseModel
	// Seed overrides the network's seed for this connection when non-zero.
	// Every connection draws from its own stream (derived from the seed
	// and the connection's place), so adding a connection does not change
	// the others.
	Seed uint64
}

// Rule is a connection rule.
type Rule int

// Connection rules.
const (
	FixedProb     Rule = iota // each pair independently with probability P
	AllToAll                  // every pair
	OneToOne                  // neuron i to neuron i (equal sizes)
	FixedInDegree             // exactly K distinct sources per target
	FromArrays                // the synapses listed in Pre, Post
)

// Synapse is a postsynaptic response model.
type Synapse struct {
	Kind SynapseKind
	// Tau is the time constant, ms; 0 means 5 ms (pyN's tau_psc).
	Tau float64
	// E is the reversal potential of a conductance synapse, mV.
	E float64
}

// SynapseKind names a postsynaptic response.
type SynapseKind int

// Postsynaptic responses. A weight w is in the target model's current
// units for current synapses and in its conductance units for CondExp.
const (
	// Alpha: current w·(t/τ)·e^(1−t/τ) after each spike (peak w at t = τ).
	Alpha SynapseKind = iota
	// Exponential: current jumps by w and decays with τ.
	Exponential
	// Delta: the current w·(1 ms/dt) for one step (the voltage jumps by about w).
	Delta
	// CondExp: conductance jumps by w and decays with τ; current g·(E − V).
	CondExp
)

// STDP is pair-based additive spike-timing-dependent plasticity with
// exponential windows, computed from pre- and postsynaptic traces:
// a pre spike at tpre and a post spike at tpost change w by
// APlus·exp(−Δ/TauPlus) if Δ = tpost − tpre > 0, and by
// AMinus·exp(Δ/TauMinus) if Δ < 0; w stays in [WMin, WMax].
//
// Every pair counts (all-to-all pairing), at a cost of O(spikes ×
// fan-out). Only existing synapses change, and the bounds apply to a
// synapse only when plasticity changes it (an initial weight outside
// [WMin, WMax] is kept until then). Within one step presynaptic spikes are
// processed first, so Δ = 0 potentiates. Spike times are somatic: axonal
// delays do not enter Δ. Weights used for delivery are those at the time
// of the presynaptic spike. The defaults (pyN's A = 0.01, τ = 20 ms, LTD
// 5 % stronger, w in [0, 1]) are the Brian2 benchmark rule of Song, Miller
// & Abbott (2000).
//
// Weights keep their sign. On an inhibitory connection (Conn.Inhibitory,
// or every weight ≤ 0) the rule acts on the magnitude |w|: potentiation
// strengthens the inhibition and WMin ≤ |w| ≤ WMax. A plastic connection
// with weights of both signs is refused.
type STDP struct {
	Off      bool    // no plasticity on this connection
	APlus    float64 // 0 means 0.01; pyn.Zero means 0 (no potentiation)
	AMinus   float64 // 0 means −1.05·APlus (LTD slightly stronger); pyn.Zero means 0
	TauPlus  float64 // ms; 0 means 20
	TauMinus float64 // ms; 0 means 20
	WMin     float64 // lower bound
	WMax     float64 // upper bound; WMin = WMax = 0 means [0, 1]
}

// Sim holds the options of one Simulate call; the fields mirror pyN's
// simulate keyword arguments.
type Sim struct {
	Name string  // experiment name (pyN experiment_name)
	T    float64 // duration, ms
	Dt   float64 // time step, ms; 0 means 0.125 ms (pyN's default)
	// IExt maps a population name to its stimuli (pyN I_ext).
	IExt map[string][]Stim
	// SaveData is a directory; when set, the experiment is saved in a new
	// sub-folder of it (see Save). Empty means don't save.
	SaveData string
	// Stream writes the recorded traces (Record, Probes) to their .npy
	// files in the SaveData folder while the run goes on, through a
	// buffer of a few MB per trace, so that memory does not grow with
	// the recorded history. The folder is created when the run starts and
	// completed (spikes, experiment.json) when it ends, also when it is
	// cancelled; a crash leaves it marked INCOMPLETE. The returned
	// Result's traces then hold no samples (Trace.Data and Trace.T are
	// nil, Trace.File names the file): Load the folder to use them.
	// Stream needs SaveData.
	Stream bool
	// Record lists the properties recorded for every neuron of every
	// population at every step: "v", "u" (Izhikevich), "w" (AdEx),
	// "m", "h", "n" (HH), "psc", "I_ext", "I_syn". Spikes are always recorded.
	Record []string
	// Probes records chosen neurons of one population at a chosen interval.
	Probes []Probe
	// NoSTDP turns plasticity off (pyN stdp=False); it is on by default.
	NoSTDP bool
	// KeepWeights copies every connection's synapses at the end of the
	// run into Result.Conns[i].Weights (24 bytes per synapse).
	KeepWeights bool
	// Seed seeds noise stimuli and Poisson sources; 0 is a fixed default.
	// Each population has its own streams, seeded at the first run (and
	// after Reset); a continuation with the same Seed carries on drawing
	// from them, one with another Seed reseeds them.
	Seed uint64
	// Context, when set, is checked every few steps; cancelling it stops the
	// run and Simulate returns the results so far with the context's error.
	Context context.Context
	// Progress, when set, is called about every 100 ms of wall time.
	Progress func(Progress)
	// Threads is the number of goroutines that update the neurons of a
	// large population and deliver its spikes in parallel; 0 means one
	// per core (GOMAXPROCS), 1 none. Results are bit-identical for every
	// value (see doc.go, Threads).
	Threads int
	// SpikeTimes chooses the times Result.Spikes reports; the zero value
	// SpikeStep stamps each spike with the start of its step. It is an
	// option of the run, not of a model, because it changes only what is
	// reported: the dynamics, the step a spike is delivered and learns in,
	// and every other result stay the same, so one network can be run
	// both ways. SpikeInterpolated is for Hodgkin–Huxley and AdEx
	// populations (see SpikeTiming); with any other population (other than
	// a spike source, whose times are given) it is an ErrBadInput naming
	// the population.
	SpikeTimes SpikeTiming
}

// SpikeTiming chooses how spike times are reported (Sim.SpikeTimes).
type SpikeTiming int

// Spike timings.
const (
	// SpikeStep reports t_k, the start of the step in which the spike
	// is detected (pyN's convention).
	SpikeStep SpikeTiming = iota
	// SpikeInterpolated reports the linearly interpolated crossing of the
	// detection threshold θ, as Brian2 users compute it: when V goes from
	// V_k < θ at t_k to V_{k+1} ≥ θ, the spike is at
	// t_k + dt·(θ − V_k)/(V_{k+1} − V_k), within (t_k, t_k + dt]. The
	// error is O(dt²) where the step time's is O(dt). For Hodgkin–Huxley θ
	// is 0 mV, the model's detection threshold. For AdEx θ is Vcut, and
	// V_{k+1} is the first value of the Runge–Kutta step found at or past
	// Vcut, before the reset: a stage estimate at t_k + dt/2 (the line is
	// then drawn over half a step) or t_k + dt, or the step's result; a
	// neuron that is refractory does not spike, and one that starts a step
	// at or past Vcut (an initial V0 ≥ Vcut) is reported just after t_k.
	// Within a step spikes are listed in time order, ties in neuron
	// order; synaptic delivery and plasticity still use the step.
	SpikeInterpolated
)

// String returns the timing's name, e.g. "SpikeInterpolated", or
// "SpikeTiming(n)".
func (s SpikeTiming) String() string {
	return enumName([]string{"SpikeStep", "SpikeInterpolated"}, int(s), "SpikeTiming")
}

// Stim is an external current injected into chosen neurons (pyN's
// {'start', 'stop', 'mV', 'neurons'}). It is active while Start ≤ t ≤ Stop;
// active stimuli add up. Times are measured from the start of the
// Simulate call (as in pyN, where every simulate started at t = 0), so a
// continuation replays the same protocol; results carry absolute network
// times (Result.Start is the offset).
type Stim struct {
	Start float64 // ms
	Stop  float64 // ms; 0 means until the end of the run, pyn.Zero means 0 ms
	Amp   float64 // constant current (mean of the noise)
	// Neurons lists the target neurons; nil means every neuron.
	Neurons []int
	// Std adds Gaussian noise of this standard deviation, drawn
	// independently per neuron every Every ms (0 means every step) and held
	// in between.
	Std   float64
	Every float64
	// Series, when set, is a waveform added from Start, one value every
	// SeriesDt ms (0 means every step), held between samples.
	Series   []float64
	SeriesDt float64
}

// Probe records one property of chosen neurons of one population.
type Probe struct {
	Pop     string  // population name
	Var     string  // "v", "u", "w", "psc", "I_ext", "I_syn", …
	Neurons []int   // nil means every neuron
	Every   float64 // sampling interval, ms; 0 means every step
}

// Progress reports how far a running simulation is.
type Progress struct {
	Fraction float64       // 0…1
	T        float64       // simulated time reached, ms
	Wall     time.Duration // wall time since the call started
}

// String returns the rule's name, e.g. "FixedProb", or "Rule(n)" for a
// value that is not a rule.
func (r Rule) String() string {
	return enumName([]string{"FixedProb", "AllToAll", "OneToOne", "FixedInDegree", "FromArrays"}, int(r), "Rule")
}

// String returns the kind's name, e.g. "CondExp", or "SynapseKind(n)".
func (k SynapseKind) String() string {
	return enumName([]string{"Alpha", "Exponential", "Delta", "CondExp"}, int(k), "SynapseKind")
}
