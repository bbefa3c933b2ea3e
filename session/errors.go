package session

// Errors of a cell: the *Error type, and how the interpreter's compile
// errors and panics become one, with cell positions and a readable trace.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Names of errors returned by Exec.
const (
	ErrCompile   = "CompileError"   // the cell does not parse or compile
	ErrPanic     = "panic"          // the cell panicked
	ErrGoroutine = "GoroutinePanic" // a goroutine started by the cell panicked
	ErrReturned  = "error"          // the trailing call returned a non-nil error
)

// Error is a compile error, a panic, or the non-nil error returned by a
// cell's trailing call.
type Error struct {
	Name      string   // one of ErrCompile, ErrPanic, ErrGoroutine, ErrReturned
	Value     string   // the message
	Traceback []string // readable trace, one line per entry
	Line, Col int      // position in the cell (1-based); 0 when unknown

	inCompiler bool // a panic of the interpreter's compiler: nothing ran
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Value)
	}
	return e.Value
}

// panicRE matches the line the interpreter prints for each frame a panic
// unwinds ("3:5: panic: main.f(...)").
var panicRE = regexp.MustCompile(`^(?:[^:\n]*:)?(\d+):(\d+): panic: (.*)\(\.\.\.\)\n?$`)

// panicLine collects the interpreter's panic frame lines into the trace of
// the running cell instead of printing them.
func (s *Session) panicLine(p []byte) bool {
	m := panicRE.FindSubmatch(p)
	if m == nil {
		return false
	}
	line, _ := strconv.Atoi(string(m[1]))
	fn := string(m[3])
	switch fn {
	case "main", "main.func":
		fn = "cell"
	}
	fn = strings.ReplaceAll(fn, mainAlias, "main")
	entry := fmt.Sprintf("  at %s, line %d:%s", fn, line-1, m[2])
	s.cmu.Lock()
	if s.cur != nil {
		s.cur.trace = append(s.cur.trace, entry)
	}
	s.cmu.Unlock()
	return true
}

// cancelled wraps the context's error.
type cancelled struct{ err error }

func (c cancelled) Error() string { return "session: cell interrupted: " + c.err.Error() }

func (c cancelled) Unwrap() error { return c.err }

// convert turns an interpreter error into the error Exec returns; shift is
// the number of lines the source was moved down.
func (s *Session) convert(ctx context.Context, st *execState, err error, shift int) error {
	if ctx.Err() != nil && (errors.Is(err, ctx.Err()) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return cancelled{ctx.Err()}
	}
	var p interp.Panic
	if errors.As(err, &p) {
		if ctx.Err() != nil {
			return cancelled{ctx.Err()}
		}
		e := &Error{Name: ErrPanic, Value: fmt.Sprint(p.Value)}
		if os, ok := p.Value.(string); ok && strings.HasPrefix(os, "os.Exit(") {
			e.Value = os + " called in a cell; the session keeps running"
		}
		s.cmu.Lock()
		tr := append([]string(nil), st.trace...)
		s.cmu.Unlock()
		e.Traceback = append([]string{"panic: " + e.Value}, tr...)
		e.Traceback = append(e.Traceback, compiledFrames(p.Stack)...)
		e.inCompiler = bytes.Contains(p.Stack, []byte("interp.(*Interpreter).compileSrc")) ||
			bytes.Contains(p.Stack, []byte("interp.(*Interpreter).CompileAST"))
		if len(tr) > 0 {
			// The innermost interpreted frame locates the panic.
			if m := traceAtRE.FindStringSubmatch(tr[0]); m != nil {
				e.Line, _ = strconv.Atoi(m[1])
				e.Col, _ = strconv.Atoi(m[2])
			}
		}
		return e
	}
	return compileError(err, shift)
}

var (
	linePosRE = regexp.MustCompile(`^\d+:\d+$`)
	traceAtRE = regexp.MustCompile(`line (-?\d+):(\d+)$`)
)

var posRE = regexp.MustCompile(`^(?:[^:\n]*:)?(\d+):(\d+): ([\s\S]*)$`)

// compileError converts a parse or type-check error of source moved down
// by shift lines into a *Error with cell positions.
func compileError(err error, shift int) *Error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := &Error{Name: ErrCompile, Value: list[0].Msg, Line: list[0].Pos.Line - shift, Col: list[0].Pos.Column}
		for _, x := range list {
			e.Traceback = append(e.Traceback, fmt.Sprintf("%d:%d: %s", x.Pos.Line-shift, x.Pos.Column, x.Msg))
		}
		return e
	}
	msg := err.Error()
	if m := posRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		v := strings.ReplaceAll(m[3], mainAlias, "main")
		return &Error{Name: ErrCompile, Value: v, Line: line - shift, Col: col,
			Traceback: []string{fmt.Sprintf("%d:%d: %s", line-shift, col, v)}}
	}
	return &Error{Name: ErrCompile, Value: msg, Traceback: []string{msg}}
}

// compiledFrames returns the frames of compiled code (pyn, gonum, …) from
// a panic's stack, without the interpreter's, reflection's and the
// runtime's own frames.
func compiledFrames(stack []byte) []string {
	lines := strings.Split(string(stack), "\n")
	var out []string
	for i := 0; i+1 < len(lines) && len(out) < 16; i++ {
		fn := lines[i]
		if fn == "" || strings.HasPrefix(fn, "\t") || strings.HasPrefix(fn, "goroutine ") {
			continue
		}
		for _, skip := range []string{"github.com/traefik/yaegi", "reflect.", "runtime.", "runtime/debug.", "panic(", "github.com/pyn-go/pyn/session", "created by"} {
			if strings.HasPrefix(fn, skip) {
				fn = ""
				break
			}
		}
		if fn == "" || !strings.HasPrefix(lines[i+1], "\t") {
			continue
		}
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		loc := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(loc, " +0x"); j > 0 {
			loc = loc[:j]
		}
		out = append(out, "  in "+fn+" ("+loc+")")
	}
	return out
}

// betterError replaces the interpreter's "definition loop" message, which
// it gives for an undefined name on the right of a top-level :=, by
// "undefined: name" at the first identifier that nothing defines: not the
// cell, not the session, not the universe.
func (s *Session) betterError(err error, src string, shift int) error {
	var e *Error
	if !errors.As(err, &e) || e.Name != ErrCompile || !strings.Contains(e.Value, "definition loop") {
		return err
	}
	const head = "package p; func _() {"
	fset := token.NewFileSet()
	f, perr := parser.ParseFile(fset, "", head+src+"\n}", 0)
	if perr != nil {
		return err
	}
	known := map[string]bool{}
	for _, k := range keywords {
		known[k] = true
	}
	for k := range s.globals {
		known[k] = true
	}
	for k := range s.imports {
		known[k] = true
	}
	for k := range s.interpGlobals() {
		known[k] = true
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						known[id.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				known[id.Name] = true
			}
		case *ast.Field:
			for _, id := range n.Names {
				known[id.Name] = true
			}
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.LabeledStmt:
			known[n.Label.Name] = true
		case *ast.BranchStmt:
			if n.Label != nil {
				skip[n.Label] = true
			}
		}
		return true
	})
	var bad *ast.Ident
	ast.Inspect(f.Decls[0].(*ast.FuncDecl).Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && bad == nil && !skip[id] && !known[id.Name] && id.Name != "_" && !strings.HasPrefix(id.Name, "_pyn") {
			bad = id
		}
		return bad == nil
	})
	if bad == nil {
		return err
	}
	o := fset.Position(bad.Pos()).Offset - len(head)
	line, col := lineCol(src, o)
	v := "undefined: " + bad.Name
	line -= shift
	return &Error{Name: ErrCompile, Value: v, Line: line, Col: col, Traceback: []string{fmt.Sprintf("%d:%d: %s", line, col, v)}}
}

// interpGlobals returns the interpreter's global names; the interpreter
// may panic on a global left broken by a failed definition.
func (s *Session) interpGlobals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = nil
		}
	}()
	return s.in.Globals()
}
