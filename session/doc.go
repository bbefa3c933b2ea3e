// Package session turns chunks of Go source into results with the yaegi
// interpreter. It is the one place shared by `pyn run`, the REPL, the
// notebook runner and the Jupyter kernel, and holds no Jupyter types.
//
// # Cells
//
// A Session runs cells with Exec. A cell is a notebook-style chunk: any mix
// of imports, declarations (func, type, var, const) and statements, in any
// order, or a whole file with a package clause. Exec splits it with
// go/scanner and evaluates, in this order:
//
//  1. the imports, each once per session (fmt, math, pyn and display are
//     imported for every cell; repeating an import is harmless);
//  2. all declarations together, so they may refer to each other and
//     statements may call functions declared below them;
//  3. the statements, in order;
//  4. a func main declared by the cell, once (a script with package main
//     runs as with go run).
//
// When a declaration uses a variable that the cell's own statements define
// (x := 5 above func f() int { return x }), the cell runs in source order
// instead, consecutive declarations together.
//
// State persists across cells. Functions and variables may be redefined
// by later cells; types and methods may not (the interpreter would keep
// the first definition): running the same declaration again is accepted,
// a different one is an error that asks for Reset. See docs/yaegi.md for
// the interpreter's other traps and their workarounds.
//
// # Values
//
// When the cell ends with an expression statement, its value is rendered
// into Outcome.Value: through the value's Render, HTML, Markdown, PNG,
// JPEG, SVG or JSON method (in this order; methods of types the cell
// declared count), else display.Render, else text formatted with %v. A
// call without results has no value, and neither do fmt's Print family
// (their byte counts are noise). A call with several results shows the
// first, unless the last is an error: a non-nil one becomes the cell's
// error, which is how `pyn.ShowData(res)`, returning (*Figure, error),
// shows its figure or its error. A call returning only an error has no
// value; a non-nil error becomes the cell's error.
//
// # Output
//
// Text goes live to Options.Stdout and Options.Stderr: what interpreted
// code prints, and what compiled code (pyn, gonum) writes to os.Stdout or
// os.Stderr, captured by redirecting descriptors 1 and 2 into pipes while
// the cell runs (Linux; elsewhere only interpreted output is captured).
// Both kinds go through the same pipe, so their order is kept. Rich outputs
// published with display.Display, DisplayID and Update, and the progress of
// long simulations, go live to Options.Display and are collected in
// Outcome.Displays; text printed before a display is delivered before it.
//
// Because descriptors are process-wide, Exec calls are serialised across
// all sessions of a process, and the writers in Options must not write to
// os.Stdout or os.Stderr themselves (unless they are those files): such
// writes would come back through the capture.
//
// # Errors and interrupts
//
// Exec returns a *Error for compile errors (with the line and column in
// the cell), panics (with the interpreted frames and compiled pyn/gonum
// frames as a traceback), panics in goroutines the cell started, and a
// trailing call's error. A panic never escapes to the host, and the session
// stays usable. Cancelling the context stops interpreted code at its next
// statement and pyn's Simulate (through internal/cell) within a few
// steps; the rest of the cell does not run and Exec returns an error
// wrapping ctx.Err(). A simulation running longer than a second shows a
// live progress display that turns into a one-line summary.
//
// # Interpreter workarounds
//
// The session rewrites cells before the interpreter sees them, to work
// around yaegi's traps (docs/yaegi.md lists them, each pinned by
// TestYaegiTraps): a cell's func main is renamed and called once; every
// go statement's call is wrapped to recover panics; top-level for, if,
// switch, select and block statements are wrapped in a function literal
// called at once; parallel assignments to struct fields are split; a call
// recording the completion of each top-level statement is appended to it
// (to locate panics). All rewrites keep the line and column of the code
// the user wrote, except after an inserted wrapper on the same line. When
// the interpreter's compiler crashes on a chunk (nothing has run), the
// session retries with indexed compiled slices converted to their own
// type, then statement by statement.
//
// # Tools
//
// Complete, Inspect and IsComplete serve editors and the Jupyter kernel:
// completion of package members, session globals (and fields and methods of
// values of compiled types) and keywords; the declaration and doc comment
// of pyn, display and standard library symbols; whether an entry is ready
// to run (open brackets mean incomplete). Complete and Inspect answer
// nothing while a cell runs rather than wait for it.
package session
