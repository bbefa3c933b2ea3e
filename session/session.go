package session

// The Session type, its options and outcome, and Exec: the entry that sets up
// the running cell's state (capture, per-cell environment) and tears it down.

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
)

// Options configures a Session.
type Options struct {
	// Stdout and Stderr receive the live text output of cells: what
	// interpreted code prints and what compiled code writes to os.Stdout
	// and os.Stderr while a cell runs. nil discards. They must not write
	// to os.Stdout or os.Stderr themselves unless they are those files.
	Stdout, Stderr io.Writer
	// Display receives live rich outputs (display.Display/Update and the
	// progress of long simulations); update is true for an
	// update_display_data. May be nil.
	Display func(d display.Data, update bool)
}

// Outcome is what a cell produced besides its text output.
type Outcome struct {
	// Value is the rendering of the trailing expression's value; nil if
	// the cell does not end with an expression that has a value.
	Value *display.Data
	// Displays holds the rich outputs published during the cell, in order
	// (they were also sent live to Options.Display). An update of a
	// display published in the same cell replaces its entry, and
	// display.ClearOutput empties it, so Displays is the final state of
	// the cell's rich outputs.
	Displays []display.Data
}

// execMu serialises Exec across sessions: descriptor capture and the
// per-cell environment of internal/cell are process-wide.
var execMu sync.Mutex

// Session is one interpreter with its state. Its methods are safe for
// concurrent use; Exec calls run one at a time.
type Session struct {
	opts Options

	mu      sync.Mutex
	in      *interp.Interpreter
	imports map[string]string // local package name → import path
	types   map[string]string // type name → source of its declaration
	methods map[string]string // "T.M" → source of the method
	globals map[string]bool   // names declared by cells
	n       int               // counter for hidden variables
	pending string            // goroutine that started a cancelled evaluation still running
	cells   int               // number of cells run

	out, errw *switchWriter

	cmu sync.Mutex // guards cur
	cur *execState
}

// execState is the state of the running cell.
type execState struct {
	cap        *capture
	displays   []display.Data
	goPanics   []string
	id         int      // cell number, to attribute goroutine panics
	goroutines int      // goroutines of this cell still running
	trace      []string // interpreter frames of a panic, innermost first
	done       int      // index of the last top-level statement completed
	progress   progressState
	publishMu  sync.Mutex
	clearWait  bool // display.ClearOutput(true) is waiting for the next display
}

// New returns a session with the standard library, pyn, the display
// package and gonum/plot loaded, and pyn, fmt, math and display imported.
func New(opts Options) (*Session, error) {
	s := &Session{opts: opts}
	s.out = &switchWriter{w: orDiscard(opts.Stdout)}
	s.errw = &switchWriter{w: orDiscard(opts.Stderr), filter: s.panicLine}
	if err := s.init(); err != nil {
		return nil, err
	}
	return s, nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// Reset replaces the interpreter with a fresh one, keeping the options.
// It is the only way to redefine a type or a method.
func (s *Session) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitPending(10 * time.Second)
	s.pending = "" // the old interpreter is dropped anyway
	return s.init()
}

// Exec runs one cell: a chunk of Go that may mix imports, declarations
// and statements in any order, or a whole file with a package clause.
// Imports run first, then all declarations, then the statements in order;
// a func main declared by the cell runs last. When the cell ends with an
// expression that has a value, Outcome.Value holds its rendering.
//
// The error is a *Error for compile errors, panics and a non-nil error
// returned by a trailing call, and wraps ctx.Err() when ctx was cancelled;
// the rest of a cancelled cell does not run.
func (s *Session) Exec(ctx context.Context, code string) (out *Outcome, err error) {
	execMu.Lock()
	defer execMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()

	if !s.waitPending(10 * time.Second) {
		fmt.Fprintln(orDiscard(s.opts.Stderr), "session: an interrupted cell is still running compiled code; going on")
		s.pending = ""
	}
	s.cells++
	st := &execState{id: s.cells}
	if c, cerr := startCapture(s.opts.Stdout, s.opts.Stderr); cerr == nil {
		st.cap = c
		s.out.set(c.out.w)
		s.errw.set(c.err.w)
	}
	s.cmu.Lock()
	s.cur = st
	s.cmu.Unlock()
	cell.Set(cell.Env{Context: ctx, Progress: s.progressFunc(st), Publish: s.publishOutput})

	defer func() {
		if r := recover(); r != nil {
			err = &Error{Name: ErrPanic, Value: fmt.Sprintf("session: internal error: %v", r)}
		}
		// Let a cancelled evaluation stop, and goroutines that are ending
		// end, while their output is captured.
		s.waitPending(200 * time.Millisecond)
		s.waitGoroutines(st)
		cell.Set(cell.Env{Publish: s.publishOutput}) // simulations after the cell see no interrupt
		s.finishProgress(st)
		cell.Set(cell.Env{})
		s.cmu.Lock()
		s.cur = nil
		s.cmu.Unlock()
		s.out.set(orDiscard(s.opts.Stdout))
		s.errw.set(orDiscard(s.opts.Stderr))
		st.cap.stop()
		if err == nil && len(st.goPanics) > 0 {
			err = &Error{Name: ErrGoroutine, Value: st.goPanics[0],
				Traceback: append([]string{"panic in a goroutine started by the cell:"}, st.goPanics...)}
		}
		if out != nil {
			out.Displays = st.displays
		}
		if err != nil && out == nil {
			out = &Outcome{Displays: st.displays}
		}
	}()
	return s.run(ctx, st, code)
}
