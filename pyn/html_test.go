package pyn

import (
	"fmt"
	"strings"
	"testing"
)

func TestResultHTML(t *testing.T) {
	r := networkFixture()
	r.Name = `<script>alert("x")</script> & co`
	got := r.HTML()
	for _, want := range []string{
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co",
		// 167 spikes of 40 neurons in 200 ms: 167/40/0.2 s = 20.875 Hz (networkFixture).
		">167<", ">20.9<", "v (400×40), u (400×40), I_ext (400×40)",
		"200 ms", "dt 0.5 ms",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Result.HTML lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>") {
		t.Errorf("Result.HTML does not escape the name")
	}
	r.Complete = false
	if !strings.Contains(r.HTML(), "incomplete") {
		t.Errorf("Result.HTML of a cancelled run does not say incomplete")
	}
	var nilr *Result
	if !strings.Contains(nilr.HTML(), "nil result") {
		t.Errorf("nil Result.HTML: %q", nilr.HTML())
	}
}

func TestNetworkHTML(t *testing.T) {
	a := &Population{Name: "a<b", N: 3}
	b := &Population{Name: "c", N: 1}
	n := NewNetwork(a, b)
	got := n.HTML()
	for _, want := range []string{"2 populations, 4 neurons", "a&lt;b", ">3<", ">1<"} {
		if !strings.Contains(got, want) {
			t.Errorf("Network.HTML lacks %q:\n%s", want, got)
		}
	}
	if got := a.HTML(); !strings.Contains(got, "a&lt;b") || !strings.Contains(got, "3 neurons") {
		t.Errorf("Population.HTML: %s", got)
	}
}

func TestValuesSummary(t *testing.T) {
	for _, test := range []struct {
		in   []float64
		want string
	}{
		{nil, "–"},
		{[]float64{0.02}, "0.02"},
		{[]float64{-65, -65}, "-65"},
		{[]float64{0.02, 0.1, 0.05}, "0.02 … 0.1 (per neuron)"},
	} {
		if got := valuesSummary(test.in); got != test.want {
			t.Errorf("valuesSummary(%v) = %q, want %q", test.in, got, test.want)
		}
	}
}

// TestNetworkHTMLReadsOnly checks that Network.HTML neither builds the
// runtime nor draws a synapse: the table shows the counts the rules fix
// (an all-to-all connection of 20 to 30 neurons has 600 synapses; the
// default recurrent FixedProb of 20 neurons expects 0.1·20·19 = 38), a
// later Simulate gives bit for bit the result of a network never shown,
// and once drawn the table shows the drawn counts.
func TestNetworkHTMLReadsOnly(t *testing.T) {
	build := func() *Network {
		a := NewIzhikevich("a", 20, TonicSpiking)
		b := NewIzhikevich("b", 30, TonicSpiking)
		n := NewNetwork(a, b)
		if err := n.Connect("a", "b", Conn{Rule: AllToAll, Scale: 2}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	shown := build()
	got := shown.HTML()
	if shown.rt != nil {
		t.Fatal("Network.HTML built the runtime")
	}
	for _, want := range []string{"a → b", "AllToAll", ">600<", "≈ 38 (not drawn yet)", "≈ 87 (not drawn yet)"} {
		if !strings.Contains(got, want) {
			t.Errorf("Network.HTML before Simulate lacks %q:\n%s", want, got)
		}
	}
	sim := Sim{T: 50, Dt: 0.5, Seed: 3, IExt: map[string][]Stim{"a": {{Amp: 10, Std: 3}}}, Record: []string{"v"}}
	r1, err := shown.Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := build().Simulate(sim)
	if err != nil {
		t.Fatal(err)
	}
	if h1, h2 := hashResult(r1), hashResult(r2); h1 != h2 {
		t.Errorf("Network.HTML changed the next run: hash %s, want %s", h1, h2)
	}
	after := shown.HTML()
	for _, c := range shown.Connections() {
		if want := fmt.Sprintf(">%d<", c.Synapses); !strings.Contains(after, want) {
			t.Errorf("Network.HTML after Simulate lacks the drawn count %s of %s → %s:\n%s", want, c.Pre, c.Post, after)
		}
	}
	if strings.Contains(after, "not drawn") {
		t.Errorf("Network.HTML after Simulate still says not drawn:\n%s", after)
	}
}
