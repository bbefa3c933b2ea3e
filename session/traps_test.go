package session

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/pyn-go/pyn/symbols"
)

// TestYaegiTraps pins the interpreter behaviours documented in
// docs/yaegi.md on the raw interpreter (yaegi v0.16.1), without the
// session's workarounds. When an upgrade fixes one, this test fails: then
// update the document (and drop the workaround).
func TestYaegiTraps(t *testing.T) {
	for _, test := range []struct {
		name  string
		setup []string
		expr  string
		want  string // value printed with %v, or "error: substring"
	}{
		{"interface values appended in a loop alias the last",
			[]string{`import "fmt"`, `type T struct{ n int }`, `func (t T) String() string { return fmt.Sprint(t.n) }`,
				`func f() string { var vs []fmt.Stringer; for k := 0; k < 3; k++ { vs = append(vs, T{k}) }; s := ""; for _, v := range vs { s += v.String() }; return s }`},
			"f()", "222"},
		{"pointers stored in interface values in a loop alias the last",
			[]string{`type I interface{ Get() int }`, `type G struct{ n int }`, `func (g G) Get() int { return g.n }`,
				`func f() (s int) { var vs []I; for k := 0; k < 3; k++ { g := G{k}; vs = append(vs, &g) }; for _, v := range vs { s = 10*s + v.Get() }; return }`},
			"f()", "222"},
		{"closures capture the loop variable shared across iterations (pre-Go 1.22)",
			[]string{`func f() (s int) { var fs []func() int; for k := 0; k < 3; k++ { fs = append(fs, func() int { return k }) }; for _, g := range fs { s = 10*s + g() }; return }`},
			"f()", "333"},
		{"shadowing the loop variable with k := k at top level makes the loop endless",
			[]string{"n := 0\nfor k := 0; k < 3; k++ { k := k; n++; if n > 10 { break } }"},
			"n", "11"},
		{"interpreted methods are invisible to compiled code taking any",
			[]string{`import "github.com/pyn-go/pyn/display"`, `type H struct{}`, `func (H) HTML() string { return "<b>h</b>" }`,
				`_, ok := display.Render(H{})`},
			"ok", "false"},
		{"interpreted values spread into a compiled ...any show their internals",
			[]string{`import "fmt"`, `type T struct{ n int }`, `func (t T) String() string { return "T" }`, `xs := []interface{}{T{1}}`},
			"fmt.Sprint(xs...)", "error-free but not T"},
		{"a type redefinition is silently ignored",
			[]string{`type P struct{ A int }`, `type P struct{ A, B int }`},
			"P{}", "{0}"},
		{"a method redefinition is silently ignored",
			[]string{`type M struct{}`, `func (M) Hi() string { return "one" }`, `func (M) Hi() string { return "two" }`},
			"M{}.Hi()", "one"},
		{"importing a package twice is an error",
			[]string{`import "strings"`},
			`import "strings"`, "error: redeclared"},
		{"a var declaration using a := global is a definition loop",
			[]string{`x := 1`},
			`var y = x + 1`, "error: definition loop"},
		{"an undefined name in a top-level := is reported as a definition loop",
			nil,
			`z := undefinedName + 1`, "error: definition loop"},
		{"two results assigned to one variable silently keep the first",
			[]string{`func two() (int, int) { return 1, 2 }`},
			`a := two()`, "1"},
		{"declaring func main makes every later evaluation run it",
			[]string{`import "fmt"`, `func main() { fmt.Print("main ran;") }`},
			`1 + 1`, "output: main ran;"},
		{"a cell starting with a function literal call runs again after every later evaluation",
			[]string{`import "fmt"`, `func() { fmt.Print("literal ran;") }()`},
			`1 + 1`, "output: literal ran;"},
		{"a multi-value := inside a block at top level fails",
			[]string{`func f() (int, error) { return 1, nil }`},
			"for i := 0; i < 2; i++ {\n\tr, err := f()\n\t_, _ = r, err\n}", "error: undefined"},
		{"a parallel assignment to fields of a compiled struct can drop all but the first",
			[]string{`import "github.com/pyn-go/pyn/pyn"`, `c := pyn.Conn{}`, `c.Weight, c.Inhibitory = pyn.Uniform(0, 1), true`},
			"c.Inhibitory", "false"},
		{"a top-level := indexing a slice field of a compiled struct crashes the compiler",
			[]string{`import "github.com/pyn-go/pyn/pyn"`, `res := &pyn.Result{Pops: []pyn.PopResult{{N: 3}}}`},
			"n := res.Pops[0].N", "error: nil pointer dereference"},
		{"converting the indexed slice to its own type avoids the crash",
			[]string{`import "github.com/pyn-go/pyn/pyn"`, `res := &pyn.Result{Pops: []pyn.PopResult{{N: 3}}}`, `n := ([]pyn.PopResult(res.Pops))[0].N`},
			"n", "3"},
		{"a top-level defer runs again after every later evaluation",
			[]string{`import "fmt"`, `defer fmt.Print("deferred;")`},
			`1 + 1`, "output: deferred;"},
		{"a variable of an alias interface type from a symbol table fails",
			[]string{`import "github.com/pyn-go/pyn/display"`, `type H struct{}`, `func (H) HTML() string { return "" }`},
			`var h display.HTMLer = H{}`, "error: zero Value"},
		{"asserting an interpreted value to an anonymous interface can panic",
			[]string{`func f(v interface{}) string { if x, ok := v.(interface{ HTML() string }); ok { return x.HTML() }; return "none" }`,
				`type H struct{ s string }`, `func (h H) HTML() string { return h.s }`, `hv := H{"x"}`},
			`f(hv)`, "error: reflect.Set"},
		{"a panic in top-level statements is located at the block's start",
			nil,
			"x := 1\nvar a []int\n_ = a[x+5]", "stderr: 1:"},
		{"runtime error messages differ from compiled Go",
			[]string{`func f() int { var a []int; return a[3] }`},
			`f()`, "error: reflect: slice index out of range"},
	} {
		t.Run(test.name, func(t *testing.T) {
			var out, errOut strings.Builder
			i := interp.New(interp.Options{Stdout: &out, Stderr: &errOut})
			i.Use(stdlib.Symbols)  //nolint:errcheck
			i.Use(symbols.Symbols) //nolint:errcheck
			for _, s := range test.setup {
				if _, err := i.Eval(s); err != nil && test.name != "a type redefinition is silently ignored" {
					t.Fatalf("setup %q: %v", s, err)
				}
			}
			out.Reset()
			v, err := i.EvalWithContext(context.Background(), test.expr)
			switch {
			case strings.HasPrefix(test.want, "error: "):
				if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(test.want, "error: ")) {
					t.Errorf("error %v, want one containing %q", err, strings.TrimPrefix(test.want, "error: "))
				}
			case strings.HasPrefix(test.want, "stderr: "):
				if !strings.HasPrefix(errOut.String(), strings.TrimPrefix(test.want, "stderr: ")) {
					t.Errorf("stderr %q, want it to start with %q", errOut.String(), strings.TrimPrefix(test.want, "stderr: "))
				}
			case strings.HasPrefix(test.want, "output: "):
				if !strings.Contains(out.String(), strings.TrimPrefix(test.want, "output: ")) {
					t.Errorf("output %q, want %q", out.String(), test.want)
				}
			case test.want == "error-free but not T":
				if err != nil || !v.IsValid() || fmt.Sprint(v.Interface()) == "T" {
					t.Errorf("got %v %v: the trap is fixed", v, err)
				}
			default:
				if err != nil {
					t.Fatalf("error %v", err)
				}
				got := "<invalid>"
				if v.IsValid() && v.CanInterface() {
					got = fmt.Sprint(v.Interface())
				} else if v.IsValid() {
					got = fmt.Sprint(v)
				}
				if got != test.want {
					t.Errorf("got %q, want %q", got, test.want)
				}
			}
		})
	}
}
