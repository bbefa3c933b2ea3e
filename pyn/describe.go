package pyn

import "math"

// This file holds read accessors that describe a network completely
// (model options, per-neuron parameters, spike times, every synapse of
// every connection), so that another package can write it in an exchange
// format and rebuild it from there.

// PopInfo describes one population: everything its constructor and
// SetParam calls fixed.
type PopInfo struct {
	Name  string
	N     int
	Model string // as Population.Model
	// ParamNames lists the model's parameters in table order and Params
	// their per-neuron values (len N each), as Population.Param.
	ParamNames []string
	Params     map[string][]float64
	// Model options, meaningful for their model only.
	IzhVariant    IzhVariant    // Izhikevich
	HasU0         bool          // Izhikevich: u starts at u0 (else at b·v0)
	LIFIntegrator LIFIntegrator // LIF
	HHKinetics    HHKinetics    // HodgkinHuxley
	HHIntegrator  HHIntegrator  // HodgkinHuxley
	// SpikeTimes are a SpikeSource's sorted spike times, ms, one list
	// per source (copies).
	SpikeTimes [][]float64
	// Equations is the text of an equation model (Model "Equations",
	// made by NewModel), a copy; nil for the built-in models. Params
	// holds its parameter values per neuron.
	Equations *Equations
}

// Describe returns a copy of everything that defines the population.
func (p *Population) Describe() (PopInfo, error) {
	if err := p.Err(); err != nil {
		return PopInfo{}, err
	}
	info := PopInfo{Name: p.Name, N: p.N, Model: p.m.kind(), Params: map[string][]float64{}}
	for _, name := range p.m.paramNames() {
		v, _ := p.m.param(name)
		info.ParamNames = append(info.ParamNames, name)
		info.Params[name] = append([]float64(nil), v...)
	}
	switch m := p.m.(type) {
	case *izhikevich:
		info.IzhVariant, info.HasU0 = m.variant, m.hasU0
	case *lif:
		if m.euler {
			info.LIFIntegrator = LIFEuler
		}
	case *hodgkinHuxley:
		if m.traub {
			info.HHKinetics = HHTraub
		}
		if m.expEuler {
			info.HHIntegrator = HHExponentialEuler
		}
	case *spikeSource:
		for _, ts := range m.times {
			info.SpikeTimes = append(info.SpikeTimes, append([]float64(nil), ts...))
		}
	case *eqModel:
		e := m.src.clone()
		info.Equations = &e
	}
	return info, nil
}

// ConnInfo describes one built connection with every synapse.
type ConnInfo struct {
	Pre, Post string
	// Recurrent is true for a population's default (or SetRecurrent)
	// connection, which NewNetwork adds by itself.
	Recurrent bool
	// Synapse is the postsynaptic response with its defaults resolved
	// (Tau = 5 ms when the Conn left it 0; 0 for Delta).
	Synapse Synapse
	// STDP is the plasticity rule with its defaults resolved, or nil when
	// the connection is static (Conn.STDP.Off, or no rule given and some
	// weight < 0). Sim.NoSTDP turns it off for a run.
	STDP *STDP
	// G0 is the initial conductance per target neuron (CondExp), or nil.
	G0 []float64
	// Synapses lists every synapse with its initial weight (the one Reset
	// restores, in the target's units, negative for inhibition) and its
	// delay in ms after rounding to the step Dt.
	Synapses *Weights
	Dt       float64 // ms, the step the delays were rounded to
	// Model is the connection's synapse model (Conn.Model), or nil.
	Model *SynapseModel
}

// Describe returns every connection of the network, default recurrent
// connections included, in the order of Connections. The synapses are
// drawn for the step dt (0 means the step of the last run, or 0.125 ms
// before any run), which fixes how delays are rounded.
func (n *Network) Describe(dt float64) ([]ConnInfo, error) {
	if n == nil {
		return nil, errNilNet
	}
	if dt == 0 {
		dt = defaultDt
		if n.rt != nil {
			dt = n.rt.dt
		}
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, inputErrorf("pyn: Describe: step dt = %v ms, want a finite dt > 0", dt)
	}
	if err := n.prepare(dt, true); err != nil {
		return nil, err
	}
	var out []ConnInfo
	for _, pr := range n.rt.projs {
		cs := pr.spec
		ci := ConnInfo{Pre: cs.pre, Post: cs.post, Recurrent: cs.recurrent, Synapse: cs.c.Synapse, Dt: n.rt.dt, Model: cs.c.Model}
		if ci.Synapse.Kind == Delta {
			ci.Synapse.Tau = 0
		} else if ci.Synapse.Tau == 0 {
			ci.Synapse.Tau = defaultTau
		}
		if ci.Synapse.Kind != CondExp {
			ci.Synapse.E = 0
		}
		if r, on := stdpRule(&cs.c, pr.excitatory); on {
			ci.STDP = &r
		}
		if cs.c.G0 != nil {
			ci.G0 = append([]float64(nil), cs.c.G0...)
		}
		w := &Weights{Pre: cs.pre, Post: cs.post}
		pr.appendWeights(w, n.rt.dt)
		if pr.w0 != nil { // STDP changed the weights: give the initial ones
			for k := range w.W {
				w.W[k] = float64(pr.w0[k])
			}
		}
		ci.Synapses = w
		out = append(out, ci)
	}
	return out, nil
}
