package pyn

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"
)

// toEquations replaces the model of every Izhikevich population of net
// by IzhikevichEquations with the same per-neuron parameters.
func toEquations(tb testing.TB, net *Network) {
	for _, p := range net.pops {
		old, ok := p.m.(*izhikevich)
		if !ok {
			continue
		}
		q, err := NewModel(p.Name, p.N, IzhikevichEquations(IzhikevichParams{}))
		if err != nil {
			tb.Fatal(err)
		}
		for _, name := range old.paramNames() {
			v, _ := old.param(name)
			if err := q.SetParam(name, v); err != nil {
				tb.Fatal(err)
			}
		}
		p.m = q.m
	}
}

// BenchmarkIzh1000Equations is BenchmarkIzh1000 (1000 neurons
// all-to-all, 1 s at dt 0.25 ms) with the neurons written as equations
// (IzhikevichEquations): the cost of interpretation by vector
// instructions against the hand-written loop.
func BenchmarkIzh1000Equations(b *testing.B) {
	net, sim := izhNetwork(b, 1000, 0, false, 1000)
	toEquations(b, net)
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25, NoSTDP: true}); err != nil {
		b.Fatal(err)
	}
	runBench(b, net, sim, 1000*4000)
}

// TestIzh1000EquationsSameSpikes: the network of BenchmarkIzh1000 gives
// the same spikes with IzhikevichEquations as with the built-in model,
// both taking the fused input (eq_fused.go) after the first step.
func TestIzh1000EquationsSameSpikes(t *testing.T) {
	if testing.Short() {
		t.Skip("a network run")
	}
	a, sim := izhNetwork(t, 1000, 0, false, 200)
	b, _ := izhNetwork(t, 1000, 0, false, 200)
	toEquations(t, b)
	ra, err := a.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range b.rt.pops {
		if !p.fused {
			t.Errorf("%s: the equation model did not take the fused input", p.p.Name)
		}
	}
	for k := range ra.Pops {
		sa, sb := ra.Pops[k].Spikes, rb.Pops[k].Spikes
		if len(sa.T) != len(sb.T) {
			t.Fatalf("%s: %d spikes, built-in %d", ra.Pops[k].Name, len(sb.T), len(sa.T))
		}
		for i := range sa.T {
			if sa.T[i] != sb.T[i] || sa.ID[i] != sb.ID[i] {
				t.Fatalf("%s: spike %d differs", ra.Pops[k].Name, i)
			}
		}
	}
}

// tenLines is a ten-line model for the start-up benchmark: an
// Izhikevich neuron with an adaptation current, a synaptic conductance
// and a few subexpressions.
var tenLines = Equations{
	Eqs: `dv/dt = (k*(v - vr)*(v - vt) - u + I + Isyn)/C : mV
du/dt = a*(b*(v - vr) - u) : pA
dg/dt = -g/tau_g : nS
dw/dt = (aw*(v - vr) - w)/tau_w : pA
Isyn = g*(E - v) - w : pA
C : pF
k : nS/mV
vr : mV
vt : mV
vpeak : mV`,
	Threshold: "v >= vpeak",
	Reset:     "v = c; u += d; w += bw",
	Params: map[string]float64{"C": 100, "k": 0.7, "vr": -60, "vt": -40, "vpeak": 35, "a": 0.03, "b": -2,
		"c": -50, "d": 100, "tau_g": 5, "E": 0, "aw": 1, "tau_w": 100, "bw": 10},
	Init: map[string]string{"v": "vr"},
}

// BenchmarkNewModelFirstStep measures the time from NewModel to the end
// of the first step of a ten-line model, 1000 neurons: parsing, checks,
// lowering and the first step. Besides the mean it reports the median
// and the 90th and 99th percentiles of single iterations, in wall time
// (p50-µs …) and in the CPU time of the benchmark's thread (cpu-p50-µs
// …, which leaves out the time other processes held the core on a
// shared machine; Linux only).
func BenchmarkNewModelFirstStep(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := &stepCtx{dt: 0.1}
	in := &input{I: make([]float64, 1000)}
	b.ReportAllocs()
	var wall, cpu []time.Duration
	cpu0 := cpuTime()
	for b.Loop() {
		t0, c0 := time.Now(), threadCPU()
		p, err := NewModel("m", 1000, tenLines)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.initModel(); err != nil {
			b.Fatal(err)
		}
		if err := p.m.prepare(c.dt); err != nil {
			b.Fatal(err)
		}
		if _, err := p.m.step(c, in, nil); err != nil {
			b.Fatal(err)
		}
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, threadCPU()-c0)
	}
	// CPU time of the process, not wall time: the machine may be shared.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	for _, q := range []struct {
		name string
		x    []time.Duration
	}{{"", wall}, {"cpu-", cpu}} {
		slices.Sort(q.x)
		for _, p := range []int{50, 90, 99} {
			k := min(len(q.x)-1, len(q.x)*p/100)
			b.ReportMetric(float64(q.x[k].Nanoseconds())/1e3, fmt.Sprintf("%sp%d-µs", q.name, p))
		}
	}
}

// BenchmarkEquationsStep is one step of 100 000 IzhikevichEquations
// neurons, as BenchmarkIzhikevichStep for the built-in model.
func BenchmarkEquationsStep(b *testing.B) {
	const n = 100000
	p, err := NewModel("bench", n, IzhikevichEquations(TonicSpiking))
	if err != nil {
		b.Fatal(err)
	}
	if err := p.initModel(); err != nil {
		b.Fatal(err)
	}
	if err := p.m.prepare(0.25); err != nil {
		b.Fatal(err)
	}
	in := &input{I: make([]float64, n)}
	for i := range in.I {
		in.I[i] = 10 * float64(i%100) / 100
	}
	c := &stepCtx{dt: 0.25}
	spikes := make([]int32, 0, n)
	b.ReportAllocs()
	for b.Loop() {
		spikes, _ = p.m.step(c, in, spikes[:0])
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "neuron-steps/s")
}
