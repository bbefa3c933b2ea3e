package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pyn-go/pyn/kernel/display"
)

// Options configures a Session.
type Options struct {
	// Stdout and Stderr receive the live text output of cells: what
	// interpreted code prints and what compiled code writes to os.Stdout
	// and os.Stderr while a cell runs. nil discards.
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
	// (they were also sent live to Options.Display).
	Displays []display.Data
}

// Error is a compile error or a panic of a cell.
type Error struct {
	Name      string   // "CompileError", "Panic", …
	Value     string   // the message
	Traceback []string // readable trace, one line per entry
	Line, Col int      // position in the cell (1-based); 0 when unknown
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Value)
	}
	return e.Value
}

var errStub = errors.New("session: not implemented yet")

// Session is one interpreter with its state.
type Session struct {
	opts Options
}

// New returns a session with the standard library, pyn and the display
// package loaded.
func New(opts Options) (*Session, error) { return &Session{opts: opts}, nil }

// Exec runs one cell.
func (s *Session) Exec(ctx context.Context, code string) (*Outcome, error) {
	return nil, errStub
}

// Complete returns completions at cursor (a byte offset in code).
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	return nil, cursor, cursor
}

// Inspect returns the documentation of the symbol at cursor.
func (s *Session) Inspect(code string, cursor int) (text string, found bool) { return "", false }

// IsComplete reports whether code is ready to run.
func (s *Session) IsComplete(code string) (status, indent string) {
	if strings.Count(code, "{") > strings.Count(code, "}") {
		return "incomplete", "\t"
	}
	return "complete", ""
}

// Reset replaces the interpreter with a fresh one, keeping the options.
func (s *Session) Reset() error { return nil }
