package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exportScript = `lif := pyn.NewLIF("lif", 2, pyn.LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65, TRef: 2})
brain := pyn.NewNetwork(lif)
run := pyn.Sim{T: 100, Dt: 0.1, IExt: map[string][]pyn.Stim{"lif": {{Amp: 600}}}}
fmt.Println("built")
`

// pyn export runs the script, then exports the network and run named by
// --net and --sim; a missing name or a refused network fails with the reason.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "net.go")
	if err := os.WriteFile(script, []byte(exportScript), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runPyn(t, dir, "export", "--sonata", "circuit", "--net", "brain", "--sim", "run", script)
	if r.code != 0 {
		t.Fatalf("pyn export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, f := range []string{"circuit_config.json", "simulation_config.json", "network/nodes.h5", "run_pynn.py"} {
		if _, err := os.Stat(filepath.Join(dir, "circuit", f)); err != nil {
			t.Errorf("the export lacks %s: %v", f, err)
		}
	}
	if !strings.Contains(r.stderr, "built") || !strings.Contains(r.stdout, "mpirun") {
		t.Errorf("stdout %q, stderr %q: want the script's output on stderr and the run command on stdout", r.stdout, r.stderr)
	}
	// The defaults name net and sim, which this script does not define.
	r = runPyn(t, dir, "export", "--sonata", "other", script)
	if r.code == 0 || !strings.Contains(r.stderr, "--net") {
		t.Errorf("export without --net: exit %d, stderr %q; want a failure naming --net", r.code, r.stderr)
	}
	// A network SONATA cannot express is refused, and nothing is written.
	bad := filepath.Join(dir, "bad.go")
	if err := os.WriteFile(bad, []byte(`net := pyn.NewNetwork(pyn.NewIzhikevich("izh", 5, pyn.IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65}))
sim := pyn.Sim{T: 10}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runPyn(t, dir, "export", "--sonata", "refused", bad)
	if r.code == 0 || !strings.Contains(r.stderr, "Alpha synapses") {
		t.Errorf("exporting Izhikevich with alpha synapses: exit %d, stderr %q; want a refusal", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "refused")); !os.IsNotExist(err) {
		t.Errorf("a refused export left a folder: %v", err)
	}
	// An equation model has no standard equivalent: refused by name.
	eq := filepath.Join(dir, "eq.go")
	if err := os.WriteFile(eq, []byte(`qif, err := pyn.NewModel("qif", 3, pyn.QIFEquations(10, 0.04, -65, -50, 30, -70, 1))
if err != nil { panic(err) }
qif.DisableRecurrent()
net := pyn.NewNetwork(qif)
sim := pyn.Sim{T: 10}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runPyn(t, dir, "export", "--sonata", "eqrefused", eq)
	if r.code == 0 || !strings.Contains(r.stderr, `population "qif" is an equation model`) || !strings.Contains(r.stderr, "no standard SONATA/PyNN equivalent") {
		t.Errorf("exporting an equation model: exit %d, stderr %q; want a refusal naming the population", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "eqrefused")); !os.IsNotExist(err) {
		t.Errorf("a refused export left a folder: %v", err)
	}
}
