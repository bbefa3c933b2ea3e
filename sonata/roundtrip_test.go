package sonata

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyn-go/pyn/pyn"
)

// zoo builds a network with every model and synapse shape Export maps.
func zoo(t *testing.T) (*pyn.Network, pyn.Sim) {
	t.Helper()
	izh := pyn.NewIzhikevich("izh", 20, pyn.IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -70})
	must(t, izh.Spread("d", pyn.Uniform(2, 8), 3))
	must(t, izh.SetParam("u0", []float64{-12}))
	lifE := pyn.NewLIF("lif exp", 30, pyn.LIFParams{C: 250, TauM: 20, EL: -65, VTh: -50, VReset: -65, TRef: 2})
	must(t, lifE.Spread("VTh", pyn.Normal(-50, 1), 4))
	lifA := pyn.NewLIF("lif alpha", 10, pyn.LIFParams{C: 200, TauM: 10, EL: -70, VTh: -55, VReset: -70, TRef: 1, Integrator: pyn.LIFEuler})
	lifA.DisableRecurrent()
	coba := pyn.NewLIF("coba", 40, pyn.LIFParams{C: 200, TauM: 20, EL: -60, VTh: -50, VReset: -60, TRef: 5})
	coba.SetRecurrent(pyn.Conn{P: 0.2, Weight: pyn.Const(4), Synapse: pyn.Synapse{Kind: pyn.CondExp, Tau: 5, E: 0}, Delay: 0.5, STDP: &pyn.STDP{Off: true}})
	adex := pyn.NewAdEx("adex", 5, pyn.AdExParams{C: 281, GL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, A: 4, TauW: 144, B: 80.5, Vr: -70.6, TRef: 0.1})
	adex.DisableRecurrent()
	hhp := pyn.HHTraubMiles
	hhp.Integrator = pyn.HHExponentialEuler
	hh := pyn.NewHodgkinHuxley("hh", 4, hhp)
	hh.DisableRecurrent()
	poi := pyn.NewPoisson("noise", 25, 20)
	must(t, poi.Spread("rate", pyn.Uniform(5, 30), 9))
	src := pyn.NewSpikeSource("drive", [][]float64{{5, 15}, {7.5}, {1, 2, 3}})
	net := pyn.NewNetwork(izh, lifE, lifA, coba, adex, hh, poi, src)
	net.Seed = 42
	must(t, net.Err())
	izh.SetRecurrent(pyn.Conn{P: 0.3, Weight: pyn.Uniform(0, 2), Synapse: pyn.Synapse{Kind: pyn.Delta}, Delay: 1, Std: 0.5})
	must(t, net.Connect("drive", "izh", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Const(10), Synapse: pyn.Synapse{Kind: pyn.Delta}}))
	lifE.SetRecurrent(pyn.Conn{P: 0.2, Weight: pyn.Uniform(-30, -10), Synapse: pyn.Synapse{Kind: pyn.Exponential, Tau: 10}, Delay: 1.5})
	must(t, net.Connect("noise", "lif exp", pyn.Conn{P: 0.5, Weight: pyn.Uniform(50, 100), Synapse: pyn.Synapse{Kind: pyn.Exponential, Tau: 5}, Delay: 1}))
	must(t, net.Connect("noise", "lif alpha", pyn.Conn{Rule: pyn.FixedInDegree, K: 5, Weight: pyn.Uniform(100, 200), Synapse: pyn.Synapse{Kind: pyn.Alpha, Tau: 2}}))
	must(t, net.Connect("noise", "coba", pyn.Conn{P: 0.3, Weight: pyn.Uniform(1, 3), Synapse: pyn.Synapse{Kind: pyn.CondExp, Tau: 10, E: -80}, Delay: 2, STDP: &pyn.STDP{Off: true}}))
	must(t, net.Connect("noise", "adex", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Const(3), Synapse: pyn.Synapse{Kind: pyn.CondExp, Tau: 5, E: 0}, STDP: &pyn.STDP{APlus: 0.02, TauPlus: 15, WMax: 5}}))
	must(t, net.Connect("noise", "hh", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Const(0.5), Synapse: pyn.Synapse{Kind: pyn.CondExp, Tau: 5, E: 0}, STDP: &pyn.STDP{Off: true}}))
	sim := pyn.Sim{Name: "zoo", T: 50, Dt: 0.1, Seed: 7, Record: []string{"v"},
		IExt: map[string][]pyn.Stim{
			"izh":     {{Start: 5, Stop: 30, Amp: 8, Neurons: []int{0, 3}}},
			"lif exp": {{Amp: 400}},
			"hh":      {{Start: 10, Amp: 10}},
		}}
	return net, sim
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRoundTrip: pyn → SONATA → pyn gives the identical network (every
// population option and parameter, every synapse's weight and delay in
// the same order), the identical run options, and so the same spikes.
func TestRoundTrip(t *testing.T) {
	net, sim := zoo(t)
	dir := filepath.Join(t.TempDir(), "zoo")
	must(t, Export(net, sim, dir))
	for _, f := range []string{circuitFile, simFile, nodeSetsFile, nodesFile, nodeTypesFile, edgesFile, edgeTypesFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("export lacks %s: %v", f, err)
		}
	}
	net2, sim2, err := Import(dir)
	must(t, err)
	comparePops(t, net, net2)
	c1, err := net.Describe(sim.Dt)
	must(t, err)
	c2, err := net2.Describe(sim.Dt)
	must(t, err)
	if len(c1) != len(c2) {
		t.Fatalf("%d connections came back as %d", len(c1), len(c2))
	}
	for k := range c1 {
		a, b := c1[k], c2[k]
		if a.Pre != b.Pre || a.Post != b.Post || a.Synapse != b.Synapse || !reflect.DeepEqual(a.STDP, b.STDP) {
			t.Errorf("connection %d: %s → %s %+v %+v came back as %s → %s %+v %+v", k, a.Pre, a.Post, a.Synapse, a.STDP, b.Pre, b.Post, b.Synapse, b.STDP)
		}
		if !reflect.DeepEqual(a.Synapses, b.Synapses) {
			t.Errorf("connection %d (%s → %s): the synapses differ (%d vs %d)", k, a.Pre, a.Post, len(a.Synapses.W), len(b.Synapses.W))
		}
	}
	if sim2.T != sim.T || sim2.Dt != sim.Dt || sim2.Seed != sim.Seed || sim2.Name != sim.Name || !reflect.DeepEqual(sim2.Record, sim.Record) || !reflect.DeepEqual(sim2.IExt, sim.IExt) || net2.Seed != net.Seed {
		t.Errorf("the run came back as %+v, want %+v", sim2, sim)
	}
	r1, err := net.Simulate(sim)
	must(t, err)
	r2, err := net2.Simulate(sim2)
	must(t, err)
	for i := range r1.Pops {
		if !reflect.DeepEqual(r1.Pops[i].Spikes, r2.Pops[i].Spikes) {
			t.Errorf("population %q: %d spikes, %d after the round trip", r1.Pops[i].Name, len(r1.Pops[i].Spikes.T), len(r2.Pops[i].Spikes.T))
		}
	}
	total := 0
	for _, p := range r1.Pops {
		total += len(p.Spikes.T)
	}
	if total == 0 {
		t.Error("the zoo network did not spike: the spike comparison tests nothing")
	}
}

func comparePops(t *testing.T, a, b *pyn.Network) {
	t.Helper()
	pa, pb := a.Populations(), b.Populations()
	if len(pa) != len(pb) {
		t.Fatalf("%d populations came back as %d", len(pa), len(pb))
	}
	for i := range pa {
		x, err := pa[i].Describe()
		must(t, err)
		y, err := pb[i].Describe()
		must(t, err)
		if !reflect.DeepEqual(x, y) {
			t.Errorf("population %d came back different:\n%+v\n%+v", i, x, y)
		}
	}
}

// Export refuses what SONATA and PyNN cannot express, naming it.
func TestExportRefuses(t *testing.T) {
	lif := func() *pyn.Population {
		return pyn.NewLIF("lif", 3, pyn.LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65})
	}
	izh := func() *pyn.Population {
		return pyn.NewIzhikevich("izh", 3, pyn.IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65})
	}
	sim := pyn.Sim{T: 10, Dt: 0.25}
	cases := []struct {
		name  string
		build func() (*pyn.Network, pyn.Sim)
		want  string
	}{
		{"izhikevich alpha (pyN's default synapse)", func() (*pyn.Network, pyn.Sim) { return pyn.NewNetwork(izh()), sim }, `population "izh" (Izhikevich) receives Alpha synapses`},
		{"izhikevich class 1", func() (*pyn.Network, pyn.Sim) {
			p := pyn.NewIzhikevich("c1", 2, pyn.IzhikevichParams{A: 0.02, B: -0.1, C: -55, D: 6, Variant: pyn.IzhClass1})
			p.DisableRecurrent()
			return pyn.NewNetwork(p), sim
		}, `population "c1": Izhikevich variant 1`},
		{"LIF delta", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.SetRecurrent(pyn.Conn{Synapse: pyn.Synapse{Kind: pyn.Delta}})
			return pyn.NewNetwork(p), sim
		}, `population "lif" (LIF) receives Delta synapses`},
		{"two excitatory taus", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.DisableRecurrent()
			s := pyn.NewPoisson("s", 2, 10)
			n := pyn.NewNetwork(p, s)
			must(t, n.Connect("s", "lif", pyn.Conn{Rule: pyn.AllToAll, Synapse: pyn.Synapse{Kind: pyn.Exponential, Tau: 5}}))
			must(t, n.Connect("s", "lif", pyn.Conn{Rule: pyn.AllToAll, Synapse: pyn.Synapse{Kind: pyn.Exponential, Tau: 7}}))
			return n, sim
		}, `excitatory synapses with τ = 5 and 7 ms`},
		{"squid HH", func() (*pyn.Network, pyn.Sim) {
			p := pyn.NewHodgkinHuxley("squid", 2, pyn.HHSquidAxon)
			p.DisableRecurrent()
			return pyn.NewNetwork(p), sim
		}, `population "squid": Hodgkin–Huxley with the squid-axon kinetics`},
		{"noise stimulus", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.DisableRecurrent()
			s := sim
			s.IExt = map[string][]pyn.Stim{"lif": {{Amp: 1, Std: 2}}}
			return pyn.NewNetwork(p), s
		}, `Sim.IExt["lif"][0]: noise (Std = 2)`},
		{"probes", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.DisableRecurrent()
			s := sim
			s.Probes = []pyn.Probe{{Pop: "lif", Var: "v"}}
			return pyn.NewNetwork(p), s
		}, `Sim.Probes`},
		{"record psc", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.DisableRecurrent()
			s := sim
			s.Record = []string{"psc"}
			return pyn.NewNetwork(p), s
		}, `Sim.Record "psc"`},
		{"G0", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.SetRecurrent(pyn.Conn{Synapse: pyn.Synapse{Kind: pyn.CondExp, Tau: 5}, G0: []float64{1, 1, 1}})
			return pyn.NewNetwork(p), sim
		}, `initial conductance G0`},
		{"STDP on negative weights", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.SetRecurrent(pyn.Conn{Weight: pyn.Const(-1), Synapse: pyn.Synapse{Kind: pyn.Exponential}, STDP: &pyn.STDP{}})
			return pyn.NewNetwork(p), sim
		}, `STDP on synapse 0 of weight -1`},
		{"equation model", func() (*pyn.Network, pyn.Sim) {
			p, err := pyn.NewModel("eqlif", 2, pyn.LIFEquations(pyn.LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65}))
			must(t, err)
			p.DisableRecurrent()
			return pyn.NewNetwork(p), sim
		}, `population "eqlif" is an equation model (pyn.NewModel): there is no standard SONATA/PyNN equivalent`},
		{"equation synapse model", func() (*pyn.Network, pyn.Sim) {
			p := lif()
			p.DisableRecurrent()
			s := pyn.NewPoisson("s", 2, 10)
			n := pyn.NewNetwork(p, s)
			tm, err := pyn.NewSynapseModel(pyn.TsodyksMarkram(0.5, 800, 10))
			must(t, err)
			must(t, n.Connect("s", "lif", pyn.Conn{Rule: pyn.AllToAll, Synapse: pyn.Synapse{Kind: pyn.Exponential}, Model: tm}))
			return n, sim
		}, `connection "s" → "lif" has an equation synapse model (Conn.Model, variables x, u, w): there is no standard SONATA/PyNN equivalent`},
		{"slash in name", func() (*pyn.Network, pyn.Sim) {
			p := pyn.NewLIF("a/b", 2, pyn.LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65})
			p.DisableRecurrent()
			return pyn.NewNetwork(p), sim
		}, `population name "a/b"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			net, s := c.build()
			dir := filepath.Join(t.TempDir(), "out")
			err := Export(net, s, dir)
			if !errors.Is(err, ErrUnsupported) || !errors.Is(err, pyn.ErrBadInput) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Export: %v, want ErrUnsupported naming %q", err, c.want)
			}
			if _, serr := os.Stat(dir); !os.IsNotExist(serr) {
				t.Errorf("a refused export left %s behind", dir)
			}
		})
	}
}

// Export never overwrites, and a failed export leaves no temporary folder.
func TestExportNeverOverwrites(t *testing.T) {
	net, sim := zoo(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "c")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "keep"), []byte("x"), 0o644))
	if err := Export(net, sim, dir); !errors.Is(err, pyn.ErrBadInput) {
		t.Fatalf("Export into a non-empty folder: %v, want ErrBadInput", err)
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 {
		t.Errorf("the parent holds %d entries, want only the untouched folder", len(ents))
	}
	if err := Export(nil, sim, dir); !errors.Is(err, pyn.ErrNil) {
		t.Errorf("Export(nil): %v, want ErrNil", err)
	}
	if err := Export(net, pyn.Sim{}, filepath.Join(parent, "d")); !errors.Is(err, pyn.ErrBadInput) {
		t.Errorf("Export with T = 0: %v, want ErrBadInput", err)
	}
}
