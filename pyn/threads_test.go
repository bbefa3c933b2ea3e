package pyn

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestThreadsBitIdentical runs every benchmark workload at 1, 2, 3 and 7
// threads, recording V traces and spikes, and requires the hash of all
// spikes and samples to be the same for every thread count (threads.go:
// partitions by neuron range, concatenation in range order).
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
// room for its extra spikes, reserved once).
func TestThreadsNoStepAllocs(t *testing.T) {
	net, sim := cobaNetwork(t, true, LIFExact, 10)
	sim.Threads = 2
	if _, err := net.Simulate(sim); err != nil {
		t.Fatal(err)
	}
	allocs := func(T float64) float64 {
		s := sim
		s.T = T
		return testing.AllocsPerRun(3, func() {
			net.Reset()
			if _, err := net.Simulate(s); err != nil {
				t.Fatal(err)
			}
		})
	}
	short, long := allocs(2), allocs(20)
	if long > short+4 {
		t.Errorf("%v allocations for 200 steps, %v for 20: the step loop allocates", long, short)
	}
}

// TestThreadsInterrupt cancels parallel COBAHH runs and requires each to
// stop at the engine's next check (it looks every 16 steps, whatever the
// thread count: 16 COBAHH steps take about 1 ms of CPU, far under the 50 ms
// an interrupt may take; the bound is in steps so that a loaded machine
// cannot fail the test), with a partial result and the workers gone.
func TestThreadsInterrupt(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, k := range []int{1, 2, 3} {
		net, sim := cobaNetwork(t, true, LIFExact, 1e6)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		sim.Context, sim.Threads = ctx, k
		res, err := net.Simulate(sim)
		if err == nil || res == nil || res.Complete {
			t.Fatalf("threads = %d: err = %v, want the context's error and a partial result", k, err)
		}
		if steps := res.T / 0.1; steps > 16.5 {
			t.Errorf("threads = %d: %v steps ran after the cancel, want ≤ 16", k, steps)
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
