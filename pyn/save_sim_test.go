package pyn_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pyn-go/pyn/pyn"
)

// TestSimSaveData runs the pyN README's second tutorial with SaveData
// set and checks that the saved folder loads back to the very result
// Simulate returned, and that ShowData draws it.
func TestSimSaveData(t *testing.T) {
	dir := t.TempDir()
	thal := pyn.NewIzhikevich("thalamus", 100, pyn.TonicSpiking)
	cortex := pyn.NewIzhikevich("cortex", 50, pyn.PhasicBursting)
	net := pyn.NewNetwork(thal, cortex)
	if err := net.Connect("thalamus", "cortex", pyn.Conn{}); err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("cortex", "thalamus", pyn.Conn{Delay: 2.25, Std: 0.25}); err != nil {
		t.Fatal(err)
	}
	res, err := net.Simulate(pyn.Sim{Name: "Reentrant thalamocortical circuit", T: 200, Dt: 0.25, SaveData: dir, KeepWeights: true,
		IExt:   map[string][]pyn.Stim{"thalamus": {{Start: 10, Stop: 200, Amp: 20, Neurons: []int{0}}, {Start: 50, Stop: 300, Amp: 30, Neurons: []int{0, 1, 2}}}},
		Record: []string{"v", "I_ext"}, Probes: []pyn.Probe{{Pop: "cortex", Var: "u", Neurons: []int{3, 7}, Every: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("SaveData made %d entries (%v), want one folder", len(ents), err)
	}
	got, err := pyn.Load(filepath.Join(dir, ents[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	// Conn options hold pointers and slices; compare the rest field by field.
	if got.Name != res.Name || got.T != res.T || got.Dt != res.Dt || got.Seed != res.Seed || got.STDP != res.STDP ||
		got.Wall != res.Wall || got.Complete != res.Complete || got.Start != res.Start {
		t.Errorf("header: got %+v", got)
	}
	if !reflect.DeepEqual(got.Pops, res.Pops) {
		t.Errorf("populations differ after Save/Load")
	}
	if len(got.Conns) != len(res.Conns) {
		t.Fatalf("%d connections loaded, %d saved", len(got.Conns), len(res.Conns))
	}
	for i := range got.Conns {
		g, w := got.Conns[i], res.Conns[i]
		if w.Weights == nil || !reflect.DeepEqual(g.Weights, w.Weights) {
			t.Errorf("connection %d: final weights %v not kept or not loaded back", i, w.Weights == nil)
		}
		if g.Pre != w.Pre || g.Post != w.Post || g.Rule != w.Rule || g.Synapses != w.Synapses || g.Plastic != w.Plastic ||
			g.Conn.Delay != w.Conn.Delay || g.Conn.Std != w.Conn.Std || g.Conn.Rule != w.Conn.Rule || (g.Conn.STDP == nil) != (w.Conn.STDP == nil) {
			t.Errorf("connection %d: got %+v, want %+v", i, g, w)
		}
	}
	if !reflect.DeepEqual(got.Stims, res.Stims) {
		t.Errorf("stimuli: got %+v, want %+v", got.Stims, res.Stims)
	}
	fig, err := pyn.ShowData(got)
	if err != nil {
		t.Fatal(err)
	}
	if fig.PNG() == nil {
		t.Fatal(fig.Err())
	}
}
