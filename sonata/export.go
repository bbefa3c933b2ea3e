// export.go writes a pyn network as a SONATA circuit. One file holds the
// whole write, from the checks that refuse what has no equivalent to the
// atomic rename, so that nothing is written before everything is checked.

package sonata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pyn-go/pyn/pyn"
)

// File names inside an exported circuit folder.
const (
	circuitFile   = "circuit_config.json"
	simFile       = "simulation_config.json"
	nodeSetsFile  = "node_sets.json"
	nodesFile     = "network/nodes.h5"
	nodeTypesFile = "network/node_types.csv"
	edgesFile     = "network/edges.h5"
	edgeTypesFile = "network/edge_types.csv"
	inputDir      = "inputs"
	outputDir     = "output"
	runnerFile    = "run_pynn.py"
)

// runner is the script that runs an exported circuit with PyNN (written
// into every export as run_pynn.py).
//
//go:embed run_pynn.py
var runner []byte

// Export writes network net and the run sim as a SONATA circuit in the new
// folder dir (see the package documentation for the layout and units).
// It refuses, with an error wrapping ErrUnsupported that names the
// population, connection, stimulus or option, anything that SONATA and
// PyNN cannot express; nothing is dropped silently. dir must not exist
// (or be an empty folder): the circuit is written to a temporary folder
// beside it and renamed into place when complete, so a failed export
// leaves nothing behind.
func Export(net *pyn.Network, sim pyn.Sim, dir string) error {
	c, err := describe(net, sim)
	if err != nil {
		return err
	}
	if dir == "" {
		return badf("Export: empty folder name")
	}
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return badf("Export: %s exists and is not a folder", dir)
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("sonata: Export: %w", err)
		}
		if len(ents) > 0 {
			return badf("Export: %s exists and is not empty (Export never overwrites)", dir)
		}
	}
	if !h5Available {
		return errNoHDF5
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("sonata: Export: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("sonata: Export: %w", err)
	}
	if err := c.write(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	os.Remove(dir) // an empty folder, if any (checked above)
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("sonata: Export: %w", err)
	}
	return nil
}

// circuit is a network and run checked and converted for SONATA.
type circuit struct {
	net   *pyn.Network
	sim   pyn.Sim
	dt    float64
	pops  []pyn.PopInfo
	cells []*cell
	conns []pyn.ConnInfo
	edges []edgePop
}

// edgePop is one connection as a SONATA edge population.
type edgePop struct {
	name     string
	conn     pyn.ConnInfo
	group    []uint32 // 0: excitatory receptor, 1: inhibitory, per synapse
	weight   []float64
	plastic  bool
	receptor [2]string
}

// describe checks net and sim and converts them.
func describe(net *pyn.Network, sim pyn.Sim) (*circuit, error) {
	if net == nil {
		return nil, &kindError{msg: "sonata: Export: nil network", kinds: []error{pyn.ErrNil}}
	}
	if err := net.Err(); err != nil {
		return nil, err
	}
	if !(sim.T > 0) || math.IsInf(sim.T, 0) {
		return nil, badf("Export: Sim.T = %v ms, want a finite duration > 0", sim.T)
	}
	dt := sim.Dt
	if dt == 0 {
		dt = 0.125 // pyn's default step (Sim.Dt)
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, badf("Export: Sim.Dt = %v ms, want a finite step > 0", dt)
	}
	c := &circuit{net: net, sim: sim, dt: dt}
	for _, p := range net.Populations() {
		if err := checkName(p.Name); err != nil {
			return nil, err
		}
		info, err := p.Describe()
		if err != nil {
			return nil, err
		}
		c.pops = append(c.pops, info)
	}
	if len(c.pops) == 0 {
		return nil, badf("Export: the network has no population")
	}
	conns, err := net.Describe(dt)
	if err != nil {
		return nil, err
	}
	c.conns = conns
	for _, p := range c.pops {
		cl, err := toCell(p, conns, sim.T)
		if err != nil {
			return nil, err
		}
		c.cells = append(c.cells, cl)
	}
	if err := c.checkSim(); err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for k, cn := range conns {
		e, err := c.edgePop(cn)
		if err != nil {
			return nil, err
		}
		e.name = cn.Pre + "->" + cn.Post
		if used[e.name] {
			e.name = fmt.Sprintf("%s#%d", e.name, k)
		}
		used[e.name] = true
		c.edges = append(c.edges, e)
	}
	return c, nil
}

// checkName refuses population names that cannot be an HDF5 group or a
// node-set name in SONATA's JSON.
func checkName(name string) error {
	switch {
	case name == "." || name == "..":
		return refusef("population name %q cannot be an HDF5 group name", name)
	case strings.ContainsAny(name, "/\x00"):
		return refusef("population name %q contains '/' or NUL, which HDF5 group names cannot", name)
	case strings.HasPrefix(name, "$"):
		return refusef("population name %q starts with '$', which SONATA configs read as a manifest variable", name)
	case strings.Contains(name, "#"):
		return refusef("population name %q contains '#', which names the stimulus node sets of an export", name)
	}
	return nil
}

func (c *circuit) pop(name string) (int, *pyn.PopInfo) {
	for i := range c.pops {
		if c.pops[i].Name == name {
			return i, &c.pops[i]
		}
	}
	return -1, nil
}

// edgePop converts one connection: weights to PyNN's units and signs,
// one edge group per receptor, STDP to PyNN's STDPMechanism.
func (c *circuit) edgePop(cn pyn.ConnInfo) (edgePop, error) {
	if cn.Model != nil {
		return edgePop{}, refusef("connection %q → %q has an equation synapse model (Conn.Model, variables %s): there is no standard SONATA/PyNN equivalent of user-written synapse equations", cn.Pre, cn.Post, strings.Join(cn.Model.Vars(), ", "))
	}
	_, post := c.pop(cn.Post)
	r, err := gatherReceptors(*post, c.conns)
	if err != nil {
		return edgePop{}, err
	}
	e := edgePop{conn: cn, receptor: [2]string{"excitatory", "inhibitory"}}
	k := weightScale(cn.Synapse.Kind, post.Model)
	n := len(cn.Synapses.W)
	e.group = make([]uint32, n)
	e.weight = make([]float64, n)
	for i, w := range cn.Synapses.W {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return e, refusef("connection %q → %q: synapse %d has weight %v", cn.Pre, cn.Post, i, w)
		}
		if r.receptorOf(cn, w < 0) == "inhibitory" {
			e.group[i] = 1
		}
		e.weight[i] = w * k
	}
	if cn.STDP != nil && !c.sim.NoSTDP {
		for i, w := range cn.Synapses.W {
			if w < 0 {
				return e, refusef("connection %q → %q: STDP on synapse %d of weight %v < 0; PyNN's additive STDP bounds positive weights (set Conn.STDP.Off or Sim.NoSTDP)", cn.Pre, cn.Post, i, w)
			}
		}
		if !(cn.STDP.WMax > 0) {
			return e, refusef("connection %q → %q: STDP with WMax = %v; PyNN's additive rule scales A± by w_max > 0", cn.Pre, cn.Post, cn.STDP.WMax)
		}
		e.plastic = true
	}
	return e, nil
}

// checkSim refuses the parts of the run that SONATA cannot express.
func (c *circuit) checkSim() error {
	s := c.sim
	if len(s.Probes) > 0 {
		return refusef("Sim.Probes (neuron subsets sampled at their own interval) have no SONATA report equivalent here; use Sim.Record")
	}
	for _, v := range s.Record {
		switch v {
		case "v", "u", "w":
		default:
			return refusef("Sim.Record %q has no PyNN recordable equivalent (v, u for Izhikevich and w for AdEx do)", v)
		}
	}
	names := make([]string, 0, len(s.IExt))
	for name := range s.IExt {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		_, p := c.pop(name)
		if p == nil {
			return badf("Sim.IExt names population %q, which the network does not have", name)
		}
		if p.Model == "Poisson" || p.Model == "SpikeSource" {
			return refusef("Sim.IExt[%q]: a current clamp on a spike source", name)
		}
		for k, st := range s.IExt[name] {
			at := fmt.Sprintf("Sim.IExt[%q][%d]", name, k)
			if st.Std != 0 {
				return refusef("%s: noise (Std = %v) has no SONATA current-clamp equivalent", at, st.Std)
			}
			if st.Series != nil {
				return refusef("%s: a waveform (Series) has no SONATA current-clamp equivalent", at)
			}
			for _, x := range []float64{st.Start, st.Stop, st.Amp} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return badf("%s: Start, Stop and Amp must be finite", at)
				}
			}
			if st.Start < 0 || (st.Stop != 0 && st.Stop < st.Start) {
				return badf("%s: Start = %v, Stop = %v ms", at, st.Start, st.Stop)
			}
			for _, i := range st.Neurons {
				if i < 0 || i >= p.N {
					return badf("%s: neuron index %d is out of range [0, %d)", at, i, p.N)
				}
			}
		}
	}
	return nil
}

// write writes every file of the circuit into folder dir.
func (c *circuit) write(dir string) error {
	for _, sub := range []string{"network", inputDir, outputDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("sonata: Export: %w", err)
		}
	}
	if err := c.writeNodes(dir); err != nil {
		return err
	}
	if err := c.writeEdges(dir); err != nil {
		return err
	}
	sets, inputs, err := c.writeInputs(dir)
	if err != nil {
		return err
	}
	cc := circuitConfig{
		TargetSimulator: "PyNN",
		Manifest:        map[string]string{"$BASE_DIR": ".", "$NETWORK_DIR": "$BASE_DIR/network", "$COMPONENT_DIR": "$BASE_DIR/components"},
		Components:      map[string]string{"point_neuron_models_dir": "$COMPONENT_DIR/point_neuron_dynamics", "synaptic_models_dir": "$COMPONENT_DIR/synaptic_models"},
		Pyn:             &pynCircuit{Format: 1, Seed: strconv.FormatUint(c.net.Seed, 10)},
	}
	for _, p := range c.pops {
		cc.Pyn.Populations = append(cc.Pyn.Populations, p.Name)
	}
	cc.Networks.Nodes = []nodesEntry{{NodesFile: "$NETWORK_DIR/nodes.h5", NodeTypesFile: "$NETWORK_DIR/node_types.csv"}}
	cc.Networks.Edges = []edgesEntry{}
	if len(c.edges) > 0 {
		cc.Networks.Edges = []edgesEntry{{EdgesFile: "$NETWORK_DIR/edges.h5", EdgeTypesFile: "$NETWORK_DIR/edge_types.csv"}}
	}
	sc := simConfig{
		Manifest:        map[string]string{"$BASE_DIR": ".", "$OUTPUT_DIR": "$BASE_DIR/output", "$INPUT_DIR": "$BASE_DIR/inputs"},
		TargetSimulator: "PyNN",
		Network:         "$BASE_DIR/" + circuitFile,
		Run:             runConfig{TStop: c.sim.T, Dt: c.dt, Seed: c.sim.Seed},
		Conditions:      map[string]interface{}{},
		Inputs:          inputs,
		Output:          outputConfig{OutputDir: "$OUTPUT_DIR", SpikesFile: "spikes.h5", SpikesSortOrder: "time"},
		Reports:         map[string]report{},
		NodeSetsFile:    "$BASE_DIR/" + nodeSetsFile,
		Pyn: &pynSim{Name: c.sim.Name, T: c.sim.T, Dt: c.dt, Seed: strconv.FormatUint(c.sim.Seed, 10),
			NoSTDP: c.sim.NoSTDP, Record: c.sim.Record, Stims: map[string][]pynStm{}},
	}
	for name, stims := range c.sim.IExt {
		for _, st := range stims {
			sc.Pyn.Stims[name] = append(sc.Pyn.Stims[name], pynStm{Start: st.Start, Stop: st.Stop, Amp: st.Amp, Neurons: st.Neurons})
		}
	}
	for _, v := range c.sim.Record {
		for _, p := range c.pops {
			if p.Model == "Poisson" || p.Model == "SpikeSource" || (v == "u" && p.Model != "Izhikevich") || (v == "w" && p.Model != "AdEx") {
				continue
			}
			name := p.Name + "_" + v
			sc.Reports[name] = report{Cells: p.Name, VariableName: v, Module: "membrane_report", Sections: "soma", FileName: sanitize(name) + ".h5"}
		}
	}
	for _, f := range []struct {
		name string
		v    interface{}
	}{{circuitFile, cc}, {simFile, sc}, {nodeSetsFile, sets}} {
		b, err := json.MarshalIndent(f.v, "", "  ")
		if err != nil {
			return fmt.Errorf("sonata: Export: %s: %w", f.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("sonata: Export: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, runnerFile), runner, 0o644); err != nil {
		return fmt.Errorf("sonata: Export: %w", err)
	}
	return nil
}

// sanitize makes a file name from a population name.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func iota64(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i)
	}
	return out
}

func fill64(n int, x uint64) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

// uniformValue reports whether every value of v is the same.
func uniformValue(v []float64) (float64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	for _, x := range v[1:] {
		if x != v[0] {
			return v[0], false
		}
	}
	return v[0], len(v) > 0
}

// writeNodes writes nodes.h5 and node_types.csv: one node population per
// pyn population, one node type per population.
func (c *circuit) writeNodes(dir string) error {
	w, err := h5Create(filepath.Join(dir, nodesFile))
	if err != nil {
		return err
	}
	w.attrUint32s("/", "version", []uint32{0, 1})
	w.attrUint32s("/", "magic", []uint32{0x0A7A})
	w.group("/nodes")
	cols := []string{"node_type_id", "model_type", "model_template", "pop_name", "pyn_model", "pyn_izh_variant", "pyn_has_u0", "pyn_lif_integrator", "pyn_hh_kinetics", "pyn_hh_integrator"}
	seen := map[string]bool{}
	for _, x := range cols {
		seen[x] = true
	}
	var rows []map[string]string
	for k, p := range c.pops {
		cl := c.cells[k]
		g := "/nodes/" + p.Name
		w.group(g)
		w.dataset(g+"/node_id", iota64(p.N))
		w.dataset(g+"/node_type_id", fill64(p.N, uint64(k)))
		w.dataset(g+"/node_group_id", make([]uint32, p.N))
		w.dataset(g+"/node_group_index", iota64(p.N))
		w.group(g + "/0")
		w.group(g + "/0/dynamics_params")
		w.group(g + "/0/pyn")
		row := map[string]string{
			"node_type_id": strconv.Itoa(k), "model_type": "point_neuron", "model_template": "pyNN:" + cl.typ,
			"pop_name": p.Name, "pyn_model": p.Model, "pyn_izh_variant": strconv.Itoa(int(p.IzhVariant)),
			"pyn_has_u0": strconv.FormatBool(p.HasU0), "pyn_lif_integrator": strconv.Itoa(int(p.LIFIntegrator)),
			"pyn_hh_kinetics": strconv.Itoa(int(p.HHKinetics)), "pyn_hh_integrator": strconv.Itoa(int(p.HHIntegrator)),
		}
		if cl.virtual {
			row["model_type"] = "virtual"
		}
		for _, name := range append(append([]string(nil), cl.params...), cl.inits...) {
			v := cl.values[name]
			if x, ok := uniformValue(v); ok {
				row[name] = fmtFloat(x)
			} else {
				row[name] = "NONE"
				w.dataset(g+"/0/dynamics_params/"+name, v)
			}
			if !seen[name] {
				seen[name] = true
				cols = append(cols, name)
			}
		}
		for _, name := range p.ParamNames {
			w.dataset(g+"/0/pyn/"+name, p.Params[name])
		}
		rows = append(rows, row)
	}
	if err := w.close(); err != nil {
		return err
	}
	return writeTypes(filepath.Join(dir, nodeTypesFile), cols, rows)
}

// writeEdges writes edges.h5 and edge_types.csv: one edge population per
// connection, edge group 0 on the excitatory receptor and 1 on the
// inhibitory one, edge types 2k and 2k+1 for connection k.
func (c *circuit) writeEdges(dir string) error {
	if len(c.edges) == 0 {
		return nil
	}
	w, err := h5Create(filepath.Join(dir, edgesFile))
	if err != nil {
		return err
	}
	w.attrUint32s("/", "version", []uint32{0, 1})
	w.attrUint32s("/", "magic", []uint32{0x0A7A})
	w.group("/edges")
	cols := []string{"edge_type_id", "model_template", "receptor_type", "pyn_conn", "pyn_synapse", "pyn_tau", "pyn_e", "pyn_stdp",
		"timing_dependence", "weight_dependence", "tau_plus", "tau_minus", "A_plus", "A_minus", "w_min", "w_max",
		"pyn_a_plus", "pyn_a_minus", "pyn_tau_plus", "pyn_tau_minus", "pyn_w_min", "pyn_w_max", "pyn_dt"}
	var rows []map[string]string
	for k, e := range c.edges {
		cn := e.conn
		g := "/edges/" + e.name
		s := cn.Synapses
		n := len(s.W)
		src, tgt := make([]uint64, n), make([]uint64, n)
		gidx := make([]uint64, n)
		typ := make([]uint64, n)
		var count [2]uint64
		for i := range s.W {
			src[i], tgt[i] = uint64(s.PreIdx[i]), uint64(s.PostIdx[i])
			gr := e.group[i]
			gidx[i] = count[gr]
			count[gr]++
			typ[i] = uint64(2*k) + uint64(gr)
		}
		w.group(g)
		w.dataset(g+"/source_node_id", src)
		w.attrString(g+"/source_node_id", "node_population", cn.Pre)
		w.dataset(g+"/target_node_id", tgt)
		w.attrString(g+"/target_node_id", "node_population", cn.Post)
		w.dataset(g+"/edge_type_id", typ)
		w.dataset(g+"/edge_group_id", e.group)
		w.dataset(g+"/edge_group_index", gidx)
		_, post := c.pop(cn.Post)
		for gr := 0; gr < 2; gr++ {
			if count[gr] == 0 {
				continue
			}
			wv, dv := make([]float64, 0, count[gr]), make([]float64, 0, count[gr])
			for i := range s.W {
				if int(e.group[i]) == gr {
					wv = append(wv, e.weight[i])
					dv = append(dv, s.Delay[i])
				}
			}
			gg := fmt.Sprintf("%s/%d", g, gr)
			w.group(gg)
			w.dataset(gg+"/syn_weight", wv)
			w.dataset(gg+"/delay", dv)
			w.group(gg + "/dynamics_params")
			w.dataset(gg+"/dynamics_params/delay", dv)
			row := map[string]string{
				"edge_type_id": strconv.Itoa(2*k + gr), "model_template": "pyNN:StaticSynapse", "receptor_type": e.receptor[gr],
				"pyn_conn": strconv.Itoa(k), "pyn_synapse": kindName(cn.Synapse.Kind), "pyn_tau": fmtFloat(cn.Synapse.Tau),
				"pyn_e": fmtFloat(cn.Synapse.E), "pyn_stdp": "off", "pyn_dt": fmtFloat(cn.Dt),
			}
			if r := cn.STDP; r != nil {
				row["pyn_stdp"] = "on"
				row["pyn_a_plus"], row["pyn_a_minus"] = fmtFloat(r.APlus), fmtFloat(r.AMinus)
				row["pyn_tau_plus"], row["pyn_tau_minus"] = fmtFloat(r.TauPlus), fmtFloat(r.TauMinus)
				row["pyn_w_min"], row["pyn_w_max"] = fmtFloat(r.WMin), fmtFloat(r.WMax)
				if e.plastic {
					// PyNN's additive rule changes w by w_max·A±·e^(−|Δt|/τ±),
					// A− as a magnitude; pyn's by A± directly, A− negative.
					ks := weightScale(cn.Synapse.Kind, post.Model)
					row["model_template"] = "pyNN:STDPMechanism"
					row["timing_dependence"], row["weight_dependence"] = "SpikePairRule", "AdditiveWeightDependence"
					row["tau_plus"], row["tau_minus"] = fmtFloat(r.TauPlus), fmtFloat(r.TauMinus)
					row["A_plus"], row["A_minus"] = fmtFloat(r.APlus/r.WMax), fmtFloat(-r.AMinus/r.WMax)
					row["w_min"], row["w_max"] = fmtFloat(r.WMin*ks), fmtFloat(r.WMax*ks)
				}
			}
			rows = append(rows, row)
		}
	}
	if err := w.close(); err != nil {
		return err
	}
	return writeTypes(filepath.Join(dir, edgeTypesFile), cols, rows)
}

// writeInputs writes the spike files of the spike sources and returns
// the node sets and the inputs section of the simulation config.
func (c *circuit) writeInputs(dir string) (map[string]nodeSet, map[string]inputConfig, error) {
	sets := map[string]nodeSet{}
	inputs := map[string]inputConfig{}
	for k, p := range c.pops {
		sets[p.Name] = nodeSet{Population: p.Name}
		if p.Model != "SpikeSource" {
			continue
		}
		type ev struct {
			t  float64
			id uint64
		}
		var evs []ev
		for i, ts := range p.SpikeTimes {
			for _, t := range ts {
				evs = append(evs, ev{t, uint64(i)})
			}
		}
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].t < evs[j].t })
		ids, ts := make([]uint64, len(evs)), make([]float64, len(evs))
		for i, e := range evs {
			ids[i], ts[i] = e.id, e.t
		}
		file := fmt.Sprintf("%s/%d_%s_spikes.h5", inputDir, k, sanitize(p.Name))
		w, err := h5Create(filepath.Join(dir, file))
		if err != nil {
			return nil, nil, err
		}
		w.attrUint32s("/", "magic", []uint32{0x0A7A})
		w.group("/spikes")
		w.attrString("/spikes", "sorting", "by_time")
		// PyNN 0.10 reads /spikes/gids and /spikes/timestamps; SONATA 0.1's
		// later layout is /spikes/<population>/{node_ids,timestamps}.
		w.dataset("/spikes/gids", ids)
		w.dataset("/spikes/timestamps", ts)
		if p.Name != "gids" && p.Name != "timestamps" {
			w.group("/spikes/" + p.Name)
			w.dataset("/spikes/"+p.Name+"/node_ids", ids)
			w.dataset("/spikes/"+p.Name+"/timestamps", ts)
			w.attrString("/spikes/"+p.Name+"/timestamps", "units", "ms")
		}
		if err := w.close(); err != nil {
			return nil, nil, err
		}
		inputs[p.Name+"#spikes"] = inputConfig{InputType: "spikes", Module: "h5", NodeSet: p.Name, InputFile: "$BASE_DIR/" + file}
	}
	for name, stims := range c.sim.IExt {
		_, p := c.pop(name)
		for k, st := range stims {
			if st.Neurons != nil && len(st.Neurons) == 0 {
				continue // stimulates nobody (as in pyn)
			}
			set := name
			if st.Neurons != nil {
				set = fmt.Sprintf("%s#stim%d", name, k)
				sets[set] = nodeSet{Population: name, NodeID: append([]int(nil), st.Neurons...)}
			}
			stop := st.Stop
			if stop == 0 {
				stop = c.sim.T
			}
			inputs[fmt.Sprintf("%s#stim%d", name, k)] = inputConfig{InputType: "current_clamp", Module: "IClamp", NodeSet: set,
				Amp: fptr(st.Amp * currentScale(p.Model)), Delay: fptr(st.Start), Duration: fptr(stop - st.Start)}
		}
	}
	return sets, inputs, nil
}

func fptr(x float64) *float64 { return &x }
