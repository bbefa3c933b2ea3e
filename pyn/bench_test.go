package pyn

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

// izhNetwork builds the Izhikevich (2003) "Simple model" network of the
// benchmarks with the public API, following the workload spelled out in
// the Brian2 peer script (peers/izh.py docstring): N neurons, 80 %
// excitatory (a = 0.02, b = 0.2, c = −65 + 15r², d = 8 − 6r²) and 20 %
// inhibitory (a = 0.02 + 0.08r, b = 0.25 − 0.05r, c = −65, d = 2), r ~
// U[0,1) per neuron, v0 = −65, u0 = b·v0; thalamic noise 5·N(0,1)
// (excitatory) and 2·N(0,1) (inhibitory) redrawn every 1 ms and held;
// Delta synapses (w·1 ms/dt for one step, delivered in the step after the
// spike); weights 0.5·U excitatory, −U inhibitory. k = 0 means all-to-all
// including self-connections (Izhikevich's net.m), otherwise each pair is
// connected with probability k/N. With stdp the excitatory connections get
// the default STDP rule (A+ = 0.01, A− = −1.05·A+, τ = 20 ms, w in [0, 1]).
func izhNetwork(tb testing.TB, n int, k float64, stdp bool, T float64) (*Network, Sim) {
	ne := n * 8 / 10
	ni := n - ne
	exc := NewIzhikevich("exc", ne, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65})
	inh := NewIzhikevich("inh", ni, IzhikevichParams{A: 0.02, B: 0.25, C: -65, D: 2, V0: -65})
	rng := rand.New(rand.NewPCG(benchParamSeed, 1))
	c, d := make([]float64, ne), make([]float64, ne)
	for i := range c {
		r := rng.Float64()
		c[i], d[i] = -65+float64(15*r*r), 8-float64(6*r*r) // float64(): no FMA on any build
	}
	a, b := make([]float64, ni), make([]float64, ni)
	for i := range a {
		r := rng.Float64()
		a[i], b[i] = 0.02+float64(0.08*r), 0.25-float64(0.05*r)
	}
	for _, err := range []error{exc.SetParam("c", c), exc.SetParam("d", d), inh.SetParam("a", a), inh.SetParam("b", b)} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	net := NewNetwork(exc, inh)
	rule, p := AllToAll, 0.0
	if k > 0 {
		rule, p = FixedProb, k/float64(n)
	}
	for _, c := range []struct {
		pre, post string
		inh       bool
	}{{"exc", "exc", false}, {"exc", "inh", false}, {"inh", "exc", true}, {"inh", "inh", true}} {
		conn := Conn{Rule: rule, P: p, Autapses: true, Synapse: Synapse{Kind: Delta}}
		if c.inh {
			conn.Inhibitory = true
		} else {
			conn.Scale = 0.5
		}
		if err := net.Connect(c.pre, c.post, conn); err != nil {
			tb.Fatal(err)
		}
	}
	sim := Sim{Name: "Izhikevich network", T: T, Dt: 0.25, NoSTDP: !stdp, Seed: 1,
		IExt: map[string][]Stim{
			"exc": {{Std: 5, Every: 1}},
			"inh": {{Std: 2, Every: 1}},
		}}
	return net, sim
}

func countSpikes(res *Result) int {
	total := 0
	for _, p := range res.Pops {
		total += len(p.Spikes.T)
	}
	return total
}

// synEvents counts synaptic events: spikes times fan-out.
func synEvents(net *Network, res *Result) float64 {
	var ev float64
	for _, pr := range net.rt.projs {
		pop := res.Pop(pr.spec.pre)
		for _, i := range pop.Spikes.ID {
			lo, hi := pr.synRange(i)
			ev += float64(hi - lo)
		}
	}
	return ev
}

func benchIzh(b *testing.B, n int, k float64, stdp bool) { benchIzhThreads(b, n, k, stdp, 1) }

func benchIzhThreads(b *testing.B, n int, k float64, stdp bool, threads int) {
	net, sim := izhNetwork(b, n, k, stdp, 1000)
	sim.Threads = threads
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25, NoSTDP: !stdp}); err != nil { // build outside the timer
		b.Fatal(err)
	}
	runBench(b, net, sim, float64(n)*4000)
	if k > 0 { // after the loop: b.Loop's timer reset drops earlier metrics
		bytes, syn, err := net.SynapseBytes()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(bytes)/float64(syn), "B/synapse")
	}
}

// runBench times Reset + Simulate(sim) per op on a network built outside
// the timer, and reports the domain's throughput; neuronSteps is the number
// of neuron updates in one op.
func runBench(b *testing.B, net *Network, sim Sim, neuronSteps float64) {
	b.ReportAllocs()
	var spikes, events float64
	ops := 0
	cpu0 := cpuTime()
	for b.Loop() {
		net.Reset()
		res, err := net.Simulate(sim)
		if err != nil {
			b.Fatal(err)
		}
		spikes += float64(countSpikes(res))
		events += synEvents(net, res)
		ops++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		// CPU time, not wall time: on a busy machine the difference is
		// the time the benchmark waited for a core.
		b.ReportMetric(cpu.Seconds()/float64(ops), "cpu-s/op")
	}
	b.ReportMetric(spikes/float64(ops), "spikes/op")
	b.ReportMetric(events/b.Elapsed().Seconds(), "syn-events/s")
	b.ReportMetric(neuronSteps*float64(ops)/b.Elapsed().Seconds(), "neuron-steps/s")
}

// runPairBench is the bound of a perfect split over two cores: two copies
// of a network (build, then Simulate(prime) to build the synapses, outside
// the timer), each simulated by its own goroutine with one thread, side
// by side, sharing no data. An op is one Reset + Simulate of each; the
// ns/network metric (half the time of an op) is what one network would
// take split over two cores with nothing to hand over, to set against
// threads=2 of the same run.
func runPairBench(b *testing.B, build func(testing.TB) (*Network, Sim), prime Sim) {
	var nets [2]*Network
	var sim Sim
	for w := range nets {
		nets[w], sim = build(b)
		if _, err := nets[w].Simulate(prime); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var spikes [2]float64
	var errs [2]error
	ops := 0
	for b.Loop() {
		var wg sync.WaitGroup
		for w, net := range nets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				net.Reset()
				res, err := net.Simulate(sim)
				if err != nil {
					errs[w] = err
					return
				}
				spikes[w] += float64(countSpikes(res))
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		ops++
	}
	if spikes[0] != spikes[1] {
		b.Fatalf("the two copies gave %v and %v spikes", spikes[0], spikes[1])
	}
	b.ReportMetric(spikes[0]/float64(ops), "spikes/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*ops), "ns/network")
}

// BenchmarkIzh1000: 1000 neurons all-to-all, 1 s at dt 0.25 ms per op.
func BenchmarkIzh1000(b *testing.B) { benchIzh(b, 1000, 0, false) }

// BenchmarkIzh1000STDP: the same with STDP on the excitatory synapses.
func BenchmarkIzh1000STDP(b *testing.B) { benchIzh(b, 1000, 0, true) }

// BenchmarkSparse100k: 100 000 neurons, p = 100/N, 1 s at dt 0.25 ms per op.
// Sub-benchmarks threads=1 and threads=2 set Sim.Threads; independent=2
// runs two copies side by side, one thread each (runPairBench).
func BenchmarkSparse100k(b *testing.B) {
	for _, k := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", k), func(b *testing.B) { benchIzhThreads(b, 100000, 100, false, k) })
	}
	b.Run("independent=2", func(b *testing.B) {
		build := func(tb testing.TB) (*Network, Sim) { return izhNetwork(tb, 100000, 100, false, 1000) }
		runPairBench(b, build, Sim{T: 1, Dt: 0.25, NoSTDP: true})
	})
}

// benchParamSeed seeds the per-neuron parameter draws of the workloads.
var benchParamSeed uint64 = 12345

// BenchmarkMillion builds the Sparse100k workload at one million neurons
// (10⁸ synapses) and runs 1 s of it once per op, reporting the build
// time, the run time, the bytes per synapse and the Go runtime's peak
// memory obtained from the OS (MemStats.Sys). Run it by hand:
//
//	go test ./pyn -run XXX -bench Million -benchtime 1x
func BenchmarkMillion(b *testing.B) {
	const n = 1000000
	for b.Loop() {
		t0 := time.Now()
		net, sim := izhNetwork(b, n, 100, false, 1000)
		if _, err := net.Simulate(Sim{T: 0.25, Dt: 0.25, NoSTDP: true}); err != nil { // builds the synapses
			b.Fatal(err)
		}
		build := time.Since(t0)
		net.Reset()
		t1 := time.Now()
		res, err := net.Simulate(sim)
		if err != nil {
			b.Fatal(err)
		}
		run := time.Since(t1)
		bytes, syn, err := net.SynapseBytes()
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(build.Seconds(), "build-s")
		b.ReportMetric(run.Seconds(), "run-s")
		b.ReportMetric(float64(bytes)/float64(syn), "B/synapse")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
		b.ReportMetric(float64(countSpikes(res)), "spikes/op")
	}
}
