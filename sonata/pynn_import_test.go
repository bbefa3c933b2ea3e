package sonata

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pyn-go/pyn/pyn"
)

// PyNN's own export_to_sonata writes a circuit (IF_cond_exp neurons,
// Poisson sources, static excitatory and inhibitory projections); Import
// reads it with PyNN's units converted back (nF → pF, µS → nS) and every
// connection's synapses.
func TestImportPyNNExport(t *testing.T) {
	needPyNN(t)
	dir := filepath.Join(t.TempDir(), "pynn")
	script := `
import json, sys
import numpy as np
import pyNN.neuron as sim
from pyNN.network import Network
from pyNN.random import NumpyRNG
from pyNN.serialization import export_to_sonata
sim.setup(timestep=0.1)
exc = sim.Population(20, sim.IF_cond_exp(tau_m=15.0, cm=0.25, tau_syn_I=10.0, e_rev_I=-80.0), label="exc")
src = sim.Population(10, sim.SpikeSourcePoisson(rate=12.0), label="src")
rng = NumpyRNG(seed=5)
p1 = sim.Projection(src, exc, sim.FixedProbabilityConnector(0.3, rng=rng), sim.StaticSynapse(weight=0.004, delay=1.5), receptor_type="excitatory", label="src-exc")
p2 = sim.Projection(exc, exc, sim.FixedProbabilityConnector(0.2, rng=rng), sim.StaticSynapse(weight=0.05, delay=2.0), receptor_type="inhibitory", label="exc-exc")
net = Network(exc, src, p1, p2)
export_to_sonata(net, sys.argv[1], overwrite=True)
print("PYNN " + json.dumps({"src-exc": p1.size(), "exc-exc": p2.size()}))
`
	out, err := exec.Command(python, "-c", script, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("PyNN's export_to_sonata: %v\n%s", err, lastLines(string(out), 20))
	}
	var sizes map[string]int
	for _, line := range splitLines(string(out)) {
		if len(line) > 5 && line[:5] == "PYNN " {
			must(t, json.Unmarshal([]byte(line[5:]), &sizes))
		}
	}
	net, _, err := Import(dir)
	if err != nil {
		t.Fatal(err)
	}
	exc := net.Population("exc")
	if exc == nil || exc.Model() != "LIF" || exc.N != 20 {
		t.Fatalf("exc came back as %+v", exc)
	}
	// cm = 0.25 nF is 250 pF (see doc.go's table).
	if c, _ := exc.Param("C"); math.Abs(c[0]-250) > 1e-9 {
		t.Errorf("C = %v pF, want 250", c[0])
	}
	if tm, _ := exc.Param("TauM"); tm[0] != 15 {
		t.Errorf("TauM = %v ms, want 15", tm[0])
	}
	if src := net.Population("src"); src == nil || src.Model() != "Poisson" {
		t.Fatalf("src came back as %+v", src)
	} else if r, _ := src.Param("rate"); r[0] != 12 {
		t.Errorf("rate = %v Hz, want 12", r[0])
	}
	cs, err := net.Describe(0.1)
	must(t, err)
	if len(cs) != 2 {
		t.Fatalf("%d connections, want 2", len(cs))
	}
	want := map[string]struct {
		n       int
		w, d, e float64
		tau     float64
	}{
		"src": {sizes["src-exc"], 4, 1.5, 0, 5},   // 0.004 µS = 4 nS onto e_rev_E = 0 mV, τ_syn_E = 5 ms (PyNN's default)
		"exc": {sizes["exc-exc"], 50, 2, -80, 10}, // 0.05 µS = 50 nS onto e_rev_I = −80 mV, τ_syn_I = 10 ms
	}
	for _, c := range cs {
		w := want[c.Pre]
		if len(c.Synapses.W) != w.n || w.n == 0 {
			t.Errorf("%s → %s: %d synapses, PyNN made %d", c.Pre, c.Post, len(c.Synapses.W), w.n)
			continue
		}
		if c.Synapse.Kind != pyn.CondExp || c.Synapse.E != w.e || c.Synapse.Tau != w.tau {
			t.Errorf("%s → %s: synapse %+v, want CondExp τ = %v, E = %v", c.Pre, c.Post, c.Synapse, w.tau, w.e)
		}
		if math.Abs(c.Synapses.W[0]-w.w) > 1e-5 || math.Abs(c.Synapses.Delay[0]-w.d) > 1e-9 {
			t.Errorf("%s → %s: weight %v nS, delay %v ms, want %v and %v", c.Pre, c.Post, c.Synapses.W[0], c.Synapses.Delay[0], w.w, w.d)
		}
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
