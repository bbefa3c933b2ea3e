package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
	"github.com/pyn-go/pyn/symbols"
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

// execMu serialises Exec across sessions: descriptor capture, the display
// publisher and pyn's ambient context are process-wide.
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

// prelude is evaluated in every new interpreter. The underscored names are
// kept out of cells' way: a second import of fmt that cells cannot shadow,
// and the recover hook wrapped around goroutines that cells start.
const prelude = `import (
	"fmt"
	"math"
	"github.com/pyn-go/pyn/pyn"
	"github.com/pyn-go/pyn/display"
	_pynfmt "fmt"
	_pynsession "pynsession"
)

func _pynGoRecover(cell int) {
	r := recover()
	_pynsession.GoEnd(cell, r)
}
`

func (s *Session) init() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("session: starting the interpreter: %v", r)
		}
	}()
	in := interp.New(interp.Options{
		Stdin:  strings.NewReader(""),
		Stdout: s.out,
		Stderr: s.errw,
		Env:    os.Environ(),
	})
	if err := in.Use(stdlib.Symbols); err != nil {
		return fmt.Errorf("session: loading the standard library: %w", err)
	}
	if err := in.Use(symbols.Symbols); err != nil {
		return fmt.Errorf("session: loading pyn's symbols: %w", err)
	}
	if err := in.Use(interp.Exports{"pynsession/pynsession": {
		"GoStart": reflect.ValueOf(s.goStart),
		"GoEnd":   reflect.ValueOf(s.goEnd),
		"Done":    reflect.ValueOf(s.stmtDone),
	}}); err != nil {
		return fmt.Errorf("session: loading hooks: %w", err)
	}
	if _, err := in.Eval(prelude); err != nil {
		return fmt.Errorf("session: prelude: %w", err)
	}
	s.in = in
	s.imports = map[string]string{"fmt": "fmt", "math": "math", "pyn": "github.com/pyn-go/pyn/pyn", "display": "github.com/pyn-go/pyn/display"}
	s.types = map[string]string{}
	s.methods = map[string]string{}
	s.globals = map[string]bool{}
	return nil
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

// switchWriter is the interpreter's stdout or stderr: it forwards to the
// capture pipe while a cell runs and to the destination otherwise.
type switchWriter struct {
	mu     sync.Mutex
	w      io.Writer
	filter func(line []byte) bool // true: the line is consumed
}

func (sw *switchWriter) Write(p []byte) (int, error) {
	if sw.filter != nil && sw.filter(p) {
		return len(p), nil
	}
	sw.mu.Lock()
	w := sw.w
	sw.mu.Unlock()
	if _, err := w.Write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (sw *switchWriter) set(w io.Writer) {
	sw.mu.Lock()
	sw.w = w
	sw.mu.Unlock()
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

// goStart is called by every go statement of a cell, in the goroutine
// that executes it, and returns the running cell's number; goEnd is called
// when the goroutine ends, with the value of a panic or nil. A panic becomes the error of the
// cell that started the goroutine if that cell is still running, else it
// is written on stderr.
func (s *Session) goStart() int {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	if s.cur == nil {
		return 0
	}
	s.cur.goroutines++
	return s.cur.id
}

func (s *Session) goEnd(cell int, v any) {
	s.cmu.Lock()
	st := s.cur
	if st != nil && st.id != cell {
		st = nil
	}
	if st != nil {
		st.goroutines--
		if v != nil {
			st.goPanics = append(st.goPanics, fmt.Sprint(v))
		}
	}
	s.cmu.Unlock()
	if st == nil && v != nil {
		fmt.Fprintf(s.errw, "panic in a goroutine started by an earlier cell: %v\n", v)
	}
}

// waitGoroutines gives the goroutines the cell started a moment to end,
// so that a panic just after the cell's last statement (a deferred
// WaitGroup.Done runs before the panic reaches the recover) is the cell's.
func (s *Session) waitGoroutines(st *execState) {
	deadline := time.Now().Add(100 * time.Millisecond)
	for time.Now().Before(deadline) {
		s.cmu.Lock()
		n := st.goroutines
		s.cmu.Unlock()
		if n <= 0 {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// publishOutput is the cell's display sink (internal/cell), through which
// display.Display and friends reach the session.
func (s *Session) publishOutput(o cell.Output) {
	s.publish(display.Data{Data: o.Data, Metadata: o.Metadata, Transient: o.Transient}, o.Update)
}

// publish sends a rich output of the running cell.
func (s *Session) publish(d display.Data, update bool) {
	s.cmu.Lock()
	st := s.cur
	s.cmu.Unlock()
	if st == nil {
		return
	}
	st.publishMu.Lock()
	defer st.publishMu.Unlock()
	st.cap.sync() // text printed before the display comes before it
	if wait, ok := display.IsClear(d); ok {
		// A clear request is not an output: it empties Displays, at once
		// or when the next display arrives, as Jupyter clears the cell.
		st.clearWait = wait
		if !wait {
			st.displays = nil
		}
		if s.opts.Display != nil {
			s.opts.Display(d, false)
		}
		return
	}
	if st.clearWait && !update {
		st.displays, st.clearWait = nil, false
	}
	id, _ := d.Transient["display_id"].(string)
	replaced := false
	if update && id != "" {
		for i := range st.displays {
			if old, _ := st.displays[i].Transient["display_id"].(string); old == id {
				st.displays[i] = d
				replaced = true
			}
		}
	}
	if !update || !replaced && id == "" {
		st.displays = append(st.displays, d)
	}
	if s.opts.Display != nil {
		s.opts.Display(d, update)
	}
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

// stmtGuard starts every source of statements: yaegi parses a source that
// starts with the func keyword as a file, and a function literal call
// then becomes a func main that runs again after every later evaluation.
const stmtGuard = "_ = 0;"

// mainAlias replaces the name of a cell's func main: yaegi would
// otherwise run main after every later evaluation. Same length as "main"
// so that columns stay right.
const mainAlias = "_pm_"

func (s *Session) run(ctx context.Context, st *execState, code string) (*Outcome, error) {
	items, perr := split(code)
	if perr != nil {
		return nil, perr
	}
	var imports, decls, stmts []item
	for _, it := range items {
		switch it.kind {
		case kindPackage:
			// A whole file: its declarations and func main run like a cell.
		case kindImport:
			imports = append(imports, it)
		case kindDecl:
			decls = append(decls, it)
		default:
			stmts = append(stmts, it)
		}
	}
	// A trailing expression is evaluated on its own, last.
	var trailing *item
	if n := len(stmts); n > 0 {
		last := stmts[n-1]
		if _, err := parser.ParseExpr(code[last.start:last.end]); err == nil {
			trailing = &stmts[n-1]
			stmts = stmts[:n-1]
		}
	}

	// 1. Imports, each once per session.
	if len(imports) > 0 {
		if err := s.runImports(ctx, code, imports); err != nil {
			return nil, err
		}
	}

	// 2. Declarations, all in one file so they may refer to each other and
	// statements may call functions declared below them; 3. statements.
	runMain, err := s.runDecls(ctx, st, code, decls)
	switch {
	case err != nil && s.definedByStatements(err, code, stmts):
		// A declaration uses a variable the cell's statements define
		// (x := 5 then func f() int { return x }): nothing ran, so run the
		// cell in source order instead.
		runMain = false
		for _, g := range groups(items, trailing) {
			var m bool
			if g[0].kind == kindDecl {
				m, err = s.runDecls(ctx, st, code, g)
				runMain = runMain || m
			} else {
				err = s.runStmts(ctx, st, code, g)
			}
			if err != nil {
				return nil, err
			}
		}
	case err != nil:
		return nil, err
	default:
		if err := s.runStmts(ctx, st, code, stmts); err != nil {
			return nil, err
		}
	}

	out := &Outcome{}
	if trailing != nil {
		v, err := s.evalTrailing(ctx, st, code, *trailing)
		if err != nil {
			return nil, err
		}
		out.Value = v
	}
	if runMain {
		if _, err := s.eval(ctx, st, "\n"+mainAlias+"()"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// groups returns the declarations and statements of a cell in source
// order, consecutive items of the same kind together, without imports
// and the trailing expression.
func groups(items []item, trailing *item) [][]item {
	var out [][]item
	for _, it := range items {
		if it.kind == kindImport || it.kind == kindPackage || trailing != nil && it.start == trailing.start {
			continue
		}
		if n := len(out); n > 0 && (out[n-1][0].kind == kindDecl) == (it.kind == kindDecl) {
			out[n-1] = append(out[n-1], it)
			continue
		}
		out = append(out, []item{it})
	}
	return out
}

// definedByStatements reports whether err is "undefined: name" for a name
// that the cell's top-level statements define.
func (s *Session) definedByStatements(err error, code string, stmts []item) bool {
	var e *Error
	if !errors.As(err, &e) || e.Name != ErrCompile || !strings.HasPrefix(e.Value, "undefined: ") || len(stmts) == 0 {
		return false
	}
	name := strings.TrimPrefix(e.Value, "undefined: ")
	return definedNames(blank(code, stmts))[name]
}

// runDecls evaluates declarations together; it reports whether they
// declare func main.
func (s *Session) runDecls(ctx context.Context, st *execState, code string, decls []item) (bool, error) {
	if len(decls) == 0 {
		return false, nil
	}
	src, hasMain, newTypes, newMethods, err := s.prepareDecls(code, decls)
	if err != nil {
		return false, err
	}
	if strings.TrimSpace(src) != "" {
		if _, err := s.eval(ctx, st, src); err != nil {
			return false, err
		}
	}
	for k, v := range newTypes {
		s.types[k] = v
	}
	for k, v := range newMethods {
		s.methods[k] = v
	}
	return hasMain, nil
}

// runStmts evaluates top-level statements in one go. A panic is located at
// the first statement that did not complete.
func (s *Session) runStmts(ctx context.Context, st *execState, code string, stmts []item) error {
	if len(stmts) == 0 {
		return nil
	}
	s.noteGlobals(blank(code, stmts))
	prefix, text := instrument(blank(code, stmts), stmts)
	src := stmtGuard + prefix + "\n" + rewriteGo(rewriteTuples(text, false), false)
	s.setDone(st, -1)
	_, err := s.evalShift(ctx, st, src, 1)
	if e, ok := err.(*Error); ok && e.inCompiler && len(stmts) > 1 {
		// The interpreter's compiler crashes on some sequences it handles
		// one statement at a time (r, err := f() then x := r.F[0].G in
		// one chunk): nothing ran, so run the statements one by one.
		for i := range stmts {
			if err := s.runStmts(ctx, st, code, stmts[i:i+1]); err != nil {
				return err
			}
		}
		return nil
	}
	s.cmu.Lock()
	i := st.done + 1
	s.cmu.Unlock()
	if i < len(stmts) {
		line, col := lineCol(code, stmts[i].start)
		locate(err, line, col)
	}
	return err
}

// locate sets the position of a panic whose innermost interpreted frame
// is the cell itself (whose position the interpreter gets wrong) to the
// statement at line:col.
func locate(err error, line, col int) {
	e, ok := err.(*Error)
	if !ok || e.Name != ErrPanic || !topLevel(e) {
		return
	}
	e.Line, e.Col = line, col
	at := fmt.Sprintf("  at cell, line %d:%d", e.Line, e.Col)
	if len(e.Traceback) > 1 && strings.HasPrefix(e.Traceback[1], "  at cell,") {
		e.Traceback[1] = at
	} else {
		e.Traceback = append(e.Traceback[:1], append([]string{at}, e.Traceback[1:]...)...)
	}
}

// instrument prepares top-level statements for the interpreter. It
// appends to each a call that records its completion, so that a panic is
// located at the statement that did not complete (the interpreter reports
// the block's position); appending keeps the statement's own columns. And
// it wraps each compound statement (for, if, switch, select, a block) in
// a function literal called at once: the interpreter fails on a
// multi-value := inside a block at top level ("undefined: …"), not inside
// a function. The wrapper opens at the end of the previous line when the
// statement starts its line, so columns stay right. Variables declared in
// a compound statement are local to it anyway. The returned prefix goes
// on the interpreter's wrapper line, before the text.
func instrument(text string, stmts []item) (prefix, out string) {
	fset := token.NewFileSet()
	const head = "package p; func _() {"
	f, err := parser.ParseFile(fset, "", head+text+"\n}", 0)
	if err != nil {
		return "", text // leave syntax errors to the interpreter, unchanged
	}
	compound := map[int]bool{}
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		inner := st
		if l, ok := st.(*ast.LabeledStmt); ok {
			inner = l.Stmt
		}
		switch inner.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
			compound[fset.Position(st.Pos()).Offset-len(head)] = true
		}
	}
	for i := len(stmts) - 1; i >= 0; i-- {
		start, end := stmts[i].start, stmts[i].end
		closer := ""
		if compound[start] {
			closer = "}()"
		}
		text = text[:end] + closer + fmt.Sprintf("; _pynsession.Done(%d)", i) + text[end:]
		if !compound[start] {
			continue
		}
		ls := strings.LastIndex(text[:start], "\n") + 1
		switch {
		case strings.TrimSpace(text[ls:start]) != "":
			text = text[:start] + "func() { " + text[start:]
		case ls == 0:
			prefix = "func() {"
		default:
			text = text[:ls-1] + "; func() {" + text[ls-1:]
		}
	}
	return prefix, text
}

// topLevel reports whether a panic's innermost interpreted frame is the
// cell itself (or unknown), whose position the interpreter gets wrong.
func topLevel(e *Error) bool {
	return len(e.Traceback) < 2 || strings.HasPrefix(e.Traceback[1], "  at cell,") || strings.HasPrefix(e.Traceback[1], "  in ")
}

func (s *Session) stmtDone(i int) {
	s.cmu.Lock()
	if s.cur != nil {
		s.cur.done = i
	}
	s.cmu.Unlock()
}

func (s *Session) setDone(st *execState, i int) {
	s.cmu.Lock()
	st.done = i
	s.cmu.Unlock()
}

// runImports evaluates the import specs not yet imported in this session.
func (s *Session) runImports(ctx context.Context, code string, imports []item) error {
	src := "package p;\n" + blank(code, imports)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil {
		return compileError(err, 1)
	}
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := ""
		if spec.Name != nil {
			name = spec.Name.Name
		}
		local := name
		if local == "" {
			local = packageName(path)
		}
		if local != "_" && local != "." && s.imports[local] == path {
			continue // already imported: importing again is a no-op
		}
		pos := fset.Position(spec.Pos())
		pos.Line--
		stmt := "import " + strconv.Quote(path)
		if name != "" {
			stmt = "import " + name + " " + strconv.Quote(path)
		}
		if _, err := s.evalRaw(ctx, stmt); err != nil {
			msg := err.Error()
			if i := strings.Index(msg, ": "); i >= 0 && linePosRE.MatchString(msg[:i]) {
				msg = msg[i+2:]
			}
			return &Error{Name: ErrCompile, Value: "import " + strconv.Quote(path) + ": " + msg, Line: pos.Line, Col: pos.Column}
		}
		if local != "_" && local != "." {
			s.imports[local] = path
			s.globals[local] = true
		}
	}
	return nil
}

// packageName returns the name of the package at path, as registered in
// the symbol tables, or the last element of the path.
func packageName(path string) string {
	for _, tab := range []interp.Exports{stdlib.Symbols, symbols.Symbols} {
		for k := range tab {
			if strings.HasPrefix(k, path+"/") && !strings.Contains(k[len(path)+1:], "/") {
				return k[len(path)+1:]
			}
		}
	}
	if i := strings.LastIndex(path, "/"); i >= 0 {
		path = path[i+1:]
	}
	return path
}

// prepareDecls returns the source of the cell's declarations: types and
// methods identical to earlier ones are dropped (re-running a cell is
// harmless), a different redefinition is an error (the interpreter would
// silently keep the first), func main is renamed, goroutines are wrapped.
func (s *Session) prepareDecls(code string, decls []item) (src string, hasMain bool, types, methods map[string]string, err error) {
	text := blank(code, decls)
	fset := token.NewFileSet()
	f, perr := parser.ParseFile(fset, "", "package p;\n"+text, parser.AllErrors)
	if perr != nil {
		return "", false, nil, nil, compileError(perr, 1)
	}
	off := len("package p;\n")
	b := []byte(text)
	cut := func(from, to token.Pos) {
		for i := fset.Position(from).Offset - off; i < fset.Position(to).Offset-off; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	srcOf := func(n ast.Node) string {
		return text[fset.Position(n.Pos()).Offset-off : fset.Position(n.End()).Offset-off]
	}
	types = map[string]string{}
	methods = map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok == token.VAR || d.Tok == token.CONST {
				for _, sp := range d.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						s.globals[n.Name] = true
					}
				}
			}
			if d.Tok != token.TYPE {
				continue
			}
			same := 0
			for _, sp := range d.Specs {
				ts := sp.(*ast.TypeSpec)
				txt := srcOf(ts)
				name := ts.Name.Name
				if old, ok := s.types[name]; ok {
					if old != txt {
						l, c := lineCol(text, fset.Position(ts.Pos()).Offset-off)
						return "", false, nil, nil, &Error{Name: ErrCompile, Line: l, Col: c,
							Value: fmt.Sprintf("type %s is already defined differently; the interpreter cannot redefine a type: reset the session", name)}
					}
					same++
					if d.Lparen.IsValid() {
						cut(ts.Pos(), ts.End())
					}
					continue
				}
				types[name] = txt
				s.globals[name] = true
			}
			if same == len(d.Specs) && !d.Lparen.IsValid() {
				cut(d.Pos(), d.End())
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				s.globals[d.Name.Name] = true
				if d.Name.Name == "main" && d.Type.Params.NumFields() == 0 && d.Type.Results == nil {
					hasMain = true
					o := fset.Position(d.Name.Pos()).Offset - off
					copy(b[o:], mainAlias)
				}
				continue
			}
			key := recvName(d.Recv.List[0].Type) + "." + d.Name.Name
			txt := srcOf(d)
			if old, ok := s.methods[key]; ok {
				if old != txt {
					l, c := lineCol(text, fset.Position(d.Pos()).Offset-off)
					return "", false, nil, nil, &Error{Name: ErrCompile, Line: l, Col: c,
						Value: fmt.Sprintf("method %s is already defined differently; the interpreter keeps the first definition: reset the session", key)}
				}
				cut(d.Pos(), d.End())
				continue
			}
			methods[key] = txt
		}
	}
	return rewriteGo(rewriteTuples(string(b), true), true), hasMain, types, methods, nil
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	}
	return "?"
}

// rewriteGo wraps the call of every go statement in a function literal
// that recovers a panic and reports it to the session with the number of
// the cell running the go statement, so that a panic in
// a goroutine becomes an error of the cell instead of killing the
// process. The call's arguments are then evaluated in the new goroutine,
// not before it starts. It changes columns only after a go statement on
// its line.
func rewriteGo(text string, isFile bool) string {
	fset := token.NewFileSet()
	var src string
	var off int
	if isFile {
		src = "package p;" + text
		off = len("package p;")
	} else {
		src = "package p; func _() {" + text + "\n}"
		off = len("package p; func _() {")
	}
	f, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		return text // the interpreter reports the error
	}
	type edit struct {
		at  int
		ins string
	}
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		edits = append(edits,
			edit{fset.Position(g.Call.Pos()).Offset - off, "func(_pync int) { defer _pynGoRecover(_pync); "},
			edit{fset.Position(g.Call.End()).Offset - off, " }(_pynsession.GoStart())"})
		return true
	})
	if len(edits) == 0 {
		return text
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	for _, e := range edits {
		text = text[:e.at] + e.ins + text[e.at:]
	}
	return text
}

// noteGlobals records the names a statement chunk defines at top level,
// for completion.
func (s *Session) noteGlobals(text string) {
	for n := range definedNames(text) {
		s.globals[n] = true
	}
}

// definedNames returns the names that top-level statements define with :=
// or var.
func definedNames(text string) map[string]bool {
	names := map[string]bool{}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p; func _() {"+text+"\n}", 0)
	if err != nil {
		return names
	}
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						names[id.Name] = true
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, n := range vs.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	return names
}

// eval evaluates a unit of cell source (positions one line down from the
// cell) and turns failures into *Error.
func (s *Session) eval(ctx context.Context, st *execState, src string) (reflect.Value, error) {
	return s.evalShift(ctx, st, "\n"+src, 1)
}

// evalShift evaluates src whose positions are the cell's moved down by
// shift lines.
func (s *Session) evalShift(ctx context.Context, st *execState, src string, shift int) (reflect.Value, error) {
	s.cmu.Lock()
	st.trace = nil
	s.cmu.Unlock()
	v, err := s.evalRaw(ctx, src)
	if err == nil {
		if ctx.Err() != nil {
			return v, cancelled{ctx.Err()}
		}
		return v, nil
	}
	e := s.betterError(s.convert(ctx, st, err, shift), src, shift)
	if x, ok := e.(*Error); ok && x.inCompiler {
		// Nothing ran: retry once with the compiler crash worked around.
		if fixed := s.fixIndex(ctx, src); fixed != src {
			s.cmu.Lock()
			st.trace = nil
			s.cmu.Unlock()
			v, err := s.evalRaw(ctx, fixed)
			if err == nil {
				if ctx.Err() != nil {
					return v, cancelled{ctx.Err()}
				}
				return v, nil
			}
			if e2, ok := s.convert(ctx, st, err, shift).(*Error); !ok || !e2.inCompiler {
				// Something ran: its error is the cell's (columns on the
				// rewritten lines may be off).
				return v, s.convert(ctx, st, err, shift)
			}
		}
	}
	return v, e
}

// evalRaw calls the interpreter, recovering any panic that escapes it.
func (s *Session) evalRaw(ctx context.Context, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = interp.Panic{Value: r}
		}
	}()
	if ctx.Err() != nil {
		return v, ctx.Err()
	}
	v, err = s.in.EvalWithContext(ctx, src)
	if err != nil && ctx.Err() != nil {
		s.markPending()
	}
	return v, err
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
