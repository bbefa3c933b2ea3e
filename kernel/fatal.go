package kernel

// Reading why a worker process died from the Go runtime's fatal error
// report and the process's exit status.

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
)

// Names (the error's ename) of the ways a worker dies.
const (
	DeathStackOverflow = "StackOverflow"      // a goroutine's stack exceeded the worker's limit
	DeathOutOfMemory   = "OutOfMemory"        // an allocation failed, or the system killed the worker
	DeathConcurrentMap = "ConcurrentMapWrite" // unsynchronised map writes detected by the runtime
	DeathPanic         = "GoroutinePanic"     // a panic nobody recovered, on a goroutine of compiled code
	DeathFatal         = "FatalError"         // another fatal runtime error
	DeathSignal        = "FatalSignal"        // a signal ended the worker
	DeathExit          = "WorkerExited"       // the worker exited on its own
)

// death describes the end of a worker.
type death struct {
	Name   string   // one of the Death* names
	Cause  string   // one line for a person: "stack overflow (goroutine stack exceeds 134217728-byte limit)"
	Report []string // the first lines of the runtime's report
}

var (
	stackRe = regexp.MustCompile(`goroutine stack exceeds (\d+)-byte limit`)
	oomRe   = regexp.MustCompile(`out of memory(?:: cannot allocate (\d+)-byte block)?`)
	fatalRe = regexp.MustCompile(`(?m)^fatal error: (.*)$`)
	panicRe = regexp.MustCompile(`(?m)^panic: (.*)$`)
	sigRe   = regexp.MustCompile(`(?m)^(SIG[A-Z]+): (.*)$`)

	// While a cell runs, descriptor 2 is the cell's output pipe, which
	// dies with the worker: only the part of the report printed once the
	// runtime is dying reaches the crash descriptor, without the
	// "fatal error:" line. The stack of the throw then tells the cause.
	throwStackRe = regexp.MustCompile(`runtime\.throw\([^\n]*\n(?:\t[^\n]*\n)?([^\n]*)`)
	mapFatalRe   = regexp.MustCompile(`maps\.fatal\([^\n]*\n(?:\t[^\n]*\n)?([^\n]*)|runtime\.fatal\([^\n]*\n(?:\t[^\n]*\n)?([^\n]*map[^\n]*)`)
	mallocRe     = regexp.MustCompile(`runtime\.mallocgc\((0x[0-9a-f]+)`)
)

// fromStack names the fatal error whose message did not reach the crash
// report, from the runtime functions on the stack of the throw.
func fromStack(report []byte) (fatal string) {
	if m := mapFatalRe.FindSubmatch(report); m != nil {
		caller := string(m[1]) + string(m[2])
		switch {
		case strings.Contains(caller, "mapassign"), strings.Contains(caller, "mapdelete"), strings.Contains(caller, "mapclear"):
			return "concurrent map writes"
		case strings.Contains(caller, "mapaccess"):
			return "concurrent map read and map write"
		default:
			return "concurrent map iteration and map write"
		}
	}
	m := throwStackRe.FindSubmatch(report)
	if m == nil {
		return ""
	}
	caller := string(m[1])
	switch {
	case strings.Contains(caller, "runtime.newstack"):
		return "stack overflow"
	case strings.Contains(caller, "alloc"), strings.Contains(caller, "(*mheap)"), strings.Contains(caller, "sysMap"):
		if sz := mallocRe.FindSubmatch(report); sz != nil {
			if n, err := strconv.ParseUint(string(sz[1][2:]), 16, 64); err == nil {
				return fmt.Sprintf("out of memory: cannot allocate %d-byte block", n)
			}
		}
		return "out of memory"
	}
	return ""
}

// diagnose reads the runtime's crash report and the exit status.
func diagnose(report []byte, state *os.ProcessState) death {
	d := death{Report: reportLines(report, 16)}
	fatal := ""
	if m := fatalRe.FindSubmatch(report); m != nil {
		fatal = string(m[1])
	} else if f := fromStack(report); f != "" {
		fatal = f
		report = append([]byte("fatal error: "+f+"\n"), report...)
	}
	switch {
	case stackRe.Match(report) || fatal == "stack overflow":
		d.Name, d.Cause = DeathStackOverflow, "stack overflow: a goroutine's stack exceeded its limit (runaway recursion?)"
		if m := stackRe.FindSubmatch(report); m != nil {
			d.Cause = fmt.Sprintf("stack overflow: a goroutine's stack exceeded the %s-byte limit (runaway recursion?)", m[1])
		}
	case oomRe.Match(report):
		d.Name, d.Cause = DeathOutOfMemory, "out of memory"
		if m := oomRe.FindSubmatch(report); m[1] != nil {
			d.Cause = fmt.Sprintf("out of memory: an allocation of %s bytes failed", m[1])
		}
	case strings.HasPrefix(fatal, "concurrent map"):
		d.Name, d.Cause = DeathConcurrentMap, fatal+" (a map shared by goroutines needs a sync.Mutex)"
	case fatal != "":
		d.Name, d.Cause = DeathFatal, "fatal error: "+fatal
	case panicRe.Match(report):
		m := panicRe.FindSubmatch(report)
		// The interpreter recovers and re-panics on its way out.
		v := strings.TrimSuffix(strings.TrimSuffix(string(m[1]), " [recovered, repanicked]"), " [recovered]")
		d.Name, d.Cause = DeathPanic, "panic on a goroutine no cell recovers (a callback of time.AfterFunc or compiled code?): "+v
	case sigRe.Match(report):
		m := sigRe.FindSubmatch(report)
		d.Name, d.Cause = DeathSignal, fmt.Sprintf("fatal signal %s (%s)", m[1], m[2])
	default:
		d.Name, d.Cause = DeathExit, "the interpreter process ended"
		if state != nil {
			if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				sig := ws.Signal()
				d.Name, d.Cause = DeathSignal, fmt.Sprintf("killed by signal %d (%v)", int(sig), sig)
				if sig == syscall.SIGKILL {
					d.Name = DeathOutOfMemory
					d.Cause += ", most likely by the system's out-of-memory killer"
				}
			} else {
				d.Cause = fmt.Sprintf("the interpreter process exited with status %d", state.ExitCode())
			}
		}
	}
	return d
}

// reportLines returns the first n non-empty lines of a crash report, the
// part that says what happened and where.
func reportLines(report []byte, n int) []string {
	var out []string
	for _, l := range bytes.Split(report, []byte("\n")) {
		if len(out) == n {
			out = append(out, "…")
			break
		}
		if s := strings.TrimRight(string(l), "\r"); s != "" {
			out = append(out, s)
		}
	}
	return out
}
