package pyn

import (
	"math"
	"testing"
)

// TestConnectivityStatistics checks each rule's counts: fixed-probability
// totals within binomial bounds (5 standard deviations), exact in-degrees,
// and self-connections only when asked.
func TestConnectivityStatistics(t *testing.T) {
	for _, test := range []struct {
		name       string
		pre, post  string
		c          Conn
		total      float64 // expected number of synapses
		sd         float64 // its standard deviation (0: exact)
		indeg      int     // exact in-degree, if > 0
		selfAllowd bool
	}{
		{"fixed prob", "a", "b", Conn{P: 0.2}, 0.2 * 300 * 400, math.Sqrt(300 * 400 * 0.2 * 0.8), 0, true},
		{"fixed prob recurrent", "a", "a", Conn{P: 0.3}, 0.3 * 300 * 299, math.Sqrt(300 * 299 * 0.3 * 0.7), 0, false},
		{"fixed prob autapses", "a", "a", Conn{P: 0.3, Autapses: true}, 0.3 * 300 * 300, math.Sqrt(300 * 300 * 0.3 * 0.7), 0, true},
		{"pyN default p", "a", "b", Conn{}, 0.1 * 300 * 400, math.Sqrt(300 * 400 * 0.1 * 0.9), 0, true},
		{"p = 1", "a", "a", Conn{P: 1}, 300 * 299, 0, 0, false},
		{"all to all", "a", "b", Conn{Rule: AllToAll}, 300 * 400, 0, 300, true},
		{"all to all self", "a", "a", Conn{Rule: AllToAll}, 300 * 299, 0, 299, false},
		{"all to all autapses", "a", "a", Conn{Rule: AllToAll, Autapses: true}, 300 * 300, 0, 300, true},
		{"one to one", "a", "c", Conn{Rule: OneToOne}, 300, 0, 1, true},
		{"in-degree", "a", "b", Conn{Rule: FixedInDegree, K: 17}, 17 * 400, 0, 17, true},
		{"in-degree dense", "a", "b", Conn{Rule: FixedInDegree, K: 290}, 290 * 400, 0, 290, true},
		{"in-degree self", "a", "a", Conn{Rule: FixedInDegree, K: 299}, 299 * 300, 0, 299, false},
		{"arrays", "a", "b", Conn{Rule: FromArrays, Pre: []int{0, 5, 5, 299}, Post: []int{3, 3, 399, 0}}, 4, 0, 0, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			net := NewNetwork(quiet("a", 300), quiet("b", 400), quiet("c", 300))
			if err := net.Connect(test.pre, test.post, test.c); err != nil {
				t.Fatal(err)
			}
			w, err := net.Weights(test.pre, test.post)
			if err != nil {
				t.Fatal(err)
			}
			n := float64(len(w.W))
			if test.sd == 0 && n != test.total {
				t.Errorf("%v synapses, want exactly %v", n, test.total)
			}
			if test.sd > 0 && math.Abs(n-test.total) > 5*test.sd {
				t.Errorf("%v synapses, want %v ± %v (5 sd)", n, test.total, 5*test.sd)
			}
			indeg := map[int32]int{}
			pairs := map[[2]int32]bool{}
			for k := range w.W {
				i, j := w.PreIdx[k], w.PostIdx[k]
				if test.pre == test.post && i == j && !test.selfAllowd {
					t.Fatalf("self-connection %d → %d", i, j)
				}
				if pairs[[2]int32{i, j}] && test.c.Rule != FromArrays {
					t.Fatalf("duplicate synapse %d → %d", i, j)
				}
				pairs[[2]int32{i, j}] = true
				indeg[j]++
				if w.W[k] < 0 || w.W[k] >= 1 {
					t.Fatalf("weight %v outside pyN's U[0,1)", w.W[k])
				}
			}
			if test.indeg > 0 {
				for j := int32(0); j < int32(net.Population(test.post).N); j++ {
					if indeg[j] != test.indeg {
						t.Fatalf("in-degree of %d is %d, want %d", j, indeg[j], test.indeg)
					}
				}
			}
		})
	}
}

// TestWeightLaws checks the weight options: scale, sign, constant and
// normal laws, explicit arrays, and the per-connection seed.
func TestWeightLaws(t *testing.T) {
	net := NewNetwork(quiet("a", 100), quiet("b", 100))
	conns := []Conn{
		{Rule: AllToAll, Scale: 2, Inhibitory: true},
		{Rule: AllToAll, Weight: Normal(3, 0.5)},
		{Rule: FromArrays, Pre: []int{1, 2}, Post: []int{3, 4}, Weights: []float64{0.25, 0.5}, Delays: []float64{1, 2}},
	}
	for _, c := range conns {
		if err := net.Connect("a", "b", c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25, NoSTDP: true}); err != nil {
		t.Fatal(err)
	}
	w, err := net.Weights("a", "b")
	if err != nil {
		t.Fatal(err)
	}
	var s1, s2, s22 float64
	for k := 0; k < 10000; k++ {
		if w.W[k] > 0 || w.W[k] <= -2 {
			t.Fatalf("inhibitory ×2 weight %v outside (−2, 0]", w.W[k])
		}
		s1 += w.W[k]
		x := w.W[10000+k]
		s2 += x
		s22 += x * x
	}
	if m := s1 / 10000; math.Abs(m+1) > 0.03 {
		t.Errorf("mean of −2·U[0,1) = %v, want −1", m)
	}
	if m, sd := s2/10000, math.Sqrt(s22/10000-s2*s2/1e8); math.Abs(m-3) > 0.02 || math.Abs(sd-0.5) > 0.02 {
		t.Errorf("normal weights: mean %v sd %v, want 3, 0.5", m, sd)
	}
	last := len(w.W) - 2
	if w.W[last] != 0.25 || w.W[last+1] != 0.5 || w.Delay[last] != 1 || w.Delay[last+1] != 2 || w.PostIdx[last+1] != 4 {
		t.Errorf("arrays: got w %v delay %v post %v", w.W[last:], w.Delay[last:], w.PostIdx[last:])
	}
}

// TestDefaultRecurrent checks pyN's promised default: a population with
// more than one neuron is connected to itself with p = 0.1, weights
// U[0,1), no self-connections, alpha PSC; DisableRecurrent, SetRecurrent
// and an explicit Connect change it.
func TestDefaultRecurrent(t *testing.T) {
	count := func(net *Network, pre, post string) (n int, rule string) {
		for _, c := range net.Connections() {
			if c.Pre == pre && c.Post == post {
				return c.Synapses, c.Rule
			}
		}
		return -1, ""
	}
	p := NewIzhikevich("x", 400, TonicSpiking)
	net := NewNetwork(p, NewIzhikevich("one", 1, TonicSpiking), NewPoisson("in", 50, 10))
	if len(net.Connections()) != 1 {
		t.Fatalf("connections %+v: want only x's recurrent one (not the 1-neuron or the source population)", net.Connections())
	}
	n, rule := count(net, "x", "x")
	mean, sd := 0.1*400*399, math.Sqrt(400*399*0.1*0.9)
	if rule != "FixedProb" || math.Abs(float64(n)-mean) > 5*sd {
		t.Errorf("default recurrent: %d synapses (%s), want %v ± %v", n, rule, mean, 5*sd)
	}
	w, err := net.Weights("x", "x")
	if err != nil {
		t.Fatal(err)
	}
	for k := range w.W {
		if w.PreIdx[k] == w.PostIdx[k] || w.W[k] < 0 || w.W[k] >= 1 {
			t.Fatalf("synapse %d → %d weight %v", w.PreIdx[k], w.PostIdx[k], w.W[k])
		}
	}

	p2 := NewIzhikevich("x", 50, TonicSpiking)
	p2.DisableRecurrent()
	if got := NewNetwork(p2).Connections(); len(got) != 0 {
		t.Errorf("DisableRecurrent: connections %+v", got)
	}
	p3 := NewIzhikevich("x", 50, TonicSpiking)
	p3.SetRecurrent(Conn{Rule: AllToAll})
	if n, _ := count(NewNetwork(p3), "x", "x"); n != 50*49 {
		t.Errorf("SetRecurrent(AllToAll): %d synapses, want %d", n, 50*49)
	}
	p4 := NewIzhikevich("x", 50, TonicSpiking)
	net4 := NewNetwork(p4)
	if err := net4.Connect("x", "x", Conn{Rule: OneToOne, Autapses: true}); err != nil {
		t.Fatal(err)
	}
	if c := net4.Connections(); len(c) != 1 || c[0].Synapses != 50 {
		t.Errorf("explicit Connect(x, x) should replace the default: %+v", c)
	}
}

// TestKeepWeights checks that Sim.KeepWeights puts the final (learned)
// weights into the result, equal to what Weights reports.
func TestKeepWeights(t *testing.T) {
	net, sim := thalamocortical(t)
	sim.KeepWeights = true
	res, err := net.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Conns {
		if c.Weights == nil || len(c.Weights.W) != c.Synapses {
			t.Fatalf("%s → %s: weights %v for %d synapses", c.Pre, c.Post, c.Weights, c.Synapses)
		}
	}
	w, _ := net.Weights("thalamus", "thalamus")
	got := res.Conns[0].Weights
	for k := range w.W {
		if got.W[k] != w.W[k] || got.PostIdx[k] != w.PostIdx[k] {
			t.Fatalf("synapse %d differs", k)
		}
	}
	if res2, _ := net.Simulate(Sim{T: 1, Dt: 0.25}); res2.Conns[0].Weights != nil {
		t.Error("weights kept without KeepWeights")
	}
}

// TestSetParamAfterBuild checks that parameters changed after the network
// was built (here by Connections) but before the first run set the
// initial state (u0 = b·v0).
func TestSetParamAfterBuild(t *testing.T) {
	p := quiet("n", 2)
	net := NewNetwork(p)
	_ = net.Connections()
	if err := p.SetParam("b", []float64{0.25}); err != nil {
		t.Fatal(err)
	}
	res, err := net.Simulate(Sim{T: 1, Dt: 0.25, Record: []string{"u"}})
	if err != nil {
		t.Fatal(err)
	}
	if u := trace(t, res, "n", "u").At(0, 0); u != 0.25*-70 {
		t.Errorf("u(0) = %v, want b·v0 = %v", u, 0.25*-70)
	}
}

// TestBytesPerSynapse checks the memory target of the sparse benchmark
// (≤ 12 bytes per static synapse, issue 3) on a 10 000-neuron version,
// and that plasticity adds its reverse index only when it is used.
func TestBytesPerSynapse(t *testing.T) {
	net, _ := izhNetwork(t, 10000, 100, false, 1)
	b, n, err := net.SynapseBytes()
	if err != nil {
		t.Fatal(err)
	}
	if per := float64(b) / float64(n); per > 9 || n < 900000 {
		t.Errorf("%d synapses, %.2f bytes each; want about 10⁶ and ≤ 9 (8 for target and weight)", n, per)
	}
	if _, err := net.Simulate(Sim{T: 1, Dt: 0.25}); err != nil { // STDP on: the excitatory connections become plastic
		t.Fatal(err)
	}
	b2, _, _ := net.SynapseBytes()
	if per := float64(b2) / float64(n); per < 12 || per > 22 {
		t.Errorf("with STDP: %.2f bytes per synapse, want 8 + 8·(plastic share) + 4 for the initial copy", per)
	}
}

// TestDenseEqualsSparse checks that the dense all-to-all layout and the
// general layout (the same synapses listed with FromArrays) give the same
// spikes and the same learned weights, bit for bit, with STDP on.
func TestDenseEqualsSparse(t *testing.T) {
	build := func(c func(net *Network) Conn) *Network {
		a := NewIzhikevich("a", 40, TonicSpiking)
		a.DisableRecurrent()
		b := NewIzhikevich("b", 30, TonicSpiking)
		b.DisableRecurrent()
		net := NewNetwork(a, b)
		if err := net.Connect("a", "b", c(net)); err != nil {
			t.Fatal(err)
		}
		return net
	}
	dense := build(func(*Network) Conn { return Conn{Rule: AllToAll, Scale: 0.3, Synapse: Synapse{Kind: Delta}} })
	w0, err := dense.Weights("a", "b")
	if err != nil {
		t.Fatal(err)
	}
	arrays := Conn{Rule: FromArrays, Synapse: Synapse{Kind: Delta}, Weights: w0.W}
	for k := range w0.W {
		arrays.Pre = append(arrays.Pre, int(w0.PreIdx[k]))
		arrays.Post = append(arrays.Post, int(w0.PostIdx[k]))
	}
	sparse := build(func(*Network) Conn { return arrays })
	sim := Sim{T: 300, Dt: 0.25, Seed: 3, IExt: map[string][]Stim{"a": {{Amp: 4, Std: 6, Every: 1}}, "b": {{Std: 3, Every: 1}}}}
	rd, err := dense.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sparse.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if countSpikes(rd) < 100 {
		t.Fatalf("only %d spikes: the test would prove little", countSpikes(rd))
	}
	sameResult(t, rd, rs)
	wd, _ := dense.Weights("a", "b")
	ws, _ := sparse.Weights("a", "b")
	changed := 0
	for k := range wd.W {
		if wd.W[k] != ws.W[k] {
			t.Fatalf("synapse %d: dense %v, arrays %v", k, wd.W[k], ws.W[k])
		}
		if wd.W[k] != w0.W[k] {
			changed++
		}
	}
	if changed == 0 {
		t.Error("STDP changed no weight")
	}
}
