// import.go reads a SONATA circuit back into a pyn network: the file layout,
// the node and edge tables, the type CSVs and the configs of both pyn-written
// and PyNN-written circuits. It is one long file because each reader step
// checks the previous one's counts; split it when a third writer is supported.

package sonata

import (
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

// Import reads the SONATA circuit in folder dir (circuit_config.json and,
// if present, simulation_config.json) into a pyn network and run. A
// circuit written by Export comes back identical: the same populations,
// parameters and options, every synapse with the same weight and delay in
// the same order, the same stimuli, T, dt and seeds. A circuit written by
// PyNN's export_to_sonata (PyNN standard cell types, static synapses) is
// mapped back through the table of the package documentation. Every
// connection becomes an explicit FromArrays connection and no population
// keeps a default recurrent connection.
func Import(dir string) (*pyn.Network, pyn.Sim, error) {
	var sim pyn.Sim
	if !h5Available {
		return nil, sim, errNoHDF5
	}
	var cc circuitConfig
	if err := readJSON(filepath.Join(dir, circuitFile), &cc); err != nil {
		return nil, sim, err
	}
	im := &importer{dir: dir, cc: cc, sources: map[string][][]float64{}}
	if err := im.readSim(); err != nil {
		return nil, sim, err
	}
	for _, ne := range cc.Networks.Nodes {
		if err := im.readNodes(ne); err != nil {
			return nil, sim, err
		}
	}
	if cc.Pyn != nil && len(cc.Pyn.Populations) > 0 {
		if err := im.reorder(cc.Pyn.Populations); err != nil {
			return nil, sim, err
		}
	}
	net := pyn.NewNetwork()
	if cc.Pyn != nil {
		seed, err := strconv.ParseUint(cc.Pyn.Seed, 10, 64)
		if err != nil && cc.Pyn.Seed != "" {
			return nil, sim, corruptf("%s: network_seed %q: %v", circuitFile, cc.Pyn.Seed, err)
		}
		net.Seed = seed
	}
	for _, np := range im.pops {
		p, err := np.build(im)
		if err != nil {
			return nil, sim, err
		}
		p.DisableRecurrent()
		if err := net.Add(p); err != nil {
			return nil, sim, err
		}
	}
	for _, ee := range cc.Networks.Edges {
		if err := im.readEdges(ee, net); err != nil {
			return nil, sim, err
		}
	}
	return net, im.sim, nil
}

type importer struct {
	dir     string
	cc      circuitConfig
	sc      *simConfig
	sets    map[string]nodeSet
	sim     pyn.Sim
	pops    []*nodePop
	sources map[string][][]float64 // spike times of virtual populations
	clamps  []inputConfig
}

// nodePop is one SONATA node population read back.
type nodePop struct {
	name   string
	n      int
	ids    map[uint64]int    // node_id → neuron index
	row    map[string]string // its node type
	params map[string][]float64
	pynP   map[string][]float64 // pyn's own parameters (Export's /0/pyn)
	typ    string               // PyNN cell type
}

func readJSON(path string, v interface{}) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return corruptf("cannot read %s: %v", filepath.Base(path), err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return corruptf("%s: %v", filepath.Base(path), err)
	}
	return nil
}

// path resolves a config path against the manifest and the folder.
func (im *importer) path(manifest map[string]string, p string) (string, error) {
	s, err := resolve(manifest, p)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(im.dir, s)
	}
	return s, nil
}

// readSim reads simulation_config.json (when there is one): T, dt, seed,
// stimuli, recorded variables and the spike inputs of virtual nodes.
func (im *importer) readSim() error {
	path := filepath.Join(im.dir, simFile)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	var sc simConfig
	if err := readJSON(path, &sc); err != nil {
		return err
	}
	im.sc = &sc
	im.sim.T, im.sim.Dt = sc.Run.TStop, sc.Run.Dt
	im.sim.Seed = sc.Run.Seed
	im.sets = map[string]nodeSet{}
	if sc.NodeSetsFile != "" {
		p, err := im.path(sc.Manifest, sc.NodeSetsFile)
		if err != nil {
			return err
		}
		if err := readJSON(p, &im.sets); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(sc.Inputs))
	for k := range sc.Inputs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		in := sc.Inputs[k]
		switch in.InputType {
		case "spikes":
			if err := im.readSpikes(sc.Manifest, in); err != nil {
				return err
			}
		case "current_clamp":
			if in.Amp == nil || in.Delay == nil || in.Duration == nil {
				return corruptf("%s: input %q: a current clamp needs amp, delay and duration", simFile, k)
			}
			im.clamps = append(im.clamps, in)
		default:
			return refusef("%s: input %q of type %q has no pyn equivalent (spikes and current_clamp do)", simFile, k, in.InputType)
		}
	}
	if ps := sc.Pyn; ps != nil {
		im.sim.Name, im.sim.T, im.sim.Dt, im.sim.NoSTDP = ps.Name, ps.T, ps.Dt, ps.NoSTDP
		im.sim.Record = ps.Record
		if ps.Seed != "" {
			s, err := strconv.ParseUint(ps.Seed, 10, 64)
			if err != nil {
				return corruptf("%s: pyn seed %q: %v", simFile, ps.Seed, err)
			}
			im.sim.Seed = s
		}
		if len(ps.Stims) > 0 {
			im.sim.IExt = map[string][]pyn.Stim{}
			for name, sts := range ps.Stims {
				for _, st := range sts {
					im.sim.IExt[name] = append(im.sim.IExt[name], pyn.Stim{Start: st.Start, Stop: st.Stop, Amp: st.Amp, Neurons: st.Neurons})
				}
			}
		}
		im.clamps = nil // the exact copy above replaces them
	} else {
		for _, r := range sc.Reports {
			if !hasString(im.sim.Record, r.VariableName) {
				im.sim.Record = append(im.sim.Record, r.VariableName)
			}
		}
	}
	return nil
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// target names the population and neurons of a node set.
func (im *importer) target(set string) (string, []int, error) {
	ns, ok := im.sets[set]
	if !ok {
		return set, nil, nil // an implicit node set: a population's name
	}
	if ns.Population == "" {
		return "", nil, refusef("node set %q selects nodes across populations; pyn needs a population", set)
	}
	return ns.Population, ns.NodeID, nil
}

// readSpikes reads the spike times of a virtual population from an input file.
func (im *importer) readSpikes(manifest map[string]string, in inputConfig) error {
	pop, sel, err := im.target(in.NodeSet)
	if err != nil {
		return err
	}
	if sel != nil {
		return refusef("spike input for node set %q selects some nodes of %q; pyn sets the spikes of a whole spike source", in.NodeSet, pop)
	}
	path, err := im.path(manifest, in.InputFile)
	if err != nil {
		return err
	}
	r, err := h5Open(path)
	if err != nil {
		return err
	}
	defer r.close()
	var ids []uint64
	var ts []float64
	base := "/spikes/" + pop
	if r.kind(base+"/node_ids") == 2 {
		err = r.read(base+"/node_ids", &ids)
		if err == nil {
			err = r.read(base+"/timestamps", &ts)
		}
	} else {
		err = r.read("/spikes/gids", &ids)
		if err == nil {
			err = r.read("/spikes/timestamps", &ts)
		}
	}
	if err != nil {
		return err
	}
	if len(ids) != len(ts) {
		return corruptf("%s: %d node ids for %d spike times", filepath.Base(path), len(ids), len(ts))
	}
	var times [][]float64
	for k, id := range ids {
		if id >= 1<<31 {
			return corruptf("%s: node id %d is out of range", filepath.Base(path), id)
		}
		for int(id) >= len(times) {
			times = append(times, nil)
		}
		times[id] = append(times[id], ts[k])
	}
	im.sources[pop] = times
	return nil
}

// readTypeTable reads a node or edge types CSV named in the manifest,
// keyed by its id column (node_type_id or edge_type_id).
func (im *importer) readTypeTable(name, idColumn string) (map[uint64]map[string]string, error) {
	tpath, err := im.path(im.cc.Manifest, name)
	if err != nil {
		return nil, err
	}
	rows, err := readTypes(tpath)
	if err != nil {
		return nil, err
	}
	types := map[uint64]map[string]string{}
	for _, r := range rows {
		id, err := strconv.ParseUint(r[idColumn], 10, 64)
		if err != nil {
			return nil, corruptf("%s: %s %q: %v", filepath.Base(tpath), idColumn, r[idColumn], err)
		}
		types[id] = r
	}
	return types, nil
}

// readNodes reads one nodes file and its types table.
func (im *importer) readNodes(ne nodesEntry) error {
	types, err := im.readTypeTable(ne.NodeTypesFile, "node_type_id")
	if err != nil {
		return err
	}
	path, err := im.path(im.cc.Manifest, ne.NodesFile)
	if err != nil {
		return err
	}
	r, err := h5Open(path)
	if err != nil {
		return err
	}
	defer r.close()
	names, err := r.list("/nodes")
	if err != nil {
		return err
	}
	file := filepath.Base(path)
	for _, name := range names {
		g := "/nodes/" + name
		var ids, typ, gid, gidx []uint64
		for _, d := range []struct {
			n string
			v *[]uint64
		}{{"node_id", &ids}, {"node_type_id", &typ}, {"node_group_id", &gid}, {"node_group_index", &gidx}} {
			if r.kind(g+"/"+d.n) != 2 && d.n == "node_id" {
				continue // node ids are optional: 0…N−1
			}
			if err := r.read(g+"/"+d.n, d.v); err != nil {
				return err
			}
		}
		n := len(typ)
		if ids == nil {
			ids = iota64(n)
		}
		if len(ids) != n || len(gid) != n || len(gidx) != n {
			return corruptf("%s: node population %q: node_id, node_type_id, node_group_id and node_group_index differ in length", file, name)
		}
		if n == 0 {
			return corruptf("%s: node population %q is empty", file, name)
		}
		np := &nodePop{name: name, n: n, ids: map[uint64]int{}, params: map[string][]float64{}}
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
		for idx, k := range order {
			if _, dup := np.ids[ids[k]]; dup {
				return corruptf("%s: node population %q: node id %d appears twice", file, name, ids[k])
			}
			np.ids[ids[k]] = idx
		}
		for k := range gid {
			if gid[k] != gid[0] {
				return refusef("%s: node population %q has several node groups; a pyn population has one model", file, name)
			}
		}
		grp := fmt.Sprintf("%s/%d", g, gid[0])
		for k := range typ {
			if _, ok := types[typ[k]]; !ok {
				return corruptf("%s: node population %q: node type %d is not in the types table", file, name, typ[k])
			}
		}
		np.row = types[typ[0]]
		tmpl := func(row map[string]string) string {
			if row["model_type"] == "virtual" {
				// PyNN's export_to_sonata writes every spike source as a
				// virtual node, a SpikeSourcePoisson with its rate.
				if _, err := strconv.ParseFloat(row["rate"], 64); err == nil || row["rate"] == "NONE" && r.kind(g+"/0/dynamics_params/rate") == 2 {
					return "pyNN:SpikeSourcePoisson"
				}
				return "pyNN:SpikeSourceArray"
			}
			return row["model_template"]
		}
		t0 := tmpl(np.row)
		for k := range typ {
			if t := tmpl(types[typ[k]]); t != t0 {
				return refusef("%s: node population %q mixes cell types %q and %q; a pyn population has one model", file, name, t0, t)
			}
		}
		i := strings.IndexByte(t0, ':')
		if i < 0 || !strings.EqualFold(t0[:i], "pyNN") {
			return refusef("%s: node population %q has model template %q; pyn reads PyNN standard cell types (pyNN:…)", file, name, t0)
		}
		np.typ = t0[i+1:]
		// Parameters: per node type from the table, then per node from
		// the group's dynamics_params (SONATA's precedence).
		cols := map[string]bool{}
		for _, row := range types {
			for c := range row {
				cols[c] = true
			}
		}
		var h5params []string
		if r.kind(grp+"/dynamics_params") == 1 {
			h5params, err = r.list(grp + "/dynamics_params")
			if err != nil {
				return err
			}
		}
		arr := map[string][]float64{}
		for _, p := range h5params {
			var v []float64
			if err := r.read(grp+"/dynamics_params/"+p, &v); err != nil {
				return err
			}
			arr[p] = v
		}
		for c := range cols {
			vals := make([]float64, n)
			ok := true
			for k := range typ {
				x, err := strconv.ParseFloat(types[typ[k]][c], 64)
				if a, has := arr[c]; has {
					if gidx[k] >= uint64(len(a)) {
						return corruptf("%s: node population %q: node_group_index %d is beyond dynamics_params/%s (len %d)", file, name, gidx[k], c, len(a))
					}
					x, err = a[gidx[k]], nil
				}
				if err != nil {
					ok = false
					break
				}
				vals[np.ids[ids[k]]] = x
			}
			if ok {
				np.params[c] = vals
			}
		}
		for c, a := range arr {
			if _, done := np.params[c]; done {
				continue
			}
			vals := make([]float64, n)
			for k := range typ {
				if gidx[k] >= uint64(len(a)) {
					return corruptf("%s: node population %q: node_group_index %d is beyond dynamics_params/%s (len %d)", file, name, gidx[k], c, len(a))
				}
				vals[np.ids[ids[k]]] = a[gidx[k]]
			}
			np.params[c] = vals
		}
		if r.kind(grp+"/pyn") == 1 {
			names, err := r.list(grp + "/pyn")
			if err != nil {
				return err
			}
			np.pynP = map[string][]float64{}
			for _, p := range names {
				var v []float64
				if err := r.read(grp+"/pyn/"+p, &v); err != nil {
					return err
				}
				if len(v) != n {
					return corruptf("%s: node population %q: pyn/%s has %d values for %d nodes", file, name, p, len(v), n)
				}
				vals := make([]float64, n)
				for k := range typ {
					vals[np.ids[ids[k]]] = v[gidx[k]]
				}
				np.pynP[p] = vals
			}
		}
		im.pops = append(im.pops, np)
	}
	return nil
}

// reorder puts the populations in the order Export wrote them.
func (im *importer) reorder(order []string) error {
	if len(order) != len(im.pops) {
		return corruptf("%s lists %d populations, the nodes files hold %d", circuitFile, len(order), len(im.pops))
	}
	var out []*nodePop
	for _, name := range order {
		found := false
		for _, p := range im.pops {
			if p.name == name {
				out = append(out, p)
				found = true
			}
		}
		if !found {
			return corruptf("%s lists population %q, which no nodes file holds", circuitFile, name)
		}
	}
	im.pops = out
	return nil
}

func (im *importer) popByName(name string) *nodePop {
	for _, p := range im.pops {
		if p.name == name {
			return p
		}
	}
	return nil
}

// model is the pyn model of a node population.
func (np *nodePop) model() (string, error) {
	if m := np.row["pyn_model"]; m != "" && m != "NONE" && np.pynP != nil {
		return m, nil
	}
	switch np.typ {
	case "IF_curr_exp", "IF_curr_alpha", "IF_cond_exp":
		return "LIF", nil
	case "Izhikevich":
		return "Izhikevich", nil
	case "EIF_cond_exp_isfa_ista":
		return "AdEx", nil
	case "HH_cond_exp":
		return "HodgkinHuxley", nil
	case "SpikeSourcePoisson":
		return "Poisson", nil
	case "SpikeSourceArray":
		return "SpikeSource", nil
	}
	return "", refusef("node population %q: PyNN cell type %q has no pyn model", np.name, np.typ)
}

func (np *nodePop) intCol(name string) int {
	v, _ := strconv.Atoi(np.row[name])
	return v
}

// build makes the pyn population: from pyn's own parameters when the
// circuit came from Export, else from PyNN's.
func (np *nodePop) build(im *importer) (*pyn.Population, error) {
	m, err := np.model()
	if err != nil {
		return nil, err
	}
	if m == "SpikeSource" {
		times := im.sources[np.name]
		if len(times) > np.n {
			return nil, corruptf("spike input of %q names source %d of %d", np.name, len(times)-1, np.n)
		}
		for len(times) < np.n {
			times = append(times, nil)
		}
		return pyn.NewSpikeSource(np.name, times), nil
	}
	var p *pyn.Population
	if np.pynP != nil {
		switch m {
		case "Izhikevich":
			p = pyn.NewIzhikevich(np.name, np.n, pyn.IzhikevichParams{Variant: pyn.IzhVariant(np.intCol("pyn_izh_variant")), HasU0: np.row["pyn_has_u0"] == "true"})
		case "LIF":
			p = pyn.NewLIF(np.name, np.n, pyn.LIFParams{C: 1, TauM: 1, Integrator: pyn.LIFIntegrator(np.intCol("pyn_lif_integrator"))})
		case "AdEx":
			p = pyn.NewAdEx(np.name, np.n, pyn.AdExParams{C: 1, GL: 1, TauW: 1, DeltaT: 1})
		case "HodgkinHuxley":
			p = pyn.NewHodgkinHuxley(np.name, np.n, pyn.HHParams{C: 1, Kinetics: pyn.HHKinetics(np.intCol("pyn_hh_kinetics")), Integrator: pyn.HHIntegrator(np.intCol("pyn_hh_integrator"))})
		case "Poisson":
			p = pyn.NewPoisson(np.name, np.n, 0)
		default:
			return nil, corruptf("node population %q: unknown pyn model %q", np.name, m)
		}
		// u0 last: setting it switches the Izhikevich model to an explicit u0.
		names := make([]string, 0, len(np.pynP))
		for name := range np.pynP {
			names = append(names, name)
		}
		sort.Strings(names)
		sort.SliceStable(names, func(i, j int) bool { return names[j] == "u0" && names[i] != "u0" })
		for _, name := range names {
			v := np.pynP[name]
			if name == "u0" && np.row["pyn_has_u0"] != "true" {
				continue
			}
			if err := p.SetParam(name, v); err != nil {
				return nil, err
			}
		}
		return p, p.Err()
	}
	return np.fromPyNN(m, im)
}

// readEdges reads one edges file: each edge population becomes one
// FromArrays connection, its synapses in file order.
func (im *importer) readEdges(ee edgesEntry, net *pyn.Network) error {
	types, err := im.readTypeTable(ee.EdgeTypesFile, "edge_type_id")
	if err != nil {
		return err
	}
	path, err := im.path(im.cc.Manifest, ee.EdgesFile)
	if err != nil {
		return err
	}
	r, err := h5Open(path)
	if err != nil {
		return err
	}
	defer r.close()
	file := filepath.Base(path)
	names, err := r.list("/edges")
	if err != nil {
		return err
	}
	// Export's edge populations are connections in order (pyn_conn).
	order := func(name string) int {
		var typ []uint64
		if r.read("/edges/"+name+"/edge_type_id", &typ) != nil || len(typ) == 0 {
			return math.MaxInt
		}
		k, err := strconv.Atoi(types[typ[0]]["pyn_conn"])
		if err != nil {
			return math.MaxInt
		}
		return k
	}
	rank := map[string]int{}
	for _, name := range names {
		rank[name] = order(name)
	}
	sort.SliceStable(names, func(i, j int) bool { return rank[names[i]] < rank[names[j]] })
	for _, name := range names {
		if err := im.readEdgePop(r, file, name, types, net); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) readEdgePop(r *h5r, file, name string, types map[uint64]map[string]string, net *pyn.Network) error {
	g := "/edges/" + name
	pre, ok, err := r.attrString(g+"/source_node_id", "node_population")
	if err == nil && !ok {
		err = corruptf("%s: edge population %q: source_node_id has no node_population", file, name)
	}
	if err != nil {
		return err
	}
	post, ok, err := r.attrString(g+"/target_node_id", "node_population")
	if err == nil && !ok {
		err = corruptf("%s: edge population %q: target_node_id has no node_population", file, name)
	}
	if err != nil {
		return err
	}
	from, to := im.popByName(pre), im.popByName(post)
	if from == nil || to == nil {
		return corruptf("%s: edge population %q connects %q to %q, which are not both node populations", file, name, pre, post)
	}
	var src, tgt, typ, gid, gidx []uint64
	for _, d := range []struct {
		n string
		v *[]uint64
	}{{"source_node_id", &src}, {"target_node_id", &tgt}, {"edge_type_id", &typ}, {"edge_group_id", &gid}, {"edge_group_index", &gidx}} {
		if err := r.read(g+"/"+d.n, d.v); err != nil {
			return err
		}
	}
	n := len(src)
	if len(tgt) != n || len(typ) != n || len(gid) != n || len(gidx) != n {
		return corruptf("%s: edge population %q: its id datasets differ in length", file, name)
	}
	postModel, err := to.model()
	if err != nil {
		return err
	}
	// Per group: weight and delay arrays.
	type grpData struct{ w, d []float64 }
	groups := map[uint64]*grpData{}
	for _, id := range gid {
		if groups[id] != nil {
			continue
		}
		gg := fmt.Sprintf("%s/%d", g, id)
		gd := &grpData{}
		for _, c := range []struct {
			names []string
			v     *[]float64
		}{{[]string{"syn_weight", "dynamics_params/weight"}, &gd.w}, {[]string{"delay", "dynamics_params/delay"}, &gd.d}} {
			for _, nm := range c.names {
				if r.kind(gg+"/"+nm) == 2 {
					if err := r.read(gg+"/"+nm, c.v); err != nil {
						return err
					}
					break
				}
			}
		}
		groups[id] = gd
	}
	c := pyn.Conn{Rule: pyn.FromArrays, Pre: make([]int, n), Post: make([]int, n), Weights: make([]float64, n), Delays: make([]float64, n)}
	var first map[string]string
	for i := 0; i < n; i++ {
		row, ok := types[typ[i]]
		if !ok {
			return corruptf("%s: edge population %q: edge type %d is not in the types table", file, name, typ[i])
		}
		if first == nil {
			first = row
			syn, stdp, err := synapseOf(row, to, postModel)
			if err != nil {
				return fmt.Errorf("%w (edge population %q)", err, name)
			}
			c.Synapse, c.STDP = syn, stdp
		} else if row["pyn_conn"] != first["pyn_conn"] || (row["pyn_conn"] == "" || row["pyn_conn"] == "NONE") && row["model_template"] != first["model_template"] {
			return refusef("%s: edge population %q mixes edge types of different connections; pyn needs one synapse model per connection", file, name)
		}
		a, okA := from.ids[src[i]]
		b, okB := to.ids[tgt[i]]
		if !okA || !okB {
			return corruptf("%s: edge population %q: edge %d connects node %d to node %d, not both in their populations", file, name, i, src[i], tgt[i])
		}
		c.Pre[i], c.Post[i] = a, b
		gd := groups[gid[i]]
		w, err := value(gd.w, gidx[i], row, "syn_weight", "weight")
		if err != nil {
			return corruptf("%s: edge population %q: edge %d: %v", file, name, i, err)
		}
		c.Weights[i] = w / weightScale(c.Synapse.Kind, postModel)
		if c.Delays[i], err = value(gd.d, gidx[i], row, "delay", "delay"); err != nil {
			return corruptf("%s: edge population %q: edge %d: %v", file, name, i, err)
		}
	}
	if n == 0 {
		return nil
	}
	return net.Connect(pre, post, c)
}
