package session

import (
	"context"
	"strings"
	"testing"
)

func TestIsComplete(t *testing.T) {
	s := newSession(t, Options{})
	for _, test := range []struct{ code, status string }{
		{"x := 1", "complete"},
		{"", "complete"},
		{"func f() {", "incomplete"},
		{"for i := 0; i < 3; i++ {\n\tfmt.Println(i)", "incomplete"},
		{"fmt.Println(1,", "incomplete"},
		{"x := []int{\n1, 2,", "incomplete"},
		{"s := `raw\nstring", "incomplete"},
		{"x := 1 +", "incomplete"},
		{"net.", "incomplete"},
		{"x := 1 }", "invalid"},
		{"x := )", "invalid"},
		{"s := \"abc", "invalid"},
		{"x++", "complete"},
		{"func f() {}\nf()", "complete"},
	} {
		status, indent := s.IsComplete(test.code)
		if status != test.status {
			t.Errorf("IsComplete(%q) = %q, want %q", test.code, status, test.status)
		}
		if status == "incomplete" && strings.Count(test.code, "{") > strings.Count(test.code, "}") && indent == "" {
			t.Errorf("IsComplete(%q): no indent inside a block", test.code)
		}
	}
}

func TestComplete(t *testing.T) {
	s := newSession(t, Options{})
	if _, err := s.Exec(context.Background(), `myNetwork := pyn.NewNetwork(pyn.NewIzhikevich("a", 1, pyn.TonicSpiking))
func myFunc() {}
import "strings"`); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		code       string
		cursor     int // -1: end
		want       []string
		start, end int
	}{
		{code: "pyn.NewIz", cursor: -1, want: []string{"NewIzhikevich"}, start: 4, end: 9},
		{code: "x := fmt.Print", cursor: -1, want: []string{"Print", "Printf", "Println"}, start: 9, end: 14},
		{code: "strings.ToUp", cursor: -1, want: []string{"ToUpper"}, start: 8, end: 12},
		{code: "myN", cursor: -1, want: []string{"myNetwork"}, start: 0, end: 3},
		{code: "myF", cursor: -1, want: []string{"myFunc"}, start: 0, end: 3},
		{code: "myNetwork.Sim", cursor: -1, want: []string{"Simulate"}, start: 10, end: 13},
		{code: "myNetwork.Se", cursor: -1, want: []string{"Seed"}, start: 10, end: 12},
		{code: "display.HT", cursor: -1, want: []string{"HTML"}, start: 8, end: 10},
		{code: "retu", cursor: -1, want: []string{"return"}, start: 0, end: 4},
		{code: "pyn.New(", cursor: 7, want: []string{"NewAdEx", "NewHodgkinHuxley", "NewIzhikevich", "NewLIF", "NewNetwork", "NewPoisson", "NewSpikeSource"}, start: 4, end: 7},
		{code: "_pyn", cursor: -1, want: nil, start: 0, end: 4},
	} {
		cur := test.cursor
		if cur < 0 {
			cur = len(test.code)
		}
		got, start, end := s.Complete(test.code, cur)
		var filtered []string
		for _, g := range got {
			for _, w := range test.want {
				if g == w {
					filtered = append(filtered, g)
				}
			}
		}
		if strings.Join(filtered, ",") != strings.Join(test.want, ",") || (test.want == nil && len(got) > 0) {
			t.Errorf("Complete(%q) = %v, want %v among them", test.code, got, test.want)
		}
		if start != test.start || end != test.end {
			t.Errorf("Complete(%q) range [%d,%d), want [%d,%d)", test.code, start, end, test.start, test.end)
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t, Options{})
	if _, err := s.Exec(context.Background(), `net := pyn.NewNetwork()
k := 42`); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		code   string
		cursor int
		want   []string // substrings
	}{
		{"pyn.NewIzhikevich(", 8, []string{"func NewIzhikevich(name string, n int, p IzhikevichParams) *Population"}},
		{"pyn.Sim{}", 5, []string{"type Sim struct", "Simulate"}},
		{"net.Simulate(", 6, []string{"func (n *Network) Simulate(s Sim) (*Result, error)"}},
		{"display.HTML", 10, []string{"func HTML(s string) Data"}},
		{"pyn", 1, []string{"package pyn"}},
		{"k", 1, []string{"k: int = 42"}},
		{"fmt.Println", 6, []string{"Println"}},
		{"nothingHere", 3, nil},
	} {
		got, found := s.Inspect(test.code, test.cursor)
		if test.want == nil {
			if found {
				t.Errorf("Inspect(%q) found %q", test.code, got)
			}
			continue
		}
		if !found {
			t.Errorf("Inspect(%q): not found", test.code)
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(got, w) {
				t.Errorf("Inspect(%q) = %q, want it to contain %q", test.code, got, w)
			}
		}
	}
}
