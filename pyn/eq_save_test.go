package pyn

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// eqSaveNetwork is a network of an equation model with a per-neuron
// parameter, driven by Poisson sources through a Tsodyks–Markram synapse
// model, and with triplet-STDP recurrent synapses.
func eqSaveNetwork(t *testing.T, m Equations, dList []float64) *Network {
	t.Helper()
	eq, err := NewModel("izh eq", 8, m)
	if err != nil {
		t.Fatal(err)
	}
	if dList != nil {
		if err := eq.SetParam("d", dList); err != nil {
			t.Fatal(err)
		}
	}
	eq.DisableRecurrent()
	in := NewPoisson("in", 10, 40)
	net := NewNetwork(eq, in)
	tm, err := NewSynapseModel(TsodyksMarkram(0.5, 200, 20))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewSynapseModel(TripletSTDP())
	if err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("in", "izh eq", Conn{Rule: AllToAll, Weight: Const(40), Synapse: Synapse{Kind: Exponential, Tau: 3}, Model: tm, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("izh eq", "izh eq", Conn{Rule: FixedProb, P: 0.5, Weight: Const(0.5), Synapse: Synapse{Kind: Exponential, Tau: 3}, Model: tr, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return net
}

// A run of equation models is saved with the text of its models, NumPy
// reads its equation state variables like built-in ones, and Load gives
// back models that, made again with NewModel and NewSynapseModel,
// simulate the same run bit for bit.
func TestSaveLoadEquationModels(t *testing.T) {
	m := IzhikevichEquations(IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -70})
	m.Eqs += "\ndc/dt = -c_ca/tau_ca : 1" // a third variable, decaying
	m.Eqs = strings.Replace(m.Eqs, "dc/dt = -c_ca", "dc_ca/dt = -c_ca", 1)
	m.Reset += "\nc_ca += 1"
	m.Params["tau_ca"] = 50
	dList := []float64{8, 7, 6, 5, 4, 3, 2, 1}
	sim := Sim{Name: "eq save", T: 300, Dt: 0.1, Seed: 5, Record: []string{"v", "u", "c_ca"}, KeepWeights: true}
	r, err := eqSaveNetwork(t, m, dList).Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pop("izh eq").Spikes.T) == 0 {
		t.Fatal("the equation population did not spike: the comparison tests nothing")
	}
	path, err := Save(r, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CI") != "" || hasNumpy() {
		checkNumpy(t, r, path, 0)
	}
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	equalResults(t, l, r)
	lp := l.Pop("izh eq")
	if lp.Equations == nil || !reflect.DeepEqual(*lp.Equations, *r.Pop("izh eq").Equations) {
		t.Fatalf("loaded equations %+v, want %+v", lp.Equations, r.Pop("izh eq").Equations)
	}
	for k, c := range l.Conns {
		if c.Conn.Model == nil || !reflect.DeepEqual(c.Conn.Model.Equations(), r.Conns[k].Conn.Model.Equations()) {
			t.Fatalf("connection %d: loaded synapse model %+v", k, c.Conn.Model)
		}
	}
	// Rebuild from the loaded result alone and run again.
	eq, err := NewModel(lp.Name, lp.N, *lp.Equations)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range lp.Params {
		if err := eq.SetParam(k, v); err != nil {
			t.Fatal(err)
		}
	}
	eq.DisableRecurrent()
	net := NewNetwork(eq, NewPoisson("in", l.Pop("in").N, l.Pop("in").Params["rate"][0]))
	for _, c := range l.Conns {
		if err := net.Connect(c.Pre, c.Post, c.Conn); err != nil {
			t.Fatal(err)
		}
	}
	r2, err := net.Simulate(Sim{Name: l.Name, T: l.T, Dt: l.Dt, Seed: l.Seed, Record: sim.Record, KeepWeights: true})
	if err != nil {
		t.Fatal(err)
	}
	r2.Wall, r.Wall = 0, 0
	equalResults(t, r2, r)
	// The other exits: Describe gives the text, the HTML summaries name
	// the model and its recorded variables.
	info, err := eq.Describe()
	if err != nil || info.Equations == nil || !reflect.DeepEqual(*info.Equations, *lp.Equations) {
		t.Errorf("Describe: %v, equations %+v", err, info.Equations)
	}
	if h := net.HTML(); !strings.Contains(h, "Equations") {
		t.Errorf("Network.HTML does not name the equation model:\n%s", h)
	}
	if h := l.HTML(); !strings.Contains(h, "c_ca") {
		t.Errorf("Result.HTML does not list the recorded equation variable c_ca:\n%s", h)
	}
}

// A streamed run of an equation model writes its state variables while it
// runs; the loaded folder holds the same samples and the model's text.
func TestStreamEquationModels(t *testing.T) {
	m := IzhikevichEquations(IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -70})
	sim := Sim{Name: "eq stream", T: 100, Dt: 0.1, Seed: 5, Record: []string{"v", "u"}}
	mem, err := eqSaveNetwork(t, m, nil).Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sim.SaveData, sim.Stream = dir, true
	if _, err := eqSaveNetwork(t, m, nil).Simulate(sim); err != nil {
		t.Fatal(err)
	}
	folders := experimentFolders(dir)
	if len(folders) != 1 {
		t.Fatalf("%d experiment folders in %s", len(folders), dir)
	}
	l, err := Load(filepath.Join(dir, folders[0]))
	if err != nil {
		t.Fatal(err)
	}
	lp := l.Pop("izh eq")
	if lp.Equations == nil || lp.Equations.Eqs != m.Eqs {
		t.Fatalf("streamed folder lost the equations: %+v", lp.Equations)
	}
	for _, v := range []string{"v", "u"} {
		a, b := lp.Trace(v).Data, mem.Pop("izh eq").Trace(v).Data
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %d streamed samples differ from %d in memory", v, len(a), len(b))
		}
	}
}

func hasNumpy() bool {
	return exec.Command("/usr/bin/python3", "-c", "import numpy").Run() == nil
}

// Load refuses equations that do not compile or do not match the stored
// parameters, with ErrCorrupt naming the population and the problem.
func TestLoadCorruptEquations(t *testing.T) {
	m := LIFEquations(LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65, TRef: 2})
	p, err := NewModel("lif", 2, m)
	if err != nil {
		t.Fatal(err)
	}
	p.DisableRecurrent()
	in := NewPoisson("in", 2, 10)
	net := NewNetwork(p, in)
	tm, err := NewSynapseModel(TsodyksMarkram(0.5, 200, 20))
	if err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("in", "lif", Conn{Rule: AllToAll, Synapse: Synapse{Kind: Exponential}, Model: tm}); err != nil {
		t.Fatal(err)
	}
	r, err := net.Simulate(Sim{T: 5, Dt: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(d map[string]any)
		want string
	}{
		{"unknown variable", func(d map[string]any) { eqOf(d)["eqs"] = "dv/dt = (EL - q)/TauM : mV" },
			`population "lif": equations: Eqs line 1, column 15: unknown variable "q"`},
		{"syntax", func(d map[string]any) { eqOf(d)["threshold"] = "v >=" },
			`population "lif": equations: Threshold line 1`},
		{"method", func(d map[string]any) { eqOf(d)["method"] = "leapfrog" },
			`population "lif": equations: unknown method "leapfrog"`},
		{"extra parameter", func(d map[string]any) {
			d["populations"].([]any)[0].(map[string]any)["params"].(map[string]any)["zz"] = 1
		},
			`stored parameter "zz" is not a parameter of the equations`},
		{"missing parameter", func(d map[string]any) {
			delete(d["populations"].([]any)[0].(map[string]any)["params"].(map[string]any), "TauM")
		},
			`parameter "TauM" of the equations has 0 stored values for 2 neurons`},
		{"not an equation model", func(d map[string]any) { d["populations"].([]any)[0].(map[string]any)["model"] = "LIF" },
			`a population of model "LIF" holds equations`},
		{"synapse model", func(d map[string]any) {
			d["connections"].([]any)[0].(map[string]any)["options"].(map[string]any)["synapse_model"].(map[string]any)["on_pre"] = "I_post += w*y"
		}, `connection in → lif: synapse_model: pyn: NewSynapseModel: OnPre line 1, column 13: unknown variable "y"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, err := Save(r, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(path, experimentFile)
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var d map[string]any
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatal(err)
			}
			tc.edit(d)
			raw, _ = json.Marshal(d)
			if err := os.WriteFile(file, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Load(path)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load: %v\nwant ErrCorrupt containing %q", err, tc.want)
			}
		})
	}
}

func eqOf(d map[string]any) map[string]any {
	return d["populations"].([]any)[0].(map[string]any)["equations"].(map[string]any)
}
