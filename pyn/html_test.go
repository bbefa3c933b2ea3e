package pyn

import (
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
