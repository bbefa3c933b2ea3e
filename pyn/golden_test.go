package pyn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/workloads.sha256 from this build")

// hashResult is a SHA-256 over every spike (time and neuron) and every
// recorded sample of r, in population and trace order, as IEEE bits: two
// runs hash equal exactly when their results are bit-identical.
func hashResult(r *Result) string {
	h := sha256.New()
	var b [8]byte
	f := func(x float64) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	for _, p := range r.Pops {
		fmt.Fprintf(h, "pop %s %d\n", p.Name, p.N)
		for i, t := range p.Spikes.T {
			f(t)
			f(float64(p.Spikes.ID[i]))
		}
		for _, tr := range p.Traces {
			fmt.Fprintf(h, "trace %s %v\n", tr.Var, tr.Neurons)
			for _, x := range tr.T {
				f(x)
			}
			for _, x := range tr.Data {
				f(x)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestGoldenWorkloads runs the benchmark workloads, each once on the
// fast path (nothing recorded but spikes) and once recording state and
// input, which takes the general input path, and compares the hash of
// every spike and sample with testdata/workloads.sha256. Refactoring must
// leave these bit-identical; a deliberate change of numerics regenerates
// the file with -update-golden and says why in its commit.
func TestGoldenWorkloads(t *testing.T) {
	type workload struct {
		name  string
		heavy bool
		build func(testing.TB) (*Network, Sim)
	}
	izh := func(n int, k float64, stdp bool, T float64) func(testing.TB) (*Network, Sim) {
		return func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, n, k, stdp, T) }
	}
	coba := func(hh bool, li LIFIntegrator, T float64) func(testing.TB) (*Network, Sim) {
		return func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, hh, li, T) }
	}
	workloads := []workload{
		{"Izh1000", false, izh(1000, 0, false, 250)},
		{"Izh1000STDP", false, izh(1000, 0, true, 250)},
		{"Sparse100k", true, izh(100000, 100, false, 20)},
		{"COBA", false, coba(false, LIFEuler, 100)},
		{"COBAExact", false, coba(false, LIFExact, 100)},
		{"COBAHH", true, coba(true, LIFExact, 50)},
	}
	got := map[string]string{}
	for _, w := range workloads {
		for _, rec := range []bool{false, true} {
			name := w.name
			if rec {
				name += "/recorded"
			}
			t.Run(name, func(t *testing.T) {
				if testing.Short() && w.heavy {
					t.Skip("heavy workload skipped in -short mode")
				}
				net, sim := w.build(t)
				if rec {
					for _, p := range net.Populations() {
						sim.Probes = append(sim.Probes,
							Probe{Pop: p.Name, Var: "v", Neurons: []int{0, 1, p.N / 2, p.N - 1}},
							Probe{Pop: p.Name, Var: "I_syn", Neurons: []int{0, p.N - 1}, Every: 1})
					}
					if sim.IExt != nil {
						sim.Probes = append(sim.Probes, Probe{Pop: "exc", Var: "I_ext", Neurons: []int{3}})
					}
				}
				res, err := net.Simulate(sim)
				if err != nil {
					t.Fatal(err)
				}
				got[name] = hashResult(res)
			})
		}
	}
	checkHashes(t, filepath.Join("testdata", "workloads.sha256"), got)
}

// checkHashes compares got (name → hash) with the golden file at path, one
// "hash  name" line per entry, or rewrites the file under -update-golden.
// Every hash got must have a golden one; a golden entry got lacks (a heavy
// case skipped under -short) is not checked.
func checkHashes(t *testing.T, path string, got map[string]string) {
	t.Helper()
	if *updateGolden {
		var lines []string
		for k, v := range got {
			lines = append(lines, v+"  "+k)
		}
		sort.Strings(lines)
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if h, k, ok := strings.Cut(line, "  "); ok {
			want[k] = h
		}
	}
	for k, h := range got {
		if want[k] == "" {
			t.Errorf("%s: no golden hash (run with -update-golden)", k)
		} else if want[k] != h {
			t.Errorf("%s: results changed: hash %s, golden %s", k, h[:12], want[k][:12])
		}
	}
}
