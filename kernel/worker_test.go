package kernel

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// testWorkerEnv makes the test binary serve as an interpreter worker
// (TestMain), so that these tests need no pyn binary.
const testWorkerEnv = "PYN_KERNEL_TEST_WORKER"

// startWorker starts a Worker running this test binary.
func startWorker(t *testing.T, wo WorkerOptions) (*Worker, *syncBuffer, *syncBuffer, *syncBuffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, log := &syncBuffer{}, &syncBuffer{}, &syncBuffer{}
	wo.Path, wo.Env, wo.Log = exe, []string{testWorkerEnv + "=1"}, log
	ex, err := NewWorkerExecutor(wo)(session.Options{Stdout: stdout, Stderr: stderr,
		Display: func(display.Data, bool) {}})
	if err != nil {
		t.Fatal(err)
	}
	w := ex.(*Worker)
	t.Cleanup(func() { w.Close() })
	t.Logf("worker started in %v", w.RestartTime())
	return w, stdout, stderr, log
}

func execText(t *testing.T, w *Worker, code string) (string, error) {
	t.Helper()
	out, err := w.Exec(context.Background(), code)
	if out != nil && out.Value != nil {
		s, _ := out.Value.Data[display.MIMEText].(string)
		return s, err
	}
	return "", err
}

func TestWorkerExec(t *testing.T) {
	w, stdout, _, _ := startWorker(t, WorkerOptions{})
	if _, err := execText(t, w, `x := 41; fmt.Println("hello")`); err != nil {
		t.Fatal(err)
	}
	if v, err := execText(t, w, "x + 1"); err != nil || v != "42" {
		t.Errorf("x + 1 = %q, %v; want 42 (state kept across cells)", v, err)
	}
	if got := stdout.String(); got != "hello\n" {
		t.Errorf("stdout %q", got)
	}
	_, err := execText(t, w, `panic("no")`)
	var se *session.Error
	if !errors.As(err, &se) || se.Name != session.ErrPanic {
		t.Errorf("panic: %v", err)
	}
	if m, start, _ := w.Complete("fmt.Printl", 10); len(m) == 0 || m[0] != "Println" || start != 4 {
		t.Errorf("complete %v", m)
	}
	if doc, ok := w.Inspect("fmt.Println", 5); !ok || !strings.Contains(doc, "Println") {
		t.Errorf("inspect %q %v", doc, ok)
	}
	if st, _ := w.IsComplete("func f() {"); st != "incomplete" {
		t.Errorf("is_complete %q", st)
	}
	// Interrupt: a cell sleeping in compiled code stops when ctx is done.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	t0 := time.Now()
	_, err = w.Exec(ctx, "import \"time\"\nfor { time.Sleep(time.Millisecond) }")
	if dt := time.Since(t0); !errors.Is(err, context.Canceled) && !errors.As(err, &se) || dt > 2*time.Second {
		t.Errorf("interrupt: %v after %v", err, dt)
	}
	t.Logf("interrupted cell ended %v after the interrupt", time.Since(t0)-300*time.Millisecond)
	if v, _ := execText(t, w, "x"); v != "41" {
		t.Errorf("x = %q after the interrupt, want 41", v)
	}
}

// faultCells are the fatal faults of issue 15, class 4: each kills the
// worker, never the kernel.
var faultCells = []struct {
	name, code, ename, cause string
}{
	{"infinite recursion", "func down(n int) int { return down(n+1) + 1 }\ndown(0)",
		DeathStackOverflow, "stack overflow"},
	{"concurrent map writes", `m := map[int]int{}
done := make(chan bool)
for g := 0; g < 4; g++ {
	go func() {
		for i := 0; i < 1000000; i++ {
			m[i%100] = i
		}
		done <- true
	}()
}
for g := 0; g < 4; g++ {
	<-done
}`, DeathConcurrentMap, "concurrent map"},
	{"30 GB allocation", "b := make([]byte, 30<<30)\nb[len(b)-1] = 1", DeathOutOfMemory, "out of memory"},
	{"panic in a time.AfterFunc callback", `import "time"
time.AfterFunc(time.Millisecond, func() { panic("boom in a callback") })
time.Sleep(2 * time.Second)`, DeathPanic, "boom in a callback"},
}

func TestWorkerFatal(t *testing.T) {
	// A memory limit below 30 GB on any machine, so that the allocation
	// fails the same way everywhere.
	w, _, stderr, log := startWorker(t, WorkerOptions{MemoryBytes: 8 << 30})
	for _, test := range faultCells {
		t.Run(test.name, func(t *testing.T) {
			if _, err := execText(t, w, "kept := 1"); err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			_, err := execText(t, w, test.code)
			dt := time.Since(t0)
			var se *session.Error
			if !errors.As(err, &se) || se.Name != test.ename || !strings.Contains(se.Value, test.cause) ||
				!strings.Contains(se.Value, "state lost") {
				t.Fatalf("error %#v, want %s naming %q and the lost state", err, test.ename, test.cause)
			}
			if !strings.Contains(stderr.String(), "earlier cells are lost") {
				t.Errorf("stderr does not tell the state was lost: %q", stderr.String())
			}
			t.Logf("%s: cell failed after %v; worker restarted in %v: %s", test.name, dt.Round(time.Millisecond),
				w.RestartTime().Round(time.Millisecond), se.Value)
			// The next cell runs, in a fresh interpreter.
			if _, err := execText(t, w, "kept"); err == nil || !strings.Contains(err.Error(), "undefined") {
				t.Errorf("kept after the restart: %v, want undefined", err)
			}
			if v, err := execText(t, w, "1 + 1"); err != nil || v != "2" {
				t.Errorf("next cell: %q, %v", v, err)
			}
		})
	}
	if !strings.Contains(log.String(), "the interpreter worker died") {
		t.Errorf("log:\n%s", log.String())
	}
}

// TestWorkerDiesBetweenCells: a callback panics after its cell ended. The
// kernel log says so, a fresh worker is started at once, and the next
// cell's stderr starts with the news.
func TestWorkerDiesBetweenCells(t *testing.T) {
	w, _, stderr, log := startWorker(t, WorkerOptions{})
	if _, err := execText(t, w, `import "time"
time.AfterFunc(200*time.Millisecond, func() { panic("late boom") })`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "the interpreter worker died") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if v, err := execText(t, w, "2 * 21"); err != nil || v != "42" {
		t.Errorf("next cell: %q, %v", v, err)
	}
	if s := stderr.String(); !strings.Contains(s, "died after the previous cell") || !strings.Contains(s, "late boom") {
		t.Errorf("next cell's stderr: %q", s)
	}
	if !strings.Contains(log.String(), "late boom") {
		t.Errorf("log:\n%s", log.String())
	}
}

func TestDiagnose(t *testing.T) {
	for _, test := range []struct{ report, name, cause string }{
		// Reports as the Go runtime prints them (runtime/stack.go,
		// runtime/malloc.go, internal/runtime/maps, runtime/panic.go).
		{"runtime: goroutine stack exceeds 134217728-byte limit\nruntime: sp=0xc0200e0388 stack=[0xc0200e0000, 0xc0400e0000]\nfatal error: stack overflow\n",
			DeathStackOverflow, "134217728-byte limit"},
		{"runtime: out of memory: cannot allocate 32212254720-byte block (3997696 in use)\nfatal error: out of memory\n",
			DeathOutOfMemory, "32212254720 bytes"},
		{"fatal error: concurrent map writes\n\ngoroutine 7 [running]:\n", DeathConcurrentMap, "concurrent map writes"},
		{"fatal error: all goroutines are asleep - deadlock!\n", DeathFatal, "deadlock"},
		{"panic: boom\n\ngoroutine 20 [running]:\nmain.main.func1()\n", DeathPanic, "boom"},
		{"SIGSEGV: segmentation violation\nPC=0x0 m=0 sigcode=1\n", DeathSignal, "SIGSEGV"},
		{"", DeathExit, "ended"},
	} {
		d := diagnose([]byte(test.report), nil)
		if d.Name != test.name || !strings.Contains(d.Cause, test.cause) {
			t.Errorf("%q: %s %q, want %s naming %q", test.report, d.Name, d.Cause, test.name, test.cause)
		}
	}
}

// TestGoroutinePanicAfterCell: a goroutine a cell started panics after
// the cell ended. The session recovers it (the worker survives); the
// kernel log has it and the next cell's stderr starts with it.
func TestGoroutinePanicAfterCell(t *testing.T) {
	w, _, stderr, log := startWorker(t, WorkerOptions{})
	if _, err := execText(t, w, "import \"time\"\nkept := 7\ngo func() { time.Sleep(300 * time.Millisecond); panic(\"after the cell\") }()"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "after the cell") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if v, err := execText(t, w, "kept"); err != nil || v != "7" {
		t.Errorf("kept = %q, %v: the worker should have survived", v, err)
	}
	if s := stderr.String(); !strings.Contains(s, "panic in a goroutine started by an earlier cell: after the cell") {
		t.Errorf("next cell's stderr: %q", s)
	}
	if !strings.Contains(log.String(), "after the cell") {
		t.Errorf("log:\n%s", log.String())
	}
}
