package pyn

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestThreadsBitIdentical runs every benchmark workload at 1, 2, 3 and 7
// threads, recording V traces and spikes, and requires the hash of all
// spikes and samples to be the same for every thread count (threads.go:
// neuron ranges joined in range order, delivery by target range, noise
// from per-block streams). Sparse100k (heavy) is the one whose noise and
// delivery are split at the default thresholds; TestThreadsIzhikevich
// lowers them to split smaller networks.
func TestThreadsBitIdentical(t *testing.T) {
	for _, w := range []struct {
		name  string
		heavy bool
		build func(testing.TB) (*Network, Sim)
	}{
		{"Izh1000", false, func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 1000, 0, false, 100) }},
		{"Sparse100k", true, func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 100000, 100, false, 10) }},
		{"COBA", false, func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, false, LIFEuler, 100) }},
		{"COBAExact", false, func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, false, LIFExact, 50) }},
		{"COBAHH", false, func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, true, LIFExact, 30) }},
	} {
		t.Run(w.name, func(t *testing.T) {
			if testing.Short() && w.heavy {
				t.Skip("heavy workload skipped in -short mode")
			}
			var want string
			for _, k := range []int{1, 2, 3, 7} {
				net, sim := w.build(t)
				sim.Threads = k
				for _, p := range net.Populations() {
					sim.Probes = append(sim.Probes, Probe{Pop: p.Name, Var: "v", Neurons: []int{0, 1, p.N / 2, p.N - 1}})
				}
				res, err := net.Simulate(sim)
				if err != nil {
					t.Fatal(err)
				}
				h := hashResult(res)
				if k == 1 {
					want = h
				} else if h != want {
					t.Errorf("threads = %d: hash %s, threads = 1: %s", k, h[:12], want[:12])
				}
			}
		})
	}
}

// TestThreadsNoStepAllocs checks that a parallel run allocates nothing
// per step: a run ten times longer makes no more allocations (beyond the
// room for its extra spikes, reserved once). The cases split HH steps,
// and Izhikevich steps with noise drawn in the ranges and delivery by
// target range.
func TestThreadsNoStepAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's runtime allocates now and then: counts would be noise")
	}
	splitSmall(t)
	for _, w := range []struct {
		name  string
		dt    float64
		build func(testing.TB) (*Network, Sim)
	}{
		{"COBAHH", 0.1, func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, true, LIFExact, 10) }},
		{"Sparse20k", 0.25, func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 20000, 100, false, 10) }},
		{"Delays6000", 0.25, izhDelayNetwork},
	} {
		t.Run(w.name, func(t *testing.T) {
			net, sim := w.build(t)
			sim.Threads = 2
			if _, err := net.Simulate(sim); err != nil {
				t.Fatal(err)
			}
			allocs := func(steps float64) float64 {
				s := sim
				s.T = steps * w.dt
				return testing.AllocsPerRun(3, func() {
					net.Reset()
					if _, err := net.Simulate(s); err != nil {
						t.Fatal(err)
					}
				})
			}
			short, long := allocs(20), allocs(200)
			if long > short+4 {
				t.Errorf("%v allocations for 200 steps, %v for 20: the step loop allocates", long, short)
			}
		})
	}
}

// TestThreadsInterrupt cancels parallel COBAHH and Sparse-like
// Izhikevich runs and requires each to stop at the engine's next check (it
// looks every 16 steps, whatever the thread count: 16 COBAHH steps take
// about 1 ms of CPU, 16 steps of a 100 000-neuron Izhikevich network
// about 4 ms, far under the 50 ms an interrupt may take; the bound is in
// steps so that a loaded machine cannot fail the test), with a partial
// result and the workers gone.
func TestThreadsInterrupt(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, w := range []struct {
		name  string
		dt    float64
		build func(testing.TB) (*Network, Sim)
	}{
		{"COBAHH", 0.1, func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, true, LIFExact, 1e6) }},
		{"Sparse20k", 0.25, func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 20000, 100, false, 1e6) }},
	} {
		for _, k := range []int{1, 2, 3, 7} {
			net, sim := w.build(t)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			sim.Context, sim.Threads = ctx, k
			res, err := net.Simulate(sim)
			if err == nil || res == nil || res.Complete {
				t.Fatalf("%s, threads = %d: err = %v, want the context's error and a partial result", w.name, k, err)
			}
			if steps := res.T / w.dt; steps > 16.5 {
				t.Errorf("%s, threads = %d: %v steps ran after the cancel, want ≤ 16", w.name, k, steps)
			}
		}
	}
	for i := 0; i < 100 && runtime.NumGoroutine() > base; i++ {
		time.Sleep(time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > base {
		t.Errorf("%d goroutines after the runs, %d before: workers left running", g, base)
	}
}

// TestThreadsBadInput refuses a negative or absurd thread count.
func TestThreadsBadInput(t *testing.T) {
	for _, k := range []int{-1, maxThreads + 1} {
		net, sim := cobaNetwork(t, false, LIFEuler, 1)
		sim.Threads = k
		if _, err := net.Simulate(sim); err == nil {
			t.Errorf("Threads = %d accepted", k)
		}
	}
}

// izhDelayNetwork is a 6000-neuron Izhikevich network (three noise
// blocks) whose synapses have jittered delays (Conn.Std, delay groups) and
// include a FromArrays connection listed in random order (rows not sorted
// by target), with noise 5·N(0,1) redrawn every 0.5 ms.
func izhDelayNetwork(tb testing.TB) (*Network, Sim) {
	const n = 6000
	p := NewIzhikevich("p", n, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65})
	net := NewNetwork(p)
	if err := net.Connect("p", "p", Conn{Rule: FixedProb, P: 30.0 / n, Scale: 0.5, Delay: 2, Std: 0.7, Synapse: Synapse{Kind: Delta}}); err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	pre, post := make([]int, 40*n), make([]int, 40*n)
	for k := range pre {
		pre[k], post[k] = rng.IntN(n), rng.IntN(n)
	}
	if err := net.Connect("p", "p", Conn{Rule: FromArrays, Pre: pre, Post: post, Scale: 0.3, Inhibitory: true, Synapse: Synapse{Kind: Delta}}); err != nil {
		tb.Fatal(err)
	}
	return net, Sim{T: 40, Dt: 0.25, Seed: 4, NoSTDP: true,
		IExt: map[string][]Stim{"p": {{Std: 5, Every: 0.5}}}}
}

// TestThreadsIzhikevich runs Izhikevich networks of several noise blocks
// at 1, 2, 3 and 7 threads, with the splitting thresholds lowered so that
// every step and every delivery is cut: a reduced Sparse100k (fused input
// path, noise drawn per block inside the ranges), the same recording
// I_syn and I_ext (general input path: noise drawn in the input stage,
// then the general step in ranges), an all-to-all network with STDP
// (dense delivery), and jittered delays with unsorted rows. The hash of
// all spikes and V samples must be the same for every thread count and,
// for the two Sparse variants, on both paths (recording must not change
// the arithmetic).
func TestThreadsIzhikevich(t *testing.T) {
	splitSmall(t)
	vOnly := func(res *Result) string {
		for i := range res.Pops {
			var keep []*Trace
			for _, tr := range res.Pops[i].Traces {
				if tr.Var == "v" {
					keep = append(keep, tr)
				}
			}
			res.Pops[i].Traces = keep
		}
		return hashResult(res)
	}
	sparse := func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 20000, 100, false, 40) }
	want := map[string]string{} // group → hash of its first run
	for _, w := range []struct {
		name  string
		group string // cases of one group must agree with each other
		rec   bool   // record I_syn and I_ext: the general input path
		build func(testing.TB) (*Network, Sim)
	}{
		{"Sparse20k", "sparse", false, sparse},
		{"Sparse20k/recorded", "sparse", true, sparse},
		{"AllToAll1000STDP", "dense", false, func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 1000, 0, true, 40) }},
		{"Delays6000", "delays", false, izhDelayNetwork},
		{"Delays6000/recorded", "delays", true, izhDelayNetwork},
	} {
		t.Run(w.name, func(t *testing.T) {
			for _, k := range []int{1, 2, 3, 7} {
				net, sim := w.build(t)
				sim.Threads = k
				for _, p := range net.Populations() {
					var at []int // both sides of block edges, and the last neuron
					for _, i := range []int{0, 1, noiseBlock - 1, noiseBlock, 2*noiseBlock + 1, p.N / 2} {
						if i < p.N-1 {
							at = append(at, i)
						}
					}
					at = append(at, p.N-1)
					sim.Probes = append(sim.Probes, Probe{Pop: p.Name, Var: "v", Neurons: at})
					if w.rec {
						sim.Probes = append(sim.Probes, Probe{Pop: p.Name, Var: "I_syn", Neurons: at}, Probe{Pop: p.Name, Var: "I_ext", Neurons: at})
					}
				}
				res, err := net.Simulate(sim)
				if err != nil {
					t.Fatal(err)
				}
				if countSpikes(res) == 0 {
					t.Fatal("no spikes: the test would show nothing")
				}
				h := vOnly(res)
				if want[w.group] == "" {
					want[w.group] = h
				} else if h != want[w.group] {
					t.Errorf("threads = %d: hash %s, first run of %s (1 thread, nothing but V recorded): %s", k, h[:12], w.group, want[w.group][:12])
				}
			}
		})
	}
}

// BenchmarkPoolRun is the hand-over cost of one parallel phase with
// nothing to do (two parts recording no spikes): what a split step pays on top
// of its work (run with -cpu 2).
func BenchmarkPoolRun(b *testing.B) {
	wp := newWorkerPool(2, nil)
	defer wp.stop()
	wp.dl.recs = []*popRT{{}} // a population with no spikes to record
	wp.dl.units = append(wp.dl.units, delivUnit{0, recordPart}, delivUnit{0, recordPart})
	for b.Loop() {
		wp.run(phaseDeliv, 2, 0)
	}
}

// BenchmarkHandoff is the machine's cost of handing one cache line from
// one core to the other: two goroutines take turns to increment a shared
// counter, each waiting for the other's increment, and ns/handoff is the
// time per increment (run with -cpu 2 on an otherwise idle machine). A
// parallel step pays it several times per step for every cache line that
// both cores write (threads.go); it sets how close threads=2 comes to the
// bound of BenchmarkCOBAHH/independent=2.
func BenchmarkHandoff(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs two processors (-cpu 2): with one, each turn waits for the scheduler")
	}
	var turn atomic.Int64
	const n = 1 << 16 // increments per op
	for b.Loop() {
		turn.Store(0)
		done := make(chan struct{})
		go func() {
			for i := int64(1); i < n; i += 2 {
				for turn.Load() != i {
				}
				turn.Store(i + 1)
			}
			close(done)
		}()
		for i := int64(0); i < n; i += 2 {
			for turn.Load() != i {
			}
			turn.Store(i + 1)
		}
		<-done
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/handoff")
}

// TestThreadsDeferredDelivery checks the delivery that waits for the next
// step's phase (run.propagate): a run split in two Simulate calls at
// different thread counts must give the hashes of the same run at one
// thread, so each call leaves no spike undelivered; and on the general
// input path (a stimulus, or a recorded I_syn, reads the ring buffers in
// the input stage) the waiting spikes must be delivered first. The COBAHH
// cases also cover the HH step folding its own conductances in ranges
// (fused) and the unfused HH step beside it.
func TestThreadsDeferredDelivery(t *testing.T) {
	splitSmall(t)
	stim := func(build func(testing.TB) (*Network, Sim)) func(testing.TB) (*Network, Sim) {
		return func(tb testing.TB) (*Network, Sim) {
			net, sim := build(tb)
			sim.IExt = map[string][]Stim{"exc": {{Start: 5, Stop: 12, Amp: 2, Std: 1, Every: 0.5}}}
			return net, sim
		}
	}
	coba := func(tb testing.TB) (*Network, Sim) { return cobaNetwork(tb, true, LIFExact, 30) }
	sparse := func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 20000, 100, false, 30) }
	for _, w := range []struct {
		name  string
		rec   bool
		build func(testing.TB) (*Network, Sim)
	}{
		{"COBAHH", false, coba},
		{"COBAHH/stimulus", false, stim(coba)},
		{"COBAHH/recorded", true, coba},
		{"Sparse20k", false, sparse},
		{"Sparse20k/recorded", true, sparse},
		{"Delays6000", false, izhDelayNetwork},
	} {
		t.Run(w.name, func(t *testing.T) {
			var want string
			for _, ks := range [][2]int{{1, 1}, {2, 1}, {1, 2}, {3, 7}, {2, 2}} {
				net, sim := w.build(t)
				for _, p := range net.Populations() {
					sim.Probes = append(sim.Probes, Probe{Pop: p.Name, Var: "v", Neurons: []int{0, 1, p.N / 2, p.N - 1}})
					if w.rec {
						sim.Probes = append(sim.Probes, Probe{Pop: p.Name, Var: "I_syn", Neurons: []int{0, p.N - 1}})
					}
				}
				var h string
				T := sim.T
				for half, k := range ks {
					sim.Threads, sim.T = k, T/2
					res, err := net.Simulate(sim)
					if err != nil {
						t.Fatal(err)
					}
					if half == 1 && countSpikes(res) == 0 {
						t.Fatal("no spikes in the second half: the test would show nothing")
					}
					h += hashResult(res)
				}
				if want == "" {
					want = h
				} else if h != want {
					t.Errorf("threads %d then %d: the two halves differ from threads 1 then 1", ks[0], ks[1])
				}
			}
		})
	}
}

// TestThreadsDiverged stops a run mid-step: a Hodgkin–Huxley population
// after two Izhikevich populations diverges (at step 45: dt = 0.25 ms is
// too long a step for its gates). The
// error and the partial Result (the failing step's spikes of the
// populations stepped before it, the spikes of every step before) must be
// the same at every thread count, though with more than one thread the
// spikes are recorded a step late, with the next step's delivery
// (run.propagate).
func TestThreadsDiverged(t *testing.T) {
	splitSmall(t)
	var want, wantErr string
	for _, k := range []int{1, 2, 3, 7} {
		net, sim := izhNetwork(t, 2000, 100, false, 40)
		if err := net.Add(NewHodgkinHuxley("hh", 2, HHTraubMiles)); err != nil {
			t.Fatal(err)
		}
		sim.Threads = k
		res, err := net.Simulate(sim)
		if !errors.Is(err, ErrDiverged) {
			t.Fatalf("threads = %d: error %v, want ErrDiverged", k, err)
		}
		last := res.Pops[0].Spikes.T[len(res.Pops[0].Spikes.T)-1]
		if k == 1 {
			if last != res.T { // the failing step starts at res.T
				t.Fatalf("the last spike of exc is at %v ms, not in the failing step (%v ms): the test would show nothing", last, res.T)
			}
			want, wantErr = hashResult(res), err.Error()
			continue
		}
		if h := hashResult(res); h != want || err.Error() != wantErr {
			t.Errorf("threads = %d: %v (hash %s, last exc spike at %v ms), threads = 1: %v (hash %s)", k, err, h[:12], last, wantErr, want[:12])
		}
	}
}

// TestDeliverPart delivers random spikes through rows sorted by target
// (some empty, some within one target range) by each target range's
// split points, and requires the ring buffer to hold deliver's bits, for
// 2, 3 and 7 ranges; split points that would take more than
// maxSplitBytes per synapse, or a quarter of the memory available, are
// not made.
func TestDeliverPart(t *testing.T) {
	build := func(npre, npost, perRow int) *projection {
		rng := rand.New(rand.NewPCG(uint64(npre), uint64(perRow)))
		ch := newChannel(Delta, 0, 0, npost, 3, 0.1)
		pr := &projection{ch: ch, one: 1, rowStart: make([]int64, npre+1)}
		for i := range npre {
			m := rng.IntN(2 * perRow)
			if i%7 == 0 {
				m = 0
			}
			lo, span := 0, npost
			if i%5 == 0 {
				lo, span = npost/2, npost/5 // every target in one range
			}
			row := make([]int32, m)
			for k := range row {
				row[k] = int32(lo + rng.IntN(span))
			}
			slices.Sort(row)
			for _, j := range row {
				pr.syn = append(pr.syn, synapse{post: j, w: float32(rng.NormFloat64())})
			}
			pr.rowStart[i+1] = int64(len(pr.syn))
		}
		pr.nsyn, pr.sorted = int64(len(pr.syn)), pr.rowsSorted()
		return pr
	}
	pr := build(3000, 1000, 40)
	rng := rand.New(rand.NewPCG(9, 9))
	var spikes []int32
	for i := range int32(3000) {
		if rng.IntN(4) == 0 {
			spikes = append(spikes, i)
		}
	}
	for _, k := range []int{2, 3, 7} {
		clear(pr.ch.ring)
		for s := range int64(3) {
			pr.deliver(spikes, s)
		}
		want := slices.Clone(pr.ch.ring)
		clear(pr.ch.ring)
		pr.prepareSplits(k)
		if pr.splits.k != k {
			t.Fatalf("k = %d: no split points made", k)
		}
		for s := range int64(3) {
			for w := range k {
				pr.deliverPart(spikes, s, w)
			}
		}
		for i, x := range pr.ch.ring {
			if math.Float32bits(x) != math.Float32bits(want[i]) {
				t.Fatalf("k = %d: ring[%d] = %v, deliver gives %v", k, i, x, want[i])
			}
		}
	}
	few := build(3000, 1000, 1) // about one synapse per row: 8(k+1) bytes per row is too many
	if few.prepareSplits(2); few.splits.at != nil || few.splits.k != 0 {
		t.Errorf("split points made for %d rows of %d synapses", len(few.rowStart)-1, len(few.syn))
	}
	defer SetMemoryBudget(SetMemoryBudget(1 << 10)) // less than the process already holds
	tight := build(3000, 1000, 40)
	if tight.prepareSplits(2); tight.splits.at != nil {
		t.Errorf("split points made with %d bytes available", Memory().Available)
	}
}

// splitSmall lowers the splitting thresholds for the rest of test t, so
// that small networks are cut into many units and every delivery into
// target ranges.
func splitSmall(t *testing.T) {
	p, u, d, c := minPart, minUnit, minDeliver, minSplitChannel
	t.Cleanup(func() { minPart, minUnit, minDeliver, minSplitChannel = p, u, d, c })
	minPart, minUnit, minDeliver, minSplitChannel = 64, 2, 0, 0
}
