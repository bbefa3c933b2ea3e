package pyn

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pyn-go/pyn/internal/cell"
)

// thalamocortical is the pyN README's "Connecting Populations" network
// with noise, used by the determinism and continuation tests.
func thalamocortical(t *testing.T) (*Network, Sim) {
	thal := NewIzhikevich("thalamus", 100, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70})
	cortex := NewIzhikevich("cortex", 50, IzhikevichParams{A: 0.02, B: 0.25, C: -55, D: 0.05, V0: -70})
	net := NewNetwork(thal, cortex)
	if err := net.Connect("thalamus", "cortex", Conn{}); err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("cortex", "thalamus", Conn{Delay: 2.25, Std: 0.25, Inhibitory: true}); err != nil {
		t.Fatal(err)
	}
	return net, Sim{T: 100, Dt: 0.25, Seed: 7, Record: []string{"v", "I_ext"},
		IExt: map[string][]Stim{"thalamus": {{Amp: 5, Std: 3, Every: 1}}}}
}

func sameResult(t *testing.T, a, b *Result) {
	t.Helper()
	for i := range a.Pops {
		pa, pb := a.Pops[i], b.Pops[i]
		if len(pa.Spikes.T) != len(pb.Spikes.T) {
			t.Fatalf("%s: %d vs %d spikes", pa.Name, len(pa.Spikes.T), len(pb.Spikes.T))
		}
		for k := range pa.Spikes.T {
			if pa.Spikes.T[k] != pb.Spikes.T[k] || pa.Spikes.ID[k] != pb.Spikes.ID[k] {
				t.Fatalf("%s: spike %d differs", pa.Name, k)
			}
		}
		for k, tr := range pa.Traces {
			for m, x := range tr.Data {
				if math.Float64bits(x) != math.Float64bits(pb.Traces[k].Data[m]) {
					t.Fatalf("%s %s: sample %d differs", pa.Name, tr.Var, m)
				}
			}
		}
	}
}

// TestDeterminismGOMAXPROCS runs the same seeded network with GOMAXPROCS 1
// and 2 and compares every bit.
func TestDeterminismGOMAXPROCS(t *testing.T) {
	var res [2]*Result
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	for i, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		net, sim := thalamocortical(t)
		r, err := net.Simulate(sim)
		if err != nil {
			t.Fatal(err)
		}
		res[i] = r
	}
	if countSpikes(res[0]) == 0 {
		t.Fatal("no spikes: the test would prove nothing")
	}
	sameResult(t, res[0], res[1])
	// And another seed gives another run.
	net, sim := thalamocortical(t)
	sim.Seed = 8
	r, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if countSpikes(r) == countSpikes(res[0]) && r.Pops[0].Spikes.T[0] == res[0].Pops[0].Spikes.T[0] {
		t.Error("seed 8 gave the same spikes as seed 7")
	}
}

// TestContinuation checks that two runs of 100 ms equal one run of 200 ms
// (state, weights under STDP, delays in flight and noise streams carry
// over), and that Reset starts again from scratch.
func TestContinuation(t *testing.T) {
	netA, sim := thalamocortical(t)
	r1, err := netA.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := netA.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Start != 100 || netA.Time() != 200 {
		t.Fatalf("second run starts at %v, network time %v", r2.Start, netA.Time())
	}
	netB, long := thalamocortical(t)
	long.T = 200
	rl, err := netB.Simulate(long)
	if err != nil {
		t.Fatal(err)
	}
	// Concatenate the two halves and compare with the long run.
	for i := range rl.Pops {
		var ts []float64
		var ids []int32
		ts = append(append(ts, r1.Pops[i].Spikes.T...), r2.Pops[i].Spikes.T...)
		ids = append(append(ids, r1.Pops[i].Spikes.ID...), r2.Pops[i].Spikes.ID...)
		if len(ts) != len(rl.Pops[i].Spikes.T) {
			t.Fatalf("%s: %d spikes in two runs, %d in one", rl.Pops[i].Name, len(ts), len(rl.Pops[i].Spikes.T))
		}
		for k := range ts {
			if ts[k] != rl.Pops[i].Spikes.T[k] || ids[k] != rl.Pops[i].Spikes.ID[k] {
				t.Fatalf("%s: spike %d: (%v, %d) vs (%v, %d)", rl.Pops[i].Name, k, ts[k], ids[k], rl.Pops[i].Spikes.T[k], rl.Pops[i].Spikes.ID[k])
			}
		}
		v2 := r2.Pops[i].Trace("v")
		vl := rl.Pops[i].Trace("v")
		off := len(vl.T) - len(v2.T)
		for k := range v2.T {
			if v2.T[k] != vl.T[off+k] {
				t.Fatalf("trace times differ: %v vs %v", v2.T[k], vl.T[off+k])
			}
		}
		for m := range v2.Data {
			if v2.Data[m] != vl.Data[off*len(vl.Neurons)+m] {
				t.Fatalf("%s: v sample %d differs", rl.Pops[i].Name, m)
			}
		}
	}
	wa, _ := netA.Weights("thalamus", "thalamus")
	wb, _ := netB.Weights("thalamus", "thalamus")
	for k := range wa.W {
		if wa.W[k] != wb.W[k] {
			t.Fatalf("learned weight %d: %v vs %v", k, wa.W[k], wb.W[k])
		}
	}
	if countSpikes(rl) == 0 {
		t.Fatal("no spikes")
	}
	// Reset: a fresh run equals the first run.
	netA.Reset()
	if netA.Time() != 0 {
		t.Fatalf("time after Reset: %v", netA.Time())
	}
	r3, err := netA.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, r1, r3)
}

// TestCancellation checks that a cancelled context stops the run within a
// few steps and returns the partial result with the context's error.
func TestCancellation(t *testing.T) {
	net, sim := thalamocortical(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sim.Context = ctx
	res, err := net.Simulate(sim)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if res == nil || res.Complete || res.T <= 0 || res.T >= sim.T {
		t.Fatalf("partial result: %+v", res)
	}
	if tr := res.Pop("thalamus").Trace("v"); len(tr.T) != int(res.T/sim.Dt) {
		t.Errorf("trace has %d samples for %v ms", len(tr.T), res.T)
	}
	if net.Time() != res.T {
		t.Errorf("network time %v, want %v", net.Time(), res.T)
	}
	// The ambient context applies when Sim.Context is nil.
	cell.Set(cell.Env{Context: ctx})
	defer cell.Set(cell.Env{})
	sim.Context = nil
	if _, err := net.Simulate(sim); !errors.Is(err, context.Canceled) {
		t.Errorf("ambient context ignored: %v", err)
	}
	// Progress is called at the end of a complete run with Fraction 1.
	cell.Set(cell.Env{})
	var last Progress
	sim.Progress = func(p Progress) { last = p }
	if _, err := net.Simulate(sim); err != nil {
		t.Fatal(err)
	}
	if last.Fraction != 1 {
		t.Errorf("last progress %+v", last)
	}
}

// TestStimuli checks the stimulus rules: Start ≤ t ≤ Stop inclusive,
// overlapping stimuli add, Neurons selects, Series is held per sample,
// noise is held for Every ms, and I_ext records what was applied.
func TestStimuli(t *testing.T) {
	p := quiet("p", 3)
	net := NewNetwork(p)
	stims := []Stim{
		{Start: 1, Stop: 2, Amp: 1},              // all neurons, steps 4…8
		{Start: 1.5, Amp: 10, Neurons: []int{1}}, // to the end
		{Start: 0, Series: []float64{100, 200}, SeriesDt: 0.5, Neurons: []int{2}},
		{Start: 3, Stop: 4, Std: 1, Every: 1, Neurons: []int{0}},
	}
	res, err := net.Simulate(Sim{T: 5, Dt: 0.25, IExt: map[string][]Stim{"p": stims}, Record: []string{"I_ext"}})
	if err != nil {
		t.Fatal(err)
	}
	tr := trace(t, res, "p", "I_ext")
	var noise []float64
	for k, tk := range tr.T {
		want := [3]float64{}
		if tk >= 1 && tk <= 2 {
			want = [3]float64{1, 1, 1}
		}
		if tk >= 1.5 {
			want[1] += 10
		}
		if tk < 0.5 {
			want[2] += 100
		} else if tk < 1 {
			want[2] += 200
		}
		for i := 0; i < 3; i++ {
			got := tr.At(k, i)
			if i == 0 && tk >= 3 && tk <= 4 {
				noise = append(noise, got-want[0])
				continue
			}
			if got != want[i] {
				t.Errorf("t = %v neuron %d: I_ext = %v, want %v", tk, i, got, want[i])
			}
		}
	}
	// Noise from 3 to 4 ms inclusive: 5 steps, redrawn at 3 and 4 ms.
	if len(noise) != 5 || noise[0] != noise[3] || noise[0] == noise[4] || noise[0] == 0 {
		t.Errorf("held noise samples %v: want 4 equal values then a new one", noise)
	}
}

// TestProbes checks subset recording at an interval.
func TestProbes(t *testing.T) {
	net, sim := thalamocortical(t)
	sim.Record = nil
	sim.Probes = []Probe{{Pop: "cortex", Var: "u", Neurons: []int{3, 7}, Every: 1}}
	res, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	tr := trace(t, res, "cortex", "u")
	if len(tr.T) != 100 || len(tr.Data) != 200 || tr.T[1] != 1 || tr.Neurons[1] != 7 {
		t.Errorf("probe trace: %d times, %d samples, T[1] = %v, neurons %v", len(tr.T), len(tr.Data), tr.T[1], tr.Neurons)
	}
}

// TestDivergenceStopsRun checks that a model error (Hodgkin–Huxley blowing
// up at a far too large step) stops Simulate with the partial result and
// an error naming the population, the step and the time.
func TestDivergenceStopsRun(t *testing.T) {
	net := NewNetwork(NewHodgkinHuxley("axon", 2, HHSquidAxon))
	res, err := net.Simulate(Sim{T: 500, Dt: 5, IExt: map[string][]Stim{"axon": {{Amp: 200}}}})
	if err == nil {
		t.Fatal("no error at dt = 5 ms")
	}
	for _, want := range []string{`pyn: population "axon": step `, "dt = 5 ms", "dt"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if res == nil || res.Complete || res.T >= 500 {
		t.Errorf("want a partial result, got %+v", res)
	}
}

// TestNoAllocationsPerStep checks that the loop allocates nothing per
// step: a run four times longer costs no more allocations (the Result's
// slices are allocated once per run, spikes at the previous run's rate).
func TestNoAllocationsPerStep(t *testing.T) {
	net, sim := izhNetwork(t, 1000, 0, true, 100)
	sim.Probes = []Probe{{Pop: "exc", Var: "v", Neurons: []int{1, 2}}}
	run := func(T float64) float64 {
		sim.T = T
		net.Reset()
		if _, err := net.Simulate(sim); err != nil { // warm-up: builds, learns the spike rate
			t.Fatal(err)
		}
		return testing.AllocsPerRun(3, func() {
			net.Reset()
			if _, err := net.Simulate(sim); err != nil {
				t.Fatal(err)
			}
		})
	}
	short, long := run(100), run(400)
	if long-short > 4 {
		t.Errorf("%v allocations for 400 steps, %v for 1600: the loop allocates per step", short, long)
	}
}

// TestRecordingDoesNotChangeResults runs a network with overlapping
// stimuli with and without recording I_ext, I_syn and psc: the spikes
// must be the same, bit for bit.
func TestRecordingDoesNotChangeResults(t *testing.T) {
	run := func(rec []string) *Result {
		net, sim := thalamocortical(t)
		sim.Record = rec
		sim.IExt["thalamus"] = append(sim.IExt["thalamus"], Stim{Amp: 0.3}, Stim{Start: 20, Std: 1.3, Every: 0.5})
		sim.IExt["cortex"] = []Stim{{Amp: 0.1}}
		res, err := net.Simulate(sim)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(nil), run([]string{"I_ext", "I_syn", "psc", "v"})
	for i := range a.Pops {
		sa, sb := a.Pops[i].Spikes, b.Pops[i].Spikes
		if len(sa.T) != len(sb.T) {
			t.Fatalf("%s: %d spikes without recording, %d with", a.Pops[i].Name, len(sa.T), len(sb.T))
		}
		for k := range sa.T {
			if sa.T[k] != sb.T[k] || sa.ID[k] != sb.ID[k] {
				t.Fatalf("%s: spike %d differs", a.Pops[i].Name, k)
			}
		}
	}
}

// TestSaveData checks that Sim.SaveData saves the experiment (through
// Save) and that Load reads back the spikes.
func TestSaveData(t *testing.T) {
	net, sim := thalamocortical(t)
	sim.SaveData = t.TempDir()
	res, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(sim.SaveData)
	if err != nil || len(entries) != 1 {
		t.Fatalf("SaveData folder holds %v (%v), want one experiment", entries, err)
	}
	back, err := Load(filepath.Join(sim.SaveData, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countSpikes(back), countSpikes(res); got != want || want == 0 {
		t.Errorf("loaded %d spikes, simulated %d", got, want)
	}
}

// A nil *Network is a user mistake that must come back as an error, not a panic.
func TestSimulateNilNetwork(t *testing.T) {
	var n *Network
	res, err := n.Simulate(Sim{T: 10})
	if err == nil || res != nil || !strings.Contains(err.Error(), "nil") {
		t.Fatalf("Simulate on a nil network: %v, %v; want an error naming the nil network", res, err)
	}
}

// More steps than a float64 counts exactly is refused, not run as zero steps.
func TestSimulateTooManySteps(t *testing.T) {
	n := NewNetwork(NewIzhikevich("x", 1, TonicSpiking))
	if _, err := n.Simulate(Sim{T: 1e6, Dt: 1e-300}); err == nil || !strings.Contains(err.Error(), "2⁵³") {
		t.Fatalf("got %v, want an error about the step count", err)
	}
	var nilNet *Network
	nilNet.Reset()
	if nilNet.Time() != 0 || nilNet.Connections() != nil {
		t.Error("nil network: Time or Connections not zero")
	}
	if _, _, err := nilNet.SynapseBytes(); err == nil {
		t.Error("nil network: SynapseBytes gave no error")
	}
}
