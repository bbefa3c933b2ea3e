package sonata

import (
	"fmt"
	"math"
	"sort"

	"github.com/pyn-go/pyn/pyn"
)

// This file maps pyn's models to PyNN's standard cell types and back,
// with the unit conversions (see doc.go for the table).

// hhArea is the membrane area, cm², that turns the Hodgkin–Huxley model's
// densities (µF/cm², mS/cm², µA/cm²) into PyNN's absolute units (nF, µS,
// nA): 20 000 µm², the area of Brette et al. (2007)'s benchmark 3, for
// which PyNN's HH_cond_exp defaults (cm = 0.2 nF, gbar_Na = 20 µS) are the
// benchmark's 1 µF/cm² and 100 mS/cm².
const hhArea = 2e-4

// currentScale converts a current (stimulus amplitude, current-synapse
// weight) in the model's units to nA, PyNN's unit.
func currentScale(model string) float64 {
	if model == "HodgkinHuxley" {
		return hhArea * 1e3 // µA/cm² · cm² = µA → nA
	}
	// LIF and AdEx: pA. Izhikevich: PyNN's cell has 1 pF (NEURON's
	// Izhikevich mechanism with Cm = 0.001 nF), so pyn's I (mV/ms) is pA.
	return 1e-3
}

// conductanceScale converts a conductance weight (CondExp) in the model's
// units to µS, PyNN's unit.
func conductanceScale(model string) float64 {
	if model == "HodgkinHuxley" {
		return hhArea * 1e3 // mS/cm² · cm² = mS → µS
	}
	return 1e-3 // nS → µS
}

// receptors holds the synaptic time constants and reversal potentials of
// a population's two PyNN receptor types.
type receptors struct {
	kind       pyn.SynapseKind
	has        bool // some connection targets the population
	tauE, tauI float64
	eE, eI     float64
	hasE, hasI bool
}

// connReceptor says which receptor of its target a connection's synapse
// of weight sign neg uses.
func (r *receptors) receptorOf(c pyn.ConnInfo, neg bool) string {
	if r.kind == pyn.CondExp {
		if c.Synapse.Tau == r.tauE && c.Synapse.E == r.eE {
			return "excitatory"
		}
		return "inhibitory"
	}
	if neg {
		return "inhibitory"
	}
	return "excitatory"
}

// gatherReceptors checks that the connections into population p fit one
// PyNN cell type: one synapse kind, at most one (τ, E) per receptor.
func gatherReceptors(p pyn.PopInfo, conns []pyn.ConnInfo) (*receptors, error) {
	r := &receptors{tauE: 5, tauI: 5}
	type key struct{ tau, e float64 }
	var cond []key
	for _, c := range conns {
		if c.Post != p.Name {
			continue
		}
		if !r.has {
			r.kind, r.has = c.Synapse.Kind, true
		} else if c.Synapse.Kind != r.kind {
			return nil, refusef("population %q receives %s and %s synapses; a PyNN cell type has one synapse shape", p.Name, kindName(r.kind), kindName(c.Synapse.Kind))
		}
		if c.G0 != nil {
			return nil, refusef("connection %q → %q: the initial conductance G0 has no SONATA or PyNN equivalent", c.Pre, c.Post)
		}
		if c.Synapse.Kind == pyn.CondExp {
			for k, w := range c.Synapses.W {
				if w < 0 {
					return nil, refusef("connection %q → %q: synapse %d has conductance %v < 0; PyNN's conductances are ≥ 0", c.Pre, c.Post, k, w)
				}
			}
			k := key{c.Synapse.Tau, c.Synapse.E}
			seen := false
			for _, x := range cond {
				seen = seen || x == k
			}
			if !seen {
				cond = append(cond, k)
			}
			continue
		}
		neg, pos := false, false
		for _, w := range c.Synapses.W {
			neg = neg || w < 0
			pos = pos || w > 0
		}
		for _, side := range []struct {
			on   bool
			tau  *float64
			has  *bool
			name string
		}{{pos || !neg, &r.tauE, &r.hasE, "excitatory"}, {neg, &r.tauI, &r.hasI, "inhibitory"}} {
			if !side.on {
				continue
			}
			if *side.has && *side.tau != c.Synapse.Tau {
				return nil, refusef("population %q receives %s synapses with τ = %v and %v ms; PyNN's cell has one τ per receptor", p.Name, side.name, *side.tau, c.Synapse.Tau)
			}
			*side.tau, *side.has = c.Synapse.Tau, true
		}
	}
	if r.kind == pyn.CondExp {
		if len(cond) > 2 {
			return nil, refusef("population %q receives conductance synapses with %d (τ, E) pairs; PyNN's IF_cond_exp has two receptors", p.Name, len(cond))
		}
		sort.Slice(cond, func(i, j int) bool { return cond[i].e > cond[j].e })
		r.eE, r.eI = 0, -70 // PyNN's defaults
		if len(cond) >= 1 {
			r.tauE, r.eE, r.hasE = cond[0].tau, cond[0].e, true
		}
		if len(cond) == 2 {
			r.tauI, r.eI, r.hasI = cond[1].tau, cond[1].e, true
		}
	}
	return r, nil
}

func kindName(k pyn.SynapseKind) string {
	switch k {
	case pyn.Alpha:
		return "Alpha"
	case pyn.Exponential:
		return "Exponential"
	case pyn.Delta:
		return "Delta"
	case pyn.CondExp:
		return "CondExp"
	}
	return fmt.Sprintf("SynapseKind(%d)", int(k))
}

// cell is a population as PyNN sees it: the cell type, its parameters in
// PyNN's units (per neuron) and the initial values.
type cell struct {
	typ     string // PyNN standard cell type, e.g. "IF_cond_exp"
	virtual bool   // SpikeSourceArray: spikes come from an input file
	params  []string
	values  map[string][]float64
	inits   []string // initial-value names (v_init, u_init, w_init)
}

func (c *cell) set(name string, v []float64) {
	c.params = append(c.params, name)
	c.values[name] = v
}

func (c *cell) init(name string, v []float64) {
	c.inits = append(c.inits, name)
	c.values[name] = v
}

func scaled(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * k
	}
	return out
}

func constant(n int, x float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

// toCell maps population p, whose incoming connections are conns, to a
// PyNN cell type, or refuses it with an error naming what has no
// equivalent.
func toCell(p pyn.PopInfo, conns []pyn.ConnInfo, T float64) (*cell, error) {
	c := &cell{values: map[string][]float64{}}
	P := p.Params
	n := p.N
	if p.Equations != nil || p.Model == "Equations" {
		return nil, refusef("population %q is an equation model (pyn.NewModel): there is no standard SONATA/PyNN equivalent of user-written equations (PyNN's standard cell types are fixed models; export the built-in model it re-writes instead)", p.Name)
	}
	if p.Model == "Poisson" || p.Model == "SpikeSource" {
		for _, x := range conns {
			if x.Post == p.Name {
				return nil, refusef("connection %q → %q targets a spike source", x.Pre, x.Post)
			}
		}
		if p.Model == "Poisson" {
			c.typ = "SpikeSourcePoisson"
			c.set("rate", P["rate"])
			c.set("start", constant(n, 0))
			c.set("duration", constant(n, T))
		} else {
			c.typ, c.virtual = "SpikeSourceArray", true
		}
		return c, nil
	}
	r, err := gatherReceptors(p, conns)
	if err != nil {
		return nil, err
	}
	synTaus := func() {
		c.set("tau_syn_E", constant(n, r.tauE))
		c.set("tau_syn_I", constant(n, r.tauI))
	}
	condRev := func() {
		c.set("e_rev_E", constant(n, r.eE))
		c.set("e_rev_I", constant(n, r.eI))
	}
	want := func(kinds ...pyn.SynapseKind) error {
		if !r.has {
			return nil
		}
		for _, k := range kinds {
			if r.kind == k {
				return nil
			}
		}
		return refusef("population %q (%s) receives %s synapses: PyNN's matching cell type takes %s only", p.Name, p.Model, kindName(r.kind), kindName(kinds[0]))
	}
	switch p.Model {
	case "LIF":
		switch {
		case !r.has || r.kind == pyn.Exponential:
			c.typ = "IF_curr_exp"
		case r.kind == pyn.Alpha:
			c.typ = "IF_curr_alpha"
		case r.kind == pyn.CondExp:
			c.typ = "IF_cond_exp"
		default:
			return nil, refusef("population %q (LIF) receives Delta synapses: PyNN's IF_curr_delta is not available on NEURON", p.Name)
		}
		tm := P["TauM"]
		c.set("cm", scaled(P["C"], 1e-3))
		c.set("tau_m", tm)
		c.set("v_rest", P["EL"])
		c.set("v_thresh", P["VTh"])
		c.set("v_reset", P["VReset"])
		c.set("tau_refrac", P["TRef"])
		c.set("i_offset", constant(n, 0))
		synTaus()
		if c.typ == "IF_cond_exp" {
			condRev()
		}
		c.init("v_init", P["V0"])
	case "Izhikevich":
		if err := want(pyn.Delta); err != nil {
			return nil, err
		}
		if p.IzhVariant != pyn.IzhStandard {
			return nil, refusef("population %q: Izhikevich variant %d (Izhikevich 2004, Fig. 1) has no PyNN equivalent; PyNN's Izhikevich is the 2003 standard model", p.Name, int(p.IzhVariant))
		}
		for i, v := range P["vpeak"] {
			if v != 30 {
				return nil, refusef("population %q: neuron %d has vpeak = %v mV; PyNN's Izhikevich spikes at 30 mV", p.Name, i, v)
			}
		}
		c.typ = "Izhikevich"
		for _, k := range []string{"a", "b", "c", "d"} {
			c.set(k, P[k])
		}
		c.set("i_offset", constant(n, 0))
		c.init("v_init", P["v0"])
		u := make([]float64, n)
		for i := range u {
			if p.HasU0 {
				u[i] = P["u0"][i]
			} else {
				u[i] = P["b"][i] * P["v0"][i]
			}
		}
		c.init("u_init", u)
	case "AdEx":
		if err := want(pyn.CondExp); err != nil {
			return nil, err
		}
		c.typ = "EIF_cond_exp_isfa_ista"
		tm := make([]float64, n)
		for i := range tm {
			tm[i] = P["C"][i] / P["gL"][i]
		}
		c.set("cm", scaled(P["C"], 1e-3))
		c.set("tau_m", tm)
		c.set("v_rest", P["EL"])
		c.set("v_thresh", P["VT"])
		c.set("delta_T", P["DeltaT"])
		c.set("a", P["a"])
		c.set("tau_w", P["tauw"])
		c.set("b", scaled(P["b"], 1e-3))
		c.set("v_reset", P["Vr"])
		c.set("v_spike", P["Vcut"])
		c.set("tau_refrac", P["TRef"])
		c.set("i_offset", constant(n, 0))
		synTaus()
		condRev()
		c.init("v_init", P["V0"])
		c.init("w_init", scaled(P["W0"], 1e-3))
	case "HodgkinHuxley":
		if err := want(pyn.CondExp); err != nil {
			return nil, err
		}
		if p.HHKinetics != pyn.HHTraub {
			return nil, refusef("population %q: Hodgkin–Huxley with the squid-axon kinetics has no PyNN equivalent; PyNN's HH_cond_exp has the Traub–Miles kinetics (pyn.HHTraub)", p.Name)
		}
		c.typ = "HH_cond_exp"
		k := hhArea * 1e3
		c.set("cm", scaled(P["C"], k))
		c.set("gbar_Na", scaled(P["gNa"], k))
		c.set("gbar_K", scaled(P["gK"], k))
		c.set("g_leak", scaled(P["gL"], k))
		c.set("e_rev_Na", P["ENa"])
		c.set("e_rev_K", P["EK"])
		c.set("e_rev_leak", P["EL"])
		c.set("v_offset", P["VT"])
		c.set("i_offset", constant(n, 0))
		synTaus()
		condRev()
		c.init("v_init", P["V0"])
	default:
		return nil, refusef("population %q: model %q has no PyNN standard cell type", p.Name, p.Model)
	}
	for _, name := range append(append([]string(nil), c.params...), c.inits...) {
		if len(c.values[name]) != n {
			return nil, fmt.Errorf("sonata: population %q: %s has %d values for %d neurons (pyn's %s parameters changed?)", p.Name, name, len(c.values[name]), n, p.Model)
		}
		for i, x := range c.values[name] {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, refusef("population %q: neuron %d: %s = %v is not finite", p.Name, i, name, x)
			}
		}
	}
	return c, nil
}
