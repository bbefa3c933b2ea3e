package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmux drives one pyn repl in a real pseudo-terminal: a tmux server of
// its own (its own socket), one window running the binary.
type tmux struct {
	t      *testing.T
	socket string
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.socket}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// send types keys: literal text, or tmux key names with literal false.
func (x *tmux) send(keys string, literal bool) {
	x.t.Helper()
	if literal {
		x.run("send-keys", "-t", "repl", "-l", keys)
	} else {
		x.run("send-keys", "-t", "repl", keys)
	}
}

// line types text and Enter.
func (x *tmux) line(text string) {
	x.t.Helper()
	x.send(text, true)
	x.send("Enter", false)
}

// screen returns the visible pane and its scroll-back.
func (x *tmux) screen() string {
	return x.run("capture-pane", "-p", "-t", "repl", "-S", "-200")
}

// wait waits until the screen, after the first `after` bytes, contains
// want, and returns the screen's length so the next wait looks only at
// newer output.
func (x *tmux) wait(want string, after int) int {
	x.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := strings.TrimRight(x.screen(), "\n")
		if after > len(s) {
			after = len(s)
		}
		if i := strings.Index(s[after:], want); i >= 0 {
			return after + i + len(want)
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("waited 20s for %q after byte %d; screen:\n%s", want, after, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestREPL types into pyn repl running in tmux: values, state across
// entries, a multi-line function, Tab completion, an error, Ctrl-C stopping an endless loop
// and discarding an entry, a figure, :reset, :help, history kept in the
// cache directory, and Ctrl-D leaving.
func TestREPL(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		skipOrFail(t, "tmux is not installed")
	}
	t.Parallel()
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	x := &tmux{t: t, socket: filepath.Join(dir, "tmux.sock")}
	// The status file shows how pyn ended, as the window closes with it.
	status := filepath.Join(dir, "status")
	cmd := fmt.Sprintf("cd %q && XDG_CACHE_HOME=%q %q repl; echo $? > %q; sleep 30", dir, cache, pynBin, status)
	x.run("-f", "/dev/null", "new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", x.socket, "kill-server").Run() })

	at := x.wait(">>>", 0)
	x.line("x := 20")
	x.line("x + 22")
	at = x.wait("42", at)

	// An open brace continues the entry.
	x.line("func twice(n int) int {")
	at = x.wait("...", at)
	x.line("return 2 * n")
	x.line("}")
	x.line("twice(x)")
	at = x.wait("40", at)

	// Tab completes from the session: fmt.Printl becomes fmt.Println.
	x.send("fmt.Printl", true)
	x.send("Tab", false)
	x.line(`("tab", "completed")`)
	at = x.wait("tab completed", at)

	x.line("undefinedName + 1")
	at = x.wait("undefinedName", at)

	// Ctrl-C stops an endless loop; the session keeps its state.
	x.line("for { }")
	time.Sleep(300 * time.Millisecond)
	x.send("C-c", false)
	at = x.wait("interrupted", at)
	x.line("x * 3")
	at = x.wait("60", at)

	// Ctrl-C stops a long simulation (compiled code) just as well: about
	// 10⁸ neuron-steps per simulated second would take minutes.
	x.line(`net := pyn.NewNetwork(pyn.NewIzhikevich("big", 2000, pyn.RegularSpiking))`)
	x.line("res, err := net.Simulate(pyn.Sim{T: 1e6})")
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	x.send("C-c", false)
	at = x.wait("interrupted", at)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the simulation took %v to stop after Ctrl-C", d)
	} else {
		t.Logf("the simulation stopped %v after Ctrl-C (screen polled every 50 ms)", d)
	}
	x.line("net.Time() > 0 && net.Time() < 1e6")
	at = x.wait("true", at)

	// Ctrl-C at the prompt discards a half-typed entry.
	x.line("if true {")
	at = x.wait("...", at)
	x.send("C-c", false)
	x.line("x - 1")
	at = x.wait("19", at)

	// A figure is written to a file and its path printed.
	x.line(`import "image"`)
	x.line("image.NewGray(image.Rect(0, 0, 5, 4))")
	at = x.wait("figure: pyn-out/repl/fig01.png", at)
	checkPNG(t, filepath.Join(dir, "pyn-out", "repl", "fig01.png"), 5, 4)

	// The special lines of notebook cells, with the kernel's wording.
	x.line("%go111module on")
	at = x.wait("nothing to do", at)
	x.line("$ echo shell-$((6*7))")
	at = x.wait("shell-42", at)
	x.line("%nope")
	at = x.wait("SpecialLineError: unknown special line %nope", at)
	x.line("{ Undefined(1) }")
	at = x.wait("CompileError: undefined: Undefined", at)

	x.line(":help")
	at = x.wait(":reset", at)
	x.line(":reset")
	at = x.wait("fresh interpreter", at)
	x.line("x")
	x.wait("undefined", at)

	// Ctrl-D on an empty line leaves with status 0.
	x.send("C-d", false)
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(status)
		if err == nil && strings.TrimSpace(string(b)) != "" {
			if s := strings.TrimSpace(string(b)); s != "0" {
				t.Errorf("pyn repl exited with status %s, want 0", s)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pyn repl did not exit after Ctrl-D; screen:\n%s", x.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	hist, err := os.ReadFile(filepath.Join(cache, "pyn", "repl_history"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"x := 20", "return 2 * n", ":reset"} {
		if !strings.Contains(string(hist), want) {
			t.Errorf("history %q lacks %q", hist, want)
		}
	}
}
