package session

// Waiting for the interpreter's goroutine of a cancelled evaluation before
// the next one starts.

import (
	"bytes"
	"runtime"
	"strings"
	"time"
)

// When a context is cancelled, the interpreter returns at once but its
// evaluation goroutine runs on until it notices (at the next statement,
// or when a compiled call it is blocked in returns). Evaluating again
// while it runs is a data race inside the interpreter, so the session
// waits for it first. The interpreter gives no handle on that goroutine;
// it is found in the goroutine dump as the one created by EvalWithContext
// in the goroutine that called it.

// goid returns the id of the calling goroutine.
func goid() string {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	f := strings.Fields(string(buf[:n]))
	if len(f) >= 2 && f[0] == "goroutine" {
		return f[1]
	}
	return ""
}

// evalAlive reports whether an evaluation goroutine started by goroutine
// gid still runs.
func evalAlive(gid string) bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	return bytes.Contains(buf, []byte("created by github.com/traefik/yaegi/interp.(*Interpreter).EvalWithContext in goroutine "+gid+"\n"))
}

// markPending records that an evaluation started by the calling goroutine
// was cancelled.
func (s *Session) markPending() {
	if id := goid(); id != "" {
		s.pending = id
	}
}

// waitPending waits up to limit for a cancelled evaluation to end; it
// reports whether none is left.
func (s *Session) waitPending(limit time.Duration) bool {
	if s.pending == "" {
		return true
	}
	deadline := time.Now().Add(limit)
	for evalAlive(s.pending) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.pending = ""
	return true
}
