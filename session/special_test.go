//go:build unix

package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestShellInterrupt checks that a $ line streams its output into the
// cell before it ends, and that an interrupt kills it and what it started
// (docs/kernel.md, Special lines).
func TestShellInterrupt(t *testing.T) {
	var out syncBuffer
	s, err := New(Options{Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Interrupt once the command has printed and its child runs.
		for {
			if b, err := os.ReadFile(pidFile); err == nil && strings.HasSuffix(string(b), "\n") && strings.Contains(out.String(), "started") {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	_, err = s.Exec(ctx, "$ echo started; sh -c 'echo $$ > "+pidFile+"; exec sleep 300'")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Exec = %v, want the interrupt", err)
	}
	b, rerr := os.ReadFile(pidFile)
	pid, perr := strconv.Atoi(strings.TrimSpace(string(b)))
	if rerr != nil || perr != nil {
		t.Fatalf("the grandchild's pid: %v %v", rerr, perr)
	}
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the command's child %d survived the interrupt", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The session goes on.
	if _, err := s.Exec(context.Background(), `fmt.Println("after")`); err != nil || !strings.HasSuffix(out.String(), "after\n") {
		t.Errorf("after the interrupt: %v, %q", err, out.String())
	}
}

// TestSplitSpecial checks which lines are special lines.
func TestSplitSpecial(t *testing.T) {
	for _, test := range []struct {
		code  string
		lines []string
		rest  string
	}{
		{"x := 1", nil, "x := 1"},
		{"%help\nx := 1", []string{"%help"}, "\nx := 1"},
		{"  $ ls -l\n", []string{"$ ls -l"}, "\n"},
		{"y := 7 % 3\n%cd /", []string{"%cd /"}, "y := 7 % 3\n"},
		{"s := `\n%raw\n$ raw`", nil, "s := `\n%raw\n$ raw`"},
		{"/*\n%comment\n*/\n%go111module on", []string{"%go111module on"}, "/*\n%comment\n*/\n"},
	} {
		sp, rest := splitSpecial(test.code)
		var got []string
		for _, x := range sp {
			got = append(got, x.text)
		}
		if strings.Join(got, "|") != strings.Join(test.lines, "|") || rest != test.rest {
			t.Errorf("splitSpecial(%q) = %q, %q; want %q, %q", test.code, got, rest, test.lines, test.rest)
		}
	}
}
