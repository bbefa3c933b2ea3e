package session

// Running one cell: ordering its imports, declarations, statements and
// trailing expression, instrumenting top-level statements, and evaluating
// each unit through the interpreter.

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"
)

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
