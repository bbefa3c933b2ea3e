package pyn

import (
	"math/rand/v2"
	"testing"
)

// synModelNetwork is a 1000-neuron Izhikevich network (800 excitatory,
// 200 inhibitory, 100 random targets per neuron, noise input as in
// izhNetwork) whose excitatory synapses run the synapse model m: every
// excitatory spike runs OnPre on a run of about 100 synapses.
func synModelNetwork(tb testing.TB, m SynapseEquations) (*Network, Sim) {
	const ne, ni = 800, 200
	exc := NewIzhikevich("exc", ne, IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65})
	inh := NewIzhikevich("inh", ni, IzhikevichParams{A: 0.1, B: 0.2, C: -65, D: 2, V0: -65})
	rng := rand.New(rand.NewPCG(benchParamSeed, 2))
	c := make([]float64, ne)
	for i := range c {
		r := rng.Float64()
		c[i] = -65 + float64(15*r*r)
	}
	if err := exc.SetParam("c", c); err != nil {
		tb.Fatal(err)
	}
	sm, err := NewSynapseModel(m)
	if err != nil {
		tb.Fatal(err)
	}
	net := NewNetwork(exc, inh)
	for _, cn := range []struct {
		pre, post string
		conn      Conn
	}{
		{"exc", "exc", Conn{Rule: FixedProb, P: 0.1, Weight: Const(1), Synapse: Synapse{Kind: Delta}, Model: sm}},
		{"exc", "inh", Conn{Rule: FixedProb, P: 0.1, Weight: Const(1), Synapse: Synapse{Kind: Delta}, Model: sm}},
		{"inh", "exc", Conn{Rule: FixedProb, P: 0.1, Weight: Const(2), Inhibitory: true, Synapse: Synapse{Kind: Delta}}},
	} {
		if err := net.Connect(cn.pre, cn.post, cn.conn); err != nil {
			tb.Fatal(err)
		}
	}
	sim := Sim{T: 1000, Dt: 0.25, Seed: 1, NoSTDP: true,
		IExt: map[string][]Stim{"exc": {{Std: 5, Every: 1}}, "inh": {{Std: 2, Every: 1}}}}
	return net, sim
}

// TestSynapseEventsVector: OnPre over a spike's run of synapses as
// vector instructions (runRange) and OnPost over gathered copies
// (runGather) give the spikes and the synaptic variables of the
// synapse-by-synapse path bit for bit, for the Tsodyks–Markram and
// triplet STDP presets.
func TestSynapseEventsVector(t *testing.T) {
	for name, m := range map[string]SynapseEquations{"TM": TsodyksMarkram(0.5, 200, 20), "triplet": TripletSTDP()} {
		results := make([]*Result, 2)
		var nets [2]*Network
		for k, min := range []int{synVecMin, 1 << 30} {
			old := synVecMin
			synVecMin = min
			net, sim := synModelNetwork(t, m)
			sim.T = 100
			res, err := net.Simulate(sim)
			synVecMin = old
			if err != nil {
				t.Fatal(err)
			}
			results[k], nets[k] = res, net
		}
		for _, pr := range nets[0].rt.projs {
			if pr.sm != nil && len(pr.sm.m.post) > 0 && pr.sm.gx == nil {
				t.Fatalf("%s: OnPost cannot run on gathered copies", name)
			}
		}
		a, b := results[0].Pops[0].Spikes, results[1].Pops[0].Spikes
		if len(a.T) != len(b.T) || len(a.T) < 100 {
			t.Fatalf("%s: %d spikes, synapse by synapse %d", name, len(a.T), len(b.T))
		}
		for i := range a.T {
			if a.T[i] != b.T[i] || a.ID[i] != b.ID[i] {
				t.Fatalf("%s: spike %d differs", name, i)
			}
		}
		sm, _ := NewSynapseModel(m)
		for _, v := range sm.Vars() {
			x, err := nets[0].SynState("exc", "exc", v)
			if err != nil {
				t.Fatal(err)
			}
			y, _ := nets[1].SynState("exc", "exc", v)
			for k := range x {
				if x[k] != y[k] {
					t.Fatalf("%s: %s of synapse %d = %v, synapse by synapse %v", name, v, k, x[k], y[k])
				}
			}
		}
	}
}

// synEventNetwork is the synaptic-event workload of a synapse model: 100
// spike sources, each firing at 50 Hz (regular, offset per source), all
// to all onto 1000 integrators (dv/dt = I), 1 s at dt 0.25 ms: 5000
// presynaptic spikes, each running OnPre on a run of 1000 synapses (5
// million synaptic events per op).
func synEventNetwork(tb testing.TB, m SynapseEquations) (*Network, Sim) {
	times := make([][]float64, 100)
	for i := range times {
		for t := 1 + 0.2*float64(i); t < 1000; t += 20 {
			times[i] = append(times[i], t)
		}
	}
	post, err := NewModel("post", 1000, Equations{Eqs: "dv/dt = I : 1", Threshold: "v >= 1e9", Reset: "v = 0"})
	if err != nil {
		tb.Fatal(err)
	}
	post.DisableRecurrent()
	sm, err := NewSynapseModel(m)
	if err != nil {
		tb.Fatal(err)
	}
	net := NewNetwork(NewSpikeSource("pre", times), post)
	if err := net.Connect("pre", "post", Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: Synapse{Kind: Delta}, Model: sm}); err != nil {
		tb.Fatal(err)
	}
	return net, Sim{T: 1000, Dt: 0.25, Seed: 1}
}

// BenchmarkSynapseEventsTM: synEventNetwork with the Tsodyks–Markram
// preset; "vector" runs OnPre over each spike's run of synapses as
// vector instructions, "scalar" synapse by synapse (the run-length
// threshold raised).
func BenchmarkSynapseEventsTM(b *testing.B) {
	for _, c := range []struct {
		name string
		min  int
	}{{"vector", synVecMin}, {"scalar", 1 << 30}} {
		b.Run(c.name, func(b *testing.B) {
			old := synVecMin
			synVecMin = c.min
			defer func() { synVecMin = old }()
			net, sim := synEventNetwork(b, TsodyksMarkram(0.5, 200, 20))
			runBench(b, net, sim, 1000*4000)
		})
	}
}

// BenchmarkSynapseEventsTriplet: synModelNetwork (1000 Izhikevich
// neurons, about 80 synapses per excitatory neuron onto it and from it)
// with the triplet STDP preset, 1 s per op: OnPre and OnPost as vector
// instructions ("vector") or synapse by synapse ("scalar").
func BenchmarkSynapseEventsTriplet(b *testing.B) {
	for _, c := range []struct {
		name string
		min  int
	}{{"vector", synVecMin}, {"scalar", 1 << 30}} {
		b.Run(c.name, func(b *testing.B) {
			old := synVecMin
			synVecMin = c.min
			defer func() { synVecMin = old }()
			net, sim := synModelNetwork(b, TripletSTDP())
			runBench(b, net, sim, 1000*4000)
		})
	}
}
