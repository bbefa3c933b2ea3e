package kernel

// The worker side of the pipe protocol: an interpreter session serving
// requests from the kernel process, in a process of its own so that a
// fatal Go error (stack overflow, out of memory, concurrent map writes, a
// panic on a goroutine nobody recovers) ends the worker, not the kernel.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// Environment variables through which the kernel passes the worker its
// limits (see WorkerOptions).
const (
	envWorkerMaxStack = "PYN_WORKER_MAX_STACK" // bytes
	envWorkerMemory   = "PYN_WORKER_MEMORY"    // bytes; 0: no limit
)

// RunWorker serves the worker protocol: requests on descriptor 3, events
// on descriptor 4, the Go runtime's fatal error report on descriptor 5.
// It is the whole of a worker process (pyn's hidden "worker" command); it
// returns when the kernel closes the request pipe.
func RunWorker() error {
	req, ev, crash := os.NewFile(3, "pyn-requests"), os.NewFile(4, "pyn-events"), os.NewFile(5, "pyn-crash")
	if req == nil || ev == nil {
		return errors.New("kernel: the worker needs its request and event pipes on descriptors 3 and 4")
	}
	if crash != nil {
		// While a cell runs, descriptor 2 is a pipe into the cell's
		// output that dies with the process: the kernel reads the
		// report here to tell the cell why.
		debug.SetCrashOutput(crash, debug.CrashOptions{})
	}
	applyWorkerLimits(envInt(envWorkerMaxStack), envInt(envWorkerMemory))
	return serveWorker(req, ev)
}

func envInt(name string) int64 {
	n, _ := strconv.ParseInt(os.Getenv(name), 10, 64)
	return n
}

// applyWorkerLimits caps goroutine stacks, so that runaway recursion
// fails in milliseconds instead of growing a stack to a gigabyte, and
// the address space (where the platform allows), so that a huge
// allocation fails at once with "out of memory" instead of waking the
// system's out-of-memory killer.
func applyWorkerLimits(maxStack, memory int64) {
	if maxStack > 0 {
		debug.SetMaxStack(int(min(maxStack, int64(^uint(0)>>1))))
	}
	if memory > 0 {
		// A soft limit first: the collector works harder near it.
		debug.SetMemoryLimit(memory / 10 * 9)
		limitAddressSpace(memory)
	}
}

// streamEvents is a cell's stdout or stderr in the worker: each write is
// an event.
type streamEvents struct {
	fw   *frameWriter
	kind string
}

func (s streamEvents) Write(p []byte) (int, error) {
	if err := s.fw.send(workerEvent{Kind: s.kind, Text: p}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// serveWorker runs a session and answers the requests read from r with
// events written to w, until r ends.
func serveWorker(r io.Reader, w io.Writer) error {
	fw := &frameWriter{w: w}
	s, err := session.New(session.Options{
		Stdout: streamEvents{fw, evStdout},
		Stderr: streamEvents{fw, evStderr},
		Display: func(d display.Data, update bool) {
			fw.send(workerEvent{Kind: evDisplay, Display: &d, Update: update})
		},
	})
	if err != nil {
		fw.send(workerEvent{Kind: evReady, Failure: err.Error()})
		return err
	}
	if err := fw.send(workerEvent{Kind: evReady}); err != nil {
		return err
	}

	var (
		mu     sync.Mutex
		cancel context.CancelFunc // of the running exec; nil when idle
	)
	interrupt := func() {
		mu.Lock()
		if cancel != nil {
			cancel()
		}
		mu.Unlock()
	}
	// A SIGINT sent to the worker itself interrupts too.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			interrupt()
		}
	}()

	reqs := make(chan workerRequest, 16)
	go func() {
		defer close(reqs)
		for {
			var q workerRequest
			if err := readFrame(r, &q); err != nil {
				return
			}
			if q.Op == opInterrupt {
				interrupt()
				continue
			}
			reqs <- q
		}
	}()
	for q := range reqs {
		ev := workerEvent{Kind: evDone, ID: q.ID}
		switch q.Op {
		case opExec:
			ctx, c := context.WithCancel(context.Background())
			mu.Lock()
			cancel = c
			mu.Unlock()
			out, err := s.Exec(ctx, q.Code)
			mu.Lock()
			cancel = nil
			mu.Unlock()
			c()
			ev.Outcome = out
			var se *session.Error
			switch {
			case err == nil:
			case errors.As(err, &se):
				ev.Err = se
			case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
				ev.Cancelled = true
			default:
				ev.Failure = err.Error()
			}
		case opComplete:
			ev.Matches, ev.Start, ev.End = s.Complete(q.Code, q.Cursor)
		case opInspect:
			ev.Doc, ev.Found = s.Inspect(q.Code, q.Cursor)
		case opIsComplete:
			ev.Status, ev.Indent = s.IsComplete(q.Code)
		default:
			ev.Failure = fmt.Sprintf("kernel: unknown worker request %q", q.Op)
		}
		if err := fw.send(ev); err != nil {
			return err
		}
	}
	return nil
}
