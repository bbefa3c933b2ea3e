package pyn

import (
	"math"
	"testing"
)

// TestBehavioursPublishedSpikeCounts runs the 20 panels of Izhikevich
// (2004), Fig. 1 with their published protocols and step sizes and checks
// the spike count and first spike time against Izhikevich's published
// code figure1.m (izhikevich.org/publications/figure1.m), run step by step
// as published: the expected numbers were produced by running the
// published script's 20 panels in GNU Octave 7.3 (with its plotting
// calls stubbed out and a count of the 30 mV spike tips of each panel),
// and again by an independent step-by-step transcription (forward Euler,
// v then u with the new v, spike when v > 30, current evaluated at
// t = k·dt, t from 0 to T); both gave the same counts and first times.
// Spike times are the start time k·dt of the step in which v crossed 30,
// the time at which the published plot shows the spike.
func TestBehavioursPublishedSpikeCounts(t *testing.T) {
	want := map[string]struct {
		n     int
		first float64 // ms
	}{
		"(A) tonic spiking":                {5, 13.0},
		"(B) phasic spiking":               {1, 43.75},
		"(C) tonic bursting":               {28, 25.0},
		"(D) phasic bursting":              {6, 39.0},
		"(E) mixed mode":                   {6, 20.0},
		"(F) spike frequency adaptation":   {6, 10.25},
		"(G) Class 1 excitable":            {10, 84.5},
		"(H) Class 2 excitable":            {14, 105.75},
		"(I) spike latency":                {1, 26.6},
		"(J) subthreshold oscillations":    {1, 26.5},
		"(K) resonator":                    {1, 338.0},
		"(L) integrator":                   {1, 20.0},
		"(M) rebound spike":                {1, 68.0},
		"(N) rebound burst":                {7, 68.0},
		"(O) threshold variability":        {1, 93.25},
		"(P) bistability":                  {5, 45.25},
		"(Q) depolarizing after-potential": {1, 11.3},
		"(R) accommodation":                {1, 311.5},
		"(S) inhibition-induced spiking":   {3, 94.5},
		"(T) inhibition-induced bursting":  {12, 86.5},
	}
	bs := Behaviours()
	if len(bs) != 20 {
		t.Fatalf("Behaviours() has %d panels, want 20", len(bs))
	}
	for _, b := range bs {
		w, ok := want[b.Name]
		if !ok {
			t.Errorf("unexpected panel %q", b.Name)
			continue
		}
		p := NewIzhikevich(b.Name, 1, b.Params)
		steps := int(math.Round(b.T / b.Dt))
		d := drive(t, p, b.Dt, steps, func(k int, tt float64) float64 {
			return stimCurrent(b.Stim, 0, tt, b.Dt)
		}, "")
		got := d.spikes[0]
		if len(got) != w.n {
			t.Errorf("%s: %d spikes, want %d (published code); times %v", b.Name, len(got), w.n, got)
			continue
		}
		if math.Abs(got[0]-w.first) > 1e-9 {
			t.Errorf("%s: first spike at %v ms, want %v", b.Name, got[0], w.first)
		}
	}
}

// TestBehaviourEdges checks the half-step edges that make stimuli cover
// exactly the published steps.
func TestBehaviourEdges(t *testing.T) {
	cases := []struct {
		x, dt, gt, lt float64
	}{
		{10, 0.25, 10.125, 9.875},
		{20, 0.2, 20.1, 19.9},
		{100.0 / 11, 0.25, 9.125, 9.125},
		{8.5, 0.25, 8.625, 8.375},
	}
	for _, c := range cases {
		if g := gtEdge(c.x, c.dt); math.Abs(g-c.gt) > 1e-12 {
			t.Errorf("gtEdge(%v, %v) = %v, want %v", c.x, c.dt, g, c.gt)
		}
		if l := ltEdge(c.x, c.dt); math.Abs(l-c.lt) > 1e-12 {
			t.Errorf("ltEdge(%v, %v) = %v, want %v", c.x, c.dt, l, c.lt)
		}
	}
}

// TestBehavioursThroughSimulate runs every panel through the network
// loop (Network.Simulate with the panel's Stim as I_ext) and checks that
// it reproduces the spike counts and first spike times of the published
// code, like the model-only test above: the schedule (current evaluated
// at the start of each step, spike stamped k·dt, same-step reset) is the
// published one.
func TestBehavioursThroughSimulate(t *testing.T) {
	for _, b := range Behaviours() {
		res, err := b.Run()
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		// The model-only run is the reference.
		one := drive(t, NewIzhikevich("n", 1, b.Params), b.Dt, int(math.Round(b.T/b.Dt)), func(k int, tt float64) float64 {
			return stimCurrent(b.Stim, 0, tt, b.Dt)
		}, "")
		got := res.Pops[0].Spikes.T
		want := one.spikes[0]
		if len(got) != len(want) {
			t.Errorf("%s: Simulate gives %d spikes %v, want %d %v", b.Name, len(got), got, len(want), want)
			continue
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Errorf("%s: spike %d at %v ms, want %v", b.Name, i, got[i], want[i])
				break
			}
		}
	}
}

// TestBehaviourRunRecords: Run records v and u of the one neuron on the
// step grid; v after a spike step is c (same-step reset).
func TestBehaviourRunRecords(t *testing.T) {
	b := Behaviours()[0]
	res, err := b.Run()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pops) != 1 || len(res.Pops[0].Traces) != 2 {
		t.Fatalf("want one population with v and u traces, got %+v", res.Pops)
	}
	v := res.Pops[0].Traces[0]
	if v.Var != "v" || len(v.T) < int(b.T/b.Dt) {
		t.Fatalf("trace %s with %d samples", v.Var, len(v.T))
	}
	k := int(math.Round(res.Pops[0].Spikes.T[0]/b.Dt)) + 1 // the sample after the spike step
	if got := v.Neuron(0)[k]; got != b.Params.C {
		t.Errorf("v after the first spike = %v, want c = %v", got, b.Params.C)
	}
}
