package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
	"github.com/pyn-go/pyn/pyn"
)

// syncBuffer is a bytes.Buffer safe for the capture goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func newSession(t *testing.T, opts Options) *Session {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEval is the table of single cells in a fresh session, in the style
// of yaegi's interp_eval_test.go: the value's text rendering, or the
// error's text.
func TestEval(t *testing.T) {
	for _, test := range []struct {
		desc, src, res, err string
	}{
		{desc: "arithmetic", src: "1 + 2*3", res: "7"},
		{desc: "untyped constant", src: "1 << 40", res: "1099511627776"},
		{desc: "string", src: `"a" + "b"`, res: "ab"},
		{desc: "prelude math", src: "math.Floor(2.7)", res: "2"},
		{desc: "prelude pyn", src: "pyn.Version", res: pyn.Version},
		{desc: "statement only", src: "x := 3", res: ""},
		{desc: "declaration only", src: "func f() {}", res: ""},
		{desc: "call without result", src: "func f() {}\nf()", res: ""},
		{desc: "builtin without result", src: `println("x")`, res: ""},
		{desc: "builtin with result", src: `len("abcd")`, res: "4"},
		{desc: "conversion", src: "float64(3)", res: "3"},
		{desc: "func literal call", src: "func() int { return 9 }()", res: "9"},
		{desc: "multi value with nil error", src: `import "strconv"` + "\nstrconv.Atoi(\"12\")", res: "12"},
		{desc: "multi value with error", src: `import "strconv"` + "\nstrconv.Atoi(\"x\")", err: `2:1: strconv.Atoi: parsing "x": invalid syntax`},
		{desc: "call returning only a non-nil error", src: `import "errors"` + "\nerrors.New(\"e\")", err: "2:1: e"},
		{desc: "call returning only a nil error", src: "func ok() error { return nil }\nok()", res: ""},
		{desc: "error variable shown as text", src: `import "errors"` + "\ne := errors.New(\"e\")\ne", res: "e"},
		{desc: "nil", src: "var p *int\np", res: "<nil>"},
		{desc: "struct", src: "type P struct{ A int; B string }\nP{1, \"x\"}", res: "{1 x}"},
		{desc: "pointer to struct", src: "type P struct{ A int }\n&P{2}", res: "&{2}"},
		{desc: "parenthesised call", src: "(math.Max(1, 2))", res: "2"},
		{desc: "method on a computed receiver", src: "pyn.Uniform(1, 2).A", res: "1"},
		{desc: "pyn call", src: `pyn.NewIzhikevich("a", 3, pyn.TonicSpiking).N`, res: "3"},
		{desc: "undefined", src: "y + 1", err: "1:1: undefined: y"},
		{desc: "syntax", src: "x := )", err: "1:6: expected operand, found ')'"},
		{desc: "panic", src: `panic("p")`, err: "1:1: p"},
		{desc: "empty", src: "", res: ""},
		{desc: "comments only", src: "// nothing\n/* at all */", res: ""},
		{desc: "labelled loop", src: "n := 0\nL: for { for { n++; if n > 3 { break L } } }\nn", res: "4"},
		{desc: "switch", src: "v := 2\nswitch v { case 1: v = 10; case 2: v = 20 }\nv", res: "20"},
		{desc: "select", src: "c := make(chan int, 1)\nc <- 5\nselect { case v := <-c: fmt.Print(v) }", res: ""},
		{desc: "closure over a global", src: "k := 2\nadd := func(a int) int { return a + k }\nadd(3)", res: "5"},
	} {
		t.Run(test.desc, func(t *testing.T) {
			s := newSession(t, Options{})
			out, err := s.Exec(context.Background(), test.src)
			if test.err != "" {
				if err == nil || err.Error() != test.err {
					t.Fatalf("error %v, want %q", err, test.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			got := ""
			if out.Value != nil {
				got = canon(*out.Value)
				if got == "" {
					got = "(empty)"
				}
			}
			if got != test.res {
				t.Fatalf("value %q, want %q", got, test.res)
			}
		})
	}
}

// TestCancelInterpretedLoop checks that an interrupt stops an interpreted
// infinite loop quickly, that the rest of the cell does not run and that
// the session stays usable.
func TestCancelInterpretedLoop(t *testing.T) {
	if raceDetector {
		t.Skip("evaluates after an interrupt: see raceDetector")
	}
	var stdout syncBuffer
	s := newSession(t, Options{Stdout: &stdout})
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan time.Time, 1)
	time.AfterFunc(100*time.Millisecond, func() { cancelled <- time.Now(); cancel() })
	_, err := s.Exec(ctx, "n := 0\nfor { n++ }\nfmt.Println(\"after the loop\")")
	took := time.Since(<-cancelled)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	// The issue asks for an interrupt within half a second.
	if took > 500*time.Millisecond {
		t.Errorf("cancel took %v", took)
	}
	t.Logf("interpreted loop stopped %v after the interrupt", took)
	if strings.Contains(stdout.String(), "after the loop") {
		t.Error("the rest of the cancelled cell ran")
	}
	out, err := s.Exec(context.Background(), "n > 0")
	if err != nil || out.Value == nil || canon(*out.Value) != "true" {
		t.Fatalf("after cancel: %v %v", out, err)
	}
}

// TestCancelSimulate checks that an interrupt stops pyn's compiled
// simulation loop through the ambient context, and that a run longer than
// a second shows a progress display that ends as a summary.
func TestCancelSimulate(t *testing.T) {
	if raceDetector {
		t.Skip("evaluates after an interrupt: see raceDetector")
	}
	if testing.Short() {
		t.Skip("runs a simulation for more than a second")
	}
	var mu sync.Mutex
	var live []string
	var stdout syncBuffer
	s := newSession(t, Options{Stdout: &stdout, Display: func(d display.Data, update bool) {
		mu.Lock()
		live = append(live, fmt.Sprintf("%v %s", update, d.Data[display.MIMEText]))
		mu.Unlock()
	}})
	ctx, cancel := context.WithCancel(context.Background())
	const wait = 1500 * time.Millisecond
	// The latency is measured from the interrupt itself, not from the
	// cell's start: on a busy machine building the cell can take longer.
	cancelled := make(chan time.Time, 1)
	time.AfterFunc(wait, func() { cancelled <- time.Now(); cancel() })
	out, err := s.Exec(ctx, `
pop := pyn.NewIzhikevich("exc", 500, pyn.TonicSpiking)
net := pyn.NewNetwork(pop)
res, err := net.Simulate(pyn.Sim{T: 1e7, IExt: map[string][]pyn.Stim{"exc": {{Amp: 10}}}})
fmt.Println("not printed", res, err)
`)
	took := time.Since(<-cancelled)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if took > 500*time.Millisecond {
		t.Errorf("Simulate stopped %v after the interrupt, want < 0.5 s", took)
	}
	t.Logf("Simulate stopped %v after the interrupt", took)
	if strings.Contains(stdout.String(), "not printed") {
		t.Error("the rest of the interrupted cell ran")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(live) < 2 || !strings.HasPrefix(live[0], "false pyn: simulating") || !strings.Contains(live[len(live)-1], "true pyn: stopped at") {
		t.Errorf("progress displays %q", live)
	}
	if out == nil || len(out.Displays) != 1 || !strings.HasPrefix(out.Displays[0].Data[display.MIMEText].(string), "pyn: stopped at") {
		t.Errorf("outcome displays: %+v", out)
	}
	// Issue 6: the interrupt returns partial results to the session: res
	// holds the run up to the stop (Complete false) and the network's
	// clock stands there.
	out, err = s.Exec(context.Background(), "fmt.Sprint(res != nil && !res.Complete && res.T > 0 && math.Abs(res.Start+res.T-net.Time()) < 1e-6, len(res.Pops[0].Spikes.T) > 0)")
	if err != nil {
		t.Fatalf("session unusable after the interrupt: %v", err)
	}
	if got := out.Value.Data[display.MIMEText]; got != "true true" {
		t.Errorf("partial result after the interrupt: %v, want true true", got)
	}
}

// TestProgressSequence drives the progress callback directly: nothing for
// a run under a second, a bar then updates then a summary for a long one.
func TestProgressSequence(t *testing.T) {
	var got []string
	s := newSession(t, Options{Display: func(d display.Data, update bool) {
		got = append(got, fmt.Sprintf("%v %s", update, d.Data[display.MIMEText]))
	}})
	st := &execState{}
	s.cur = st
	g := s.progressFunc(st)
	f := func(p pyn.Progress) { g(cell.Progress(p)) }
	f(pyn.Progress{Fraction: 0.5, T: 50, Wall: 300 * time.Millisecond})
	f(pyn.Progress{Fraction: 1, T: 100, Wall: 600 * time.Millisecond}) // short run: nothing
	f(pyn.Progress{Fraction: 0.1, T: 100, Wall: 200 * time.Millisecond})
	f(pyn.Progress{Fraction: 0.5, T: 500, Wall: 1200 * time.Millisecond})
	time.Sleep(progressEvery)
	f(pyn.Progress{Fraction: 0.75, T: 750, Wall: 1800 * time.Millisecond})
	f(pyn.Progress{Fraction: 1, T: 1000, Wall: 2400 * time.Millisecond})
	want := []string{
		"false pyn: simulating  50% (500 of 1000 ms, 1.2s)",
		"true pyn: simulating  75% (750 of 1000 ms, 1.8s)",
		"true pyn: simulated 1000 ms in 2.4s",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(st.displays) != 1 || st.displays[0].Data[display.MIMEText] != "pyn: simulated 1000 ms in 2.4s" {
		t.Errorf("final displays %+v", st.displays)
	}
}

// TestCompiledOutput checks that what compiled code writes to os.Stdout
// and os.Stderr reaches the session's writers, in order with interpreted
// output, also beyond a pipe buffer (64 KiB on Linux).
func TestCompiledOutput(t *testing.T) {
	var stdout, stderr syncBuffer
	s := newSession(t, Options{Stdout: &stdout, Stderr: &stderr})
	_, err := s.Exec(context.Background(), `
import (
	"os"
	"strings"
)
fmt.Println("interpreted 1")
os.Stdout.WriteString("compiled 2\n")
fmt.Println("interpreted 3")
fmt.Fprintln(os.Stderr, "to stderr")
for i := 0; i < 20000; i++ { os.Stdout.WriteString(strings.Repeat("x", 9) + "\n") }
fmt.Println("end")
`)
	if err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	if !strings.HasPrefix(out, "interpreted 1\ncompiled 2\ninterpreted 3\n") || !strings.HasSuffix(out, "xxxxxxxxx\nend\n") {
		t.Errorf("stdout starts %q ends %q", out[:min(len(out), 60)], out[max(0, len(out)-30):])
	}
	if n := strings.Count(out, "xxxxxxxxx\n"); n != 20000 {
		t.Errorf("%d lines of x, want 20000", n)
	}
	if stderr.String() != "to stderr\n" {
		t.Errorf("stderr %q", stderr.String())
	}
}

// TestDisplayOrder checks that text printed before a display reaches the
// writer before the display is published.
func TestDisplayOrder(t *testing.T) {
	var mu sync.Mutex
	var events []string
	w := writerFunc(func(p []byte) {
		mu.Lock()
		events = append(events, "text "+strings.TrimSpace(string(p)))
		mu.Unlock()
	})
	s := newSession(t, Options{Stdout: w, Display: func(d display.Data, update bool) {
		mu.Lock()
		events = append(events, fmt.Sprint("display ", d.Data[display.MIMEText]))
		mu.Unlock()
	}})
	_, err := s.Exec(context.Background(), `
import "os"
os.Stdout.WriteString("before\n")
display.Display("shown")
fmt.Println("after")
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "text before|display shown|text after"
	if got := strings.Join(events, "|"); got != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestClearOutput checks that display.ClearOutput reaches the host as a
// clear request (display.IsClear) in order with the displays, and that
// Outcome.Displays ends as Jupyter would show the cell: cleared at once,
// or (wait) when the next display arrives.
func TestClearOutput(t *testing.T) {
	for _, test := range []struct {
		name, code  string
		live, final string
	}{
		{"clear", `display.Display("a"); display.ClearOutput(false); display.Display("b")`,
			"a|clear|b", "b"},
		{"clear last", `display.Display("a"); display.ClearOutput(false)`, "a|clear", ""},
		{"wait", `display.Display("a"); display.ClearOutput(true); display.Display("b"); display.Display("c")`,
			"a|clear wait|b|c", "b|c"},
		{"wait without a next display", `display.Display("a"); display.ClearOutput(true)`, "a|clear wait", "a"},
	} {
		t.Run(test.name, func(t *testing.T) {
			var live []string
			s := newSession(t, Options{Display: func(d display.Data, update bool) {
				if wait, ok := display.IsClear(d); ok {
					live = append(live, map[bool]string{false: "clear", true: "clear wait"}[wait])
					return
				}
				live = append(live, fmt.Sprint(d.Data[display.MIMEText]))
			}})
			out, err := s.Exec(context.Background(), test.code)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(live, "|"); got != test.live {
				t.Errorf("published %q, want %q", got, test.live)
			}
			var final []string
			for _, d := range out.Displays {
				final = append(final, fmt.Sprint(d.Data[display.MIMEText]))
			}
			if got := strings.Join(final, "|"); got != test.final {
				t.Errorf("Outcome.Displays %q, want %q", got, test.final)
			}
		})
	}
}

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// TestReset checks that Reset forgets state, allows redefining a type and
// keeps the options.
func TestReset(t *testing.T) {
	var stdout syncBuffer
	s := newSession(t, Options{Stdout: &stdout})
	ctx := context.Background()
	if _, err := s.Exec(ctx, "type T struct{ A int }\nv := 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(ctx, "type T struct{ A, B int }"); err == nil {
		t.Fatal("redefining a type without Reset: no error")
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(ctx, "v"); err == nil {
		t.Error("v survived Reset")
	}
	out, err := s.Exec(ctx, "type T struct{ A, B int }\nfmt.Println(\"ok\")\nT{1, 2}")
	if err != nil || canon(*out.Value) != "{1 2}" || stdout.String() != "ok\n" {
		t.Errorf("after Reset: %v %v %q", out, err, stdout.String())
	}
}

// TestHostStdout checks that a session writing to the process's own
// stdout does not loop through its own capture.
func TestHostStdout(t *testing.T) {
	s := newSession(t, Options{})
	done := make(chan error, 1)
	go func() {
		_, err := s.Exec(context.Background(), `import "os"`+"\nos.Stdout.WriteString(\"\")")
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Exec hung")
	}
}

// TestValuesReleased checks that a trailing value is not kept alive by the
// session once rendered (a load of cells showing big images must not grow
// memory without bound).
func TestValuesReleased(t *testing.T) {
	s := newSession(t, Options{})
	if _, err := s.Exec(context.Background(), "make([]byte, 1<<20)"); err != nil {
		t.Fatal(err)
	}
	for name, v := range s.interpGlobals() {
		if strings.HasPrefix(name, "_pynV") && v.Len() != 0 {
			t.Errorf("%s still holds %d bytes", name, v.Len())
		}
	}
}

// TestCancelBlockedCall checks that an interrupt returns at once even when
// the cell is blocked in a compiled call that ignores contexts.
func TestCancelBlockedCall(t *testing.T) {
	if raceDetector {
		t.Skip("evaluates after an interrupt: see raceDetector")
	}
	var stdout syncBuffer
	s := newSession(t, Options{Stdout: &stdout})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := s.Exec(ctx, "import \"time\"\ntime.Sleep(time.Second)\nfmt.Println(\"not printed\")")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(t0) > 600*time.Millisecond {
		t.Fatalf("error %v after %v", err, time.Since(t0))
	}
	if _, err := s.Exec(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
}

// TestProcessStderr checks that the host's own diagnostics written to
// ProcessStderr during a cell do not end up in the cell's stderr.
func TestProcessStderr(t *testing.T) {
	var stderr syncBuffer
	s := newSession(t, Options{Stderr: &stderr, Display: func(display.Data, bool) {
		fmt.Fprint(ProcessStderr(), "") // a host logging while a cell runs
		fmt.Fprint(os.Stderr, "captured ")
	}})
	if _, err := s.Exec(context.Background(), `display.Display("x")`); err != nil {
		t.Fatal(err)
	}
	if stderr.String() != "captured " {
		t.Errorf("stderr %q", stderr.String())
	}
	if f, ok := ProcessStderr().(*os.File); runtime.GOOS == "linux" && (!ok || f.Fd() == 2) {
		t.Error("ProcessStderr is descriptor 2 itself, which cells capture")
	}
}

// TestCompiledPanicTrace checks that a panic inside compiled code called
// by a cell is reported with the compiled frames and the cell's position.
func TestCompiledPanicTrace(t *testing.T) {
	s := newSession(t, Options{})
	_, err := s.Exec(context.Background(), "import \"strings\"\nn := -1\ns := strings.Repeat(\"x\", n)")
	var e *Error
	if !errors.As(err, &e) || e.Name != ErrPanic {
		t.Fatalf("error %v, want a panic", err)
	}
	tb := strings.Join(e.Traceback, "\n")
	if e.Line != 3 || !strings.Contains(e.Value, "negative Repeat count") || !strings.Contains(tb, "strings.Repeat") {
		t.Errorf("line %d, value %q, traceback:\n%s", e.Line, e.Value, tb)
	}
}

// TestLateGoroutinePanic checks that a goroutine panicking after its cell
// ended reports on stderr and the session goes on.
func TestLateGoroutinePanic(t *testing.T) {
	var stderr syncBuffer
	s := newSession(t, Options{Stderr: &stderr})
	if _, err := s.Exec(context.Background(), "import \"time\"\ngo func() { time.Sleep(200 * time.Millisecond); panic(\"late\") }()"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !strings.Contains(stderr.String(), "late"); {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "panic in a goroutine started by an earlier cell: late") {
		t.Errorf("stderr %q", stderr.String())
	}
	if _, err := s.Exec(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
}

// TestTextFallback checks that a rich value's text/plain is its String
// method when it has one (for front ends that show only text).
func TestTextFallback(t *testing.T) {
	s := newSession(t, Options{})
	out, err := s.Exec(context.Background(), `type Labelled struct{}
func (Labelled) HTML() string { return "<b>L</b>" }
func (Labelled) String() string { return "Labelled value" }
Labelled{}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Value.Data[display.MIMEText]; got != "Labelled value" || out.Value.Data[display.MIMEHTML] != "<b>L</b>" {
		t.Errorf("bundle %v", out.Value.Data)
	}
}
