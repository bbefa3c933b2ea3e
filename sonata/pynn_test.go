package sonata

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyn-go/pyn/pyn"
)

// The real run: circuits exported by pyn run with PyNN's own SONATA reader
// on NEURON under MPI (two ranks), and their counts and rates are compared
// with pyn's own runs. It needs /usr/bin/python3 with PyNN, NEURON (its
// mechanisms compiled, see .ci/neuron-mechanisms), h5py, mpi4py and
// Open MPI's mpirun; under CI=true a missing tool fails the test.

const python = "/usr/bin/python3"

func needPyNN(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("the real PyNN/NEURON run is skipped in -short mode")
	}
	why := ""
	if _, err := exec.LookPath("mpirun"); err != nil {
		why = "mpirun (Open MPI) is not installed"
	} else if out, err := exec.Command(python, "-c", "import h5py, mpi4py, neuron, pyNN.neuron").CombinedOutput(); err != nil {
		why = fmt.Sprintf("%s cannot import h5py, mpi4py, neuron and pyNN.neuron: %v\n%s", python, err, lastLines(string(out), 5))
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI: %s (.ci/run installs python3-pynn, python3-neuron, neuron-dev, python3-mpi4py, openmpi-bin and runs .ci/neuron-mechanisms)", why)
	}
	t.Skip(why)
}

func lastLines(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// pynnSummary is the line run_pynn.py prints.
type pynnSummary struct {
	Engine      string  `json:"engine"`
	Ranks       int     `json:"ranks"`
	BuildS      float64 `json:"build_s"`
	RunS        float64 `json:"run_s"`
	Synapses    int     `json:"synapses"`
	Populations map[string]struct {
		N      int `json:"n"`
		Spikes int `json:"spikes"`
	} `json:"populations"`
}

// runPyNN runs an exported circuit with PyNN on NEURON on ranks MPI ranks.
func runPyNN(t *testing.T, dir string, ranks int) pynnSummary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := []string{"--allow-run-as-root", "--oversubscribe", "-np", fmt.Sprint(ranks), python, runnerFile, "neuron"}
	cmd := exec.CommandContext(ctx, "mpirun", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OMPI_MCA_rmaps_base_oversubscribe=1", "OMPI_MCA_btl_vader_single_copy_mechanism=none")
	// The summary is read from standard output alone, and only its first
	// JSON value: mpirun forwards every rank's output, and another rank's
	// text (a warning, say) can land on the same line.
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("mpirun %s (in %s): %v\n%s\n%s", strings.Join(args, " "), dir, err, lastLines(out.String(), 30), lastLines(errOut.String(), 30))
	}
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	const mark = "PYN-SONATA-SUMMARY "
	for sc.Scan() {
		if i := strings.Index(sc.Text(), mark); i >= 0 {
			var s pynnSummary
			if err := json.NewDecoder(strings.NewReader(sc.Text()[i+len(mark):])).Decode(&s); err != nil {
				t.Fatalf("run_pynn.py's summary: %v\n%s", err, sc.Text())
			}
			return s
		}
	}
	t.Fatalf("run_pynn.py printed no summary:\n%s\n%s", lastLines(out.String(), 30), lastLines(errOut.String(), 30))
	return pynnSummary{}
}

// pynRates runs net with each seed and returns per-population spike
// counts (mean over seeds) and their spread (max − min).
func pynRates(t *testing.T, build func() (*pyn.Network, pyn.Sim), seeds []uint64) (mean, spread map[string]float64, wall time.Duration) {
	t.Helper()
	mean, spread = map[string]float64{}, map[string]float64{}
	lo, hi := map[string]float64{}, map[string]float64{}
	for k, s := range seeds {
		net, sim := build()
		sim.Seed = s
		start := time.Now()
		r, err := net.Simulate(sim)
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			wall = time.Since(start)
		}
		for _, p := range r.Pops {
			c := float64(len(p.Spikes.T))
			mean[p.Name] += c / float64(len(seeds))
			if k == 0 || c < lo[p.Name] {
				lo[p.Name] = c
			}
			if k == 0 || c > hi[p.Name] {
				hi[p.Name] = c
			}
		}
	}
	for name := range mean {
		spread[name] = hi[name] - lo[name]
	}
	return mean, spread, wall
}

// thalamocortical is notebooks/03's loop in the form PyNN can run:
// PyNN's Izhikevich cell takes delta synapses only (a spike of weight w
// moves v by w mV), so the connections use pyn.Delta instead of pyN's
// alpha current (weights U[0,2) mV thalamus → cortex, U[0,1) elsewhere),
// and plasticity is off (PyNN's SONATA reader cannot build
// an STDPMechanism; see docs/scale.md).
func thalamocortical() (*pyn.Network, pyn.Sim) {
	thalamus := pyn.NewIzhikevich("thalamus", 100, pyn.IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70})
	cortex := pyn.NewIzhikevich("cortex", 50, pyn.IzhikevichParams{A: 0.02, B: 0.25, C: -55, D: 0.05, V0: -64})
	// The notebook's one-step delays (0.25 ms) are kept in ms at the finer
	// step below: NEURON under MPI refuses a delay equal to dt.
	delta := pyn.Synapse{Kind: pyn.Delta}
	thalamus.SetRecurrent(pyn.Conn{Synapse: delta, Delay: 0.25})
	cortex.SetRecurrent(pyn.Conn{Synapse: delta, Delay: 0.25})
	net := pyn.NewNetwork(thalamus, cortex)
	net.Seed = 3
	if err := net.Connect("thalamus", "cortex", pyn.Conn{Synapse: delta, Weight: pyn.Uniform(0, 2), Delay: 0.25}); err != nil {
		panic(err)
	}
	if err := net.Connect("cortex", "thalamus", pyn.Conn{Synapse: delta, Delay: 2.25, Std: 0.25}); err != nil {
		panic(err)
	}
	stim := []pyn.Stim{
		{Start: 10, Stop: 200, Amp: 20, Neurons: []int{0}},
		{Start: 50, Stop: 300, Amp: 30, Neurons: []int{0, 1, 2}},
	}
	// dt = 0.025 ms, not the notebook's 0.25: forward Euler (pyn, as
	// Izhikevich's published code) and NEURON's implicit step disagree
	// at 0.25 ms (cortex 496 vs 166 spikes) and converge together below
	// 0.1 ms (799 vs 852 at 0.025 ms); and under MPI NEURON refuses a
	// shortest delay equal to dt = 0.25 ms (docs/scale.md).
	return net, pyn.Sim{Name: "thalamocortical", T: 600, Dt: 0.025, NoSTDP: true,
		IExt: map[string][]pyn.Stim{"thalamus": stim, "cortex": {{Start: 300, Stop: 400, Amp: 10, Neurons: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}}}}
}

// coba is a 2000-neuron conductance-based LIF network after Brette et al.
// (2007)'s COBA benchmark (80 % excitatory, τe = 5 ms, τi = 10 ms, Ee =
// 0 mV, Ei = −80 mV, gL = 10 nS, τm = 20 ms, Vth = −50, reset −60 mV,
// 5 ms refractory), driven by Poisson sources instead of the benchmark's
// random initial conductances (G0 has no SONATA equivalent).
func coba() (*pyn.Network, pyn.Sim) {
	lif := pyn.LIFParams{C: 200, TauM: 20, EL: -60, VTh: -50, VReset: -60, TRef: 5}
	exc := pyn.NewLIF("exc", 1600, lif)
	inh := pyn.NewLIF("inh", 400, lif)
	ext := pyn.NewPoisson("ext", 400, 10)
	net := pyn.NewNetwork(exc, inh, ext)
	net.Seed = 11
	off := &pyn.STDP{Off: true}
	e := pyn.Synapse{Kind: pyn.CondExp, Tau: 5, E: 0}
	i := pyn.Synapse{Kind: pyn.CondExp, Tau: 10, E: -80}
	for _, c := range []struct {
		pre, post string
		p, w      float64
		syn       pyn.Synapse
	}{
		{"exc", "exc", 0.02, 3, e}, {"exc", "inh", 0.02, 3, e},
		{"inh", "exc", 0.02, 40, i}, {"inh", "inh", 0.02, 40, i},
		{"ext", "exc", 0.05, 3, e}, {"ext", "inh", 0.05, 3, e},
	} {
		if err := net.Connect(c.pre, c.post, pyn.Conn{P: c.p, Weight: pyn.Const(c.w), Synapse: c.syn, Delay: 1, STDP: off}); err != nil {
			panic(err)
		}
	}
	return net, pyn.Sim{Name: "coba-2000", T: 500, Dt: 0.1, NoSTDP: true}
}

// single neurons under a constant current: no randomness anywhere.
func singleLIF() (*pyn.Network, pyn.Sim) {
	p := pyn.NewLIF("lif", 1, pyn.LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -65, TRef: 2})
	return pyn.NewNetwork(p), pyn.Sim{Name: "lif", T: 500, Dt: 0.1, IExt: map[string][]pyn.Stim{"lif": {{Start: 0, Stop: 500, Amp: 600}}}}
}

func singleIzh() (*pyn.Network, pyn.Sim) {
	p := pyn.NewIzhikevich("izh", 1, pyn.IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70})
	return pyn.NewNetwork(p), pyn.Sim{Name: "izh", T: 500, Dt: 0.1, IExt: map[string][]pyn.Stim{"izh": {{Start: 0, Stop: 500, Amp: 14}}}}
}

func TestPyNNOnNEURON(t *testing.T) {
	needPyNN(t)
	cases := []struct {
		name  string
		build func() (*pyn.Network, pyn.Sim)
		exact bool // deterministic: identical spike counts required
	}{
		{"single LIF", singleLIF, true},
		{"single Izhikevich", singleIzh, true},
		{"thalamocortical", thalamocortical, false},
		{"COBA 2000", coba, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			net, sim := c.build()
			dir := filepath.Join(t.TempDir(), "circuit")
			start := time.Now()
			if err := Export(net, sim, dir); err != nil {
				t.Fatal(err)
			}
			exportTime := time.Since(start)
			conns, err := net.Describe(sim.Dt)
			if err != nil {
				t.Fatal(err)
			}
			nsyn := 0
			for _, cn := range conns {
				nsyn += len(cn.Synapses.W)
			}
			seeds := []uint64{1, 2, 3}
			mean, spread, wall := pynRates(t, c.build, seeds)
			s := runPyNN(t, dir, 2)
			t.Logf("%s: %d synapses, export %v; pyn run %v; NEURON (2 ranks) build %.2f s, run %.2f s", c.name, nsyn, exportTime, wall, s.BuildS, s.RunS)
			if s.Ranks != 2 {
				t.Errorf("PyNN ran on %d ranks, want 2", s.Ranks)
			}
			if s.Synapses != nsyn {
				t.Errorf("PyNN built %d synapses, pyn has %d", s.Synapses, nsyn)
			}
			for _, p := range net.Populations() {
				got, ok := s.Populations[p.Name]
				if !ok {
					t.Errorf("PyNN has no population %q", p.Name)
					continue
				}
				if got.N != p.N {
					t.Errorf("population %q: PyNN has %d neurons, pyn %d", p.Name, got.N, p.N)
				}
				if p.Model() == "Poisson" || p.Model() == "SpikeSource" {
					continue // PyNN's plan does not record sources
				}
				want := mean[p.Name]
				t.Logf("  %-9s pyn %6.1f spikes (spread %4.0f over seeds %v), NEURON %6d", p.Name, want, spread[p.Name], seeds, got.Spikes)
				if c.exact {
					if float64(got.Spikes) != want {
						t.Errorf("population %q: NEURON fired %d spikes, pyn %v (deterministic case: want identical counts)", p.Name, got.Spikes, want)
					}
					continue
				}
				tol := math.Max(0.1*want, spread[p.Name])
				if math.Abs(float64(got.Spikes)-want) > tol {
					t.Errorf("population %q: NEURON fired %d spikes, pyn %.1f ± %.1f (10 %% or pyn's spread across seeds)", p.Name, got.Spikes, want, tol)
				}
			}
		})
	}
}
