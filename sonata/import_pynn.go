package sonata

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pyn-go/pyn/pyn"
)

// This file maps what PyNN wrote (its cell types, units and receptors)
// back to pyn's models and synapses: the inverse of cells.go, used for
// circuits that carry no pyn values of their own.

// fromPyNN builds a population from PyNN's parameters (the inverse of toCell).
func (np *nodePop) fromPyNN(m string, im *importer) (*pyn.Population, error) {
	P := np.params
	get := func(name string, def float64) []float64 {
		if v, ok := P[name]; ok {
			return v
		}
		return constant(np.n, def)
	}
	var p *pyn.Population
	set := map[string][]float64{}
	switch m {
	case "Poisson":
		p = pyn.NewPoisson(np.name, np.n, 0)
		set["rate"] = get("rate", 1)
	case "Izhikevich":
		p = pyn.NewIzhikevich(np.name, np.n, pyn.IzhikevichParams{})
		for _, k := range []string{"a", "b", "c", "d"} {
			set[k] = get(k, map[string]float64{"a": 0.02, "b": 0.2, "c": -65, "d": 2}[k])
		}
		set["v0"] = get("v_init", -70) // PyNN's default initial v
		set["vpeak"] = constant(np.n, 30)
		if u, ok := P["u_init"]; ok {
			set["u0"] = u
		}
	case "LIF":
		p = pyn.NewLIF(np.name, np.n, pyn.LIFParams{C: 1, TauM: 1})
		set["C"] = scaled(get("cm", 1), 1e3)
		set["TauM"] = get("tau_m", 20)
		set["EL"] = get("v_rest", -65)
		set["VTh"] = get("v_thresh", -50)
		set["VReset"] = get("v_reset", -65)
		set["TRef"] = get("tau_refrac", 0.1)
		set["V0"] = get("v_init", set["EL"][0])
	case "AdEx":
		p = pyn.NewAdEx(np.name, np.n, pyn.AdExParams{C: 1, GL: 1, TauW: 1, DeltaT: 1})
		c := scaled(get("cm", 0.281), 1e3)
		tm := get("tau_m", 9.3667)
		gl := make([]float64, np.n)
		for i := range gl {
			gl[i] = c[i] / tm[i]
		}
		set["C"], set["gL"] = c, gl
		set["EL"] = get("v_rest", -70.6)
		set["VT"] = get("v_thresh", -50.4)
		set["DeltaT"] = get("delta_T", 2)
		set["a"] = get("a", 4)
		set["tauw"] = get("tau_w", 144)
		set["b"] = scaled(get("b", 0.0805), 1e3)
		set["Vr"] = get("v_reset", -70.6)
		set["Vcut"] = get("v_spike", -40)
		set["TRef"] = get("tau_refrac", 0.1)
		set["V0"] = get("v_init", set["EL"][0])
		set["W0"] = scaled(get("w_init", 0), 1e3)
	case "HodgkinHuxley":
		p = pyn.NewHodgkinHuxley(np.name, np.n, pyn.HHParams{C: 1, Kinetics: pyn.HHTraub})
		k := 1 / (hhArea * 1e3)
		set["C"] = scaled(get("cm", 0.2), k)
		set["gNa"] = scaled(get("gbar_Na", 20), k)
		set["gK"] = scaled(get("gbar_K", 6), k)
		set["gL"] = scaled(get("g_leak", 0.01), k)
		set["ENa"] = get("e_rev_Na", 50)
		set["EK"] = get("e_rev_K", -90)
		set["EL"] = get("e_rev_leak", -65)
		set["VT"] = get("v_offset", -63)
		set["V0"] = get("v_init", -65)
	}
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := p.SetParam(k, set[k]); err != nil {
			return nil, err
		}
	}
	// A constant i_offset becomes a stimulus for the whole run.
	if off, ok := P["i_offset"]; ok && m != "Poisson" {
		scale := currentScale(m)
		for i, x := range off {
			if x != 0 {
				if im.sim.IExt == nil {
					im.sim.IExt = map[string][]pyn.Stim{}
				}
				im.sim.IExt[np.name] = append(im.sim.IExt[np.name], pyn.Stim{Amp: x / scale, Neurons: []int{i}})
			}
		}
	}
	for _, in := range im.clamps {
		pop, sel, err := im.target(in.NodeSet)
		if err != nil {
			return nil, err
		}
		if pop != np.name {
			continue
		}
		if im.sim.IExt == nil {
			im.sim.IExt = map[string][]pyn.Stim{}
		}
		st := pyn.Stim{Start: *in.Delay, Stop: *in.Delay + *in.Duration, Amp: *in.Amp / currentScale(m)}
		if sel != nil {
			st.Neurons = append([]int(nil), sel...)
		}
		im.sim.IExt[pop] = append(im.sim.IExt[pop], st)
	}
	return p, p.Err()
}

// value is an edge's value: from its group's array, else from the types table.
func value(arr []float64, idx uint64, row map[string]string, cols ...string) (float64, error) {
	if arr != nil {
		if idx >= uint64(len(arr)) {
			return 0, fmt.Errorf("edge_group_index %d is beyond its group's %d values", idx, len(arr))
		}
		return arr[idx], nil
	}
	for _, c := range cols {
		if x, err := strconv.ParseFloat(row[c], 64); err == nil {
			return x, nil
		}
	}
	return 0, fmt.Errorf("no %s, neither per edge nor in its edge type", cols[0])
}

func weightScale(k pyn.SynapseKind, model string) float64 {
	switch {
	case k == pyn.CondExp:
		return conductanceScale(model)
	case k == pyn.Delta && model == "Izhikevich":
		return 1 // mV
	}
	return currentScale(model)
}

// synapseOf reads the synapse model and plasticity of an edge type.
func synapseOf(row map[string]string, to *nodePop, model string) (pyn.Synapse, *pyn.STDP, error) {
	f := func(c string) (float64, bool) {
		x, err := strconv.ParseFloat(row[c], 64)
		return x, err == nil
	}
	if kind := row["pyn_synapse"]; kind != "" && kind != "NONE" {
		var s pyn.Synapse
		switch kind {
		case "Alpha":
			s.Kind = pyn.Alpha
		case "Exponential":
			s.Kind = pyn.Exponential
		case "Delta":
			s.Kind = pyn.Delta
		case "CondExp":
			s.Kind = pyn.CondExp
		default:
			return s, nil, corruptf("edge type %s: unknown pyn_synapse %q", row["edge_type_id"], kind)
		}
		s.Tau, _ = f("pyn_tau")
		s.E, _ = f("pyn_e")
		if row["pyn_stdp"] != "on" {
			return s, &pyn.STDP{Off: true}, nil
		}
		r := &pyn.STDP{}
		r.APlus, _ = f("pyn_a_plus")
		r.AMinus, _ = f("pyn_a_minus")
		r.TauPlus, _ = f("pyn_tau_plus")
		r.TauMinus, _ = f("pyn_tau_minus")
		r.WMin, _ = f("pyn_w_min")
		r.WMax, _ = f("pyn_w_max")
		return s, r, nil
	}
	// A PyNN-written edge type: the shape comes from the target's cell type.
	inh := row["receptor_type"] == "inhibitory"
	param := func(name string, def float64) (float64, error) {
		v, ok := to.params[name]
		if !ok {
			return def, nil
		}
		x, uni := uniformValue(v)
		if !uni {
			return 0, refusef("node population %q has a %s that differs between neurons; pyn's synapses have one per connection", to.name, name)
		}
		return x, nil
	}
	var s pyn.Synapse
	var err error
	tauName, eName := "tau_syn_E", "e_rev_E"
	if inh {
		tauName, eName = "tau_syn_I", "e_rev_I"
	}
	switch to.typ {
	case "IF_curr_exp":
		s.Kind = pyn.Exponential
	case "IF_curr_alpha":
		s.Kind = pyn.Alpha
	case "IF_cond_exp", "EIF_cond_exp_isfa_ista", "HH_cond_exp":
		s.Kind = pyn.CondExp
		if s.E, err = param(eName, map[bool]float64{false: 0, true: -70}[inh]); err != nil {
			return s, nil, err
		}
	case "Izhikevich":
		s.Kind = pyn.Delta
	default:
		return s, nil, refusef("edges onto PyNN cell type %q", to.typ)
	}
	if s.Kind != pyn.Delta {
		if s.Tau, err = param(tauName, 5); err != nil {
			return s, nil, err
		}
	}
	tmpl := row["model_template"]
	switch {
	case tmpl == "" || tmpl == "NONE" || strings.HasSuffix(tmpl, ":StaticSynapse"):
		return s, &pyn.STDP{Off: true}, nil
	case strings.HasSuffix(tmpl, ":STDPMechanism"):
		tp, ok1 := f("tau_plus")
		tm, ok2 := f("tau_minus")
		ap, ok3 := f("A_plus")
		am, ok4 := f("A_minus")
		wmin, ok5 := f("w_min")
		wmax, ok6 := f("w_max")
		if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || row["weight_dependence"] != "AdditiveWeightDependence" {
			return s, nil, refusef("edge type %s: STDPMechanism without SpikePairRule/AdditiveWeightDependence parameters", row["edge_type_id"])
		}
		k := weightScale(s.Kind, model)
		return s, &pyn.STDP{TauPlus: tp, TauMinus: tm, APlus: ap * wmax / k, AMinus: -am * wmax / k, WMin: wmin / k, WMax: wmax / k}, nil
	}
	return s, nil, refusef("edge type %s: synapse model %q has no pyn equivalent (StaticSynapse and STDPMechanism do)", row["edge_type_id"], tmpl)
}
