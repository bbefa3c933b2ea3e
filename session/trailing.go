package session

// The value of a cell's trailing expression: evaluation and rendering into
// display data.

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

	"github.com/pyn-go/pyn/display"
)

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// noValueBuiltins are the builtins whose call has no value.
var noValueBuiltins = map[string]bool{"print": true, "println": true, "panic": true, "close": true, "delete": true, "clear": true}

// maxText bounds the text/plain rendering of a value.
const maxText = 64 << 10

// evalTrailing evaluates the cell's trailing expression statement and
// renders its value. A call with no result has no value; a call with
// several results shows the first, unless the last is a non-nil error,
// which becomes the cell's error. A call whose only result is an error
// has no value: a non-nil error becomes the cell's error.
func (s *Session) evalTrailing(ctx context.Context, st *execState, code string, it item) (*display.Data, error) {
	text := code[it.start:it.end]
	fset := token.NewFileSet()
	expr, err := parser.ParseExprFrom(fset, "", text, 0)
	if err != nil {
		return nil, compileError(err, 0)
	}
	line, col := lineCol(code, it.start)
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	// place puts body at the expression's position in the cell, behind a
	// prefix on the wrapper's line.
	place := func(prefix, body string) string {
		return stmtGuard + prefix + strings.Repeat("\n", line) + strings.Repeat(" ", col-1) + body
	}
	s.n++
	k := s.n
	body := text
	// The hidden variables would keep the value (a result, an image)
	// alive for the whole session: zero them once rendered.
	defer s.release(fmt.Sprintf("_pynV%d", k), fmt.Sprintf("_pynE%d", k), fmt.Sprintf("_pynR%d", k))

	arity := 1 // number of results; -1: unknown
	lastErr := false
	if call, ok := unparen(expr).(*ast.CallExpr); ok {
		fun := unparen(call.Fun)
		callee := ""
		switch {
		case pure(fun):
			callee = text[off(fun.Pos()):off(fun.End())]
		case isSelector(fun):
			// Evaluate the receiver once, into a variable, so that the
			// method's signature can be looked up without running the
			// call twice.
			sel := fun.(*ast.SelectorExpr)
			recv := fmt.Sprintf("_pynR%d", k)
			xs, xe := off(sel.X.Pos()), off(sel.X.End())
			if _, err := s.evalAt(ctx, st, line, col, place(recv+" :=", strings.Repeat(" ", xs)+text[xs:xe]), 1); err != nil {
				return nil, err
			}
			repl := recv
			if n := xe - xs; n > len(repl) {
				repl += strings.Repeat(" ", n-len(repl))
			}
			body = text[:xs] + repl + text[xe:]
			callee = recv + "." + sel.Sel.Name
		}
		arity = -1
		if printCall(fun, s.imports) {
			arity = 0 // fmt.Print… results are noise in a notebook
		} else if callee != "" {
			if v, err := s.evalRaw(ctx, stmtGuard+callee); err == nil && v.IsValid() && v.Kind() == reflect.Func {
				t := v.Type()
				arity = t.NumOut()
				lastErr = arity >= 2 && t.Out(arity-1).Implements(errorType) ||
					arity == 1 && t.Out(0) == errorType
			} else if id, ok := fun.(*ast.Ident); ok && noValueBuiltins[id.Name] {
				arity = 0
			} else {
				arity = 1 // a conversion or a builtin with a value
			}
		}
	}

	switch {
	case arity == 0:
		_, err := s.evalAt(ctx, st, line, col, place("", body), 1)
		return nil, err
	case arity < 0:
		// Unknown signature: let the interpreter return the first value.
		v, err := s.evalAt(ctx, st, line, col, place("", body), 1)
		if err != nil || !v.IsValid() || v.Type() == reflect.TypeOf((*any)(nil)) {
			return nil, err
		}
		d := renderCompiled(v)
		return &d, nil
	}
	name := fmt.Sprintf("_pynV%d", k)
	errName := fmt.Sprintf("_pynE%d", k)
	lhs := name
	if arity == 1 && lastErr {
		lhs = errName // a call returning only an error: no value besides it
	}
	for i := 1; i < arity; i++ {
		if i == arity-1 && lastErr {
			lhs += ", " + errName
		} else {
			lhs += ", _"
		}
	}
	if _, err := s.evalAt(ctx, st, line, col, place(lhs+" :=", body), 1); err != nil {
		return nil, err
	}
	if lastErr {
		isErr, err := s.evalRaw(ctx, errName+" != nil")
		if err == nil && isErr.Kind() == reflect.Bool && isErr.Bool() {
			msg := "error"
			if m, err := s.evalRaw(ctx, errName+".Error()"); err == nil && m.Kind() == reflect.String {
				msg = m.String()
			}
			if ctx.Err() != nil {
				return nil, cancelled{ctx.Err()}
			}
			return nil, &Error{Name: ErrReturned, Value: msg, Line: line, Col: col,
				Traceback: []string{fmt.Sprintf("%d:%d: %s returned error: %s", line, col, strings.TrimSpace(text), msg)}}
		}
	}
	if arity == 1 && lastErr {
		return nil, nil
	}
	return s.render(ctx, st, name)
}

// render returns the rendering of the interpreted variable name: the
// first of its Render, HTML, Markdown, PNG, JPEG, SVG, JSON methods that
// exists with the right signature (checked by the interpreter, so methods
// of interpreted types count), else display.Render of the value, else its
// text.
func (s *Session) render(ctx context.Context, st *execState, name string) (*display.Data, error) {
	v, err := s.evalRaw(ctx, name)
	if err != nil || !v.IsValid() {
		return nil, nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if v.IsNil() {
			d := display.Text("<nil>")
			return &d, nil
		}
	}
	for _, m := range []string{"Render", "HTML", "Markdown", "PNG", "JPEG", "SVG", "JSON"} {
		r, err := s.evalRaw(ctx, name+"."+m+"()")
		if err != nil {
			var p interp.Panic
			if errors.As(err, &p) {
				return nil, s.convert(ctx, st, err, 1)
			}
			continue // no such method
		}
		if !r.IsValid() || !r.CanInterface() {
			continue
		}
		var d display.Data
		ok := true
		switch x := r.Interface().(type) {
		case display.Data:
			d = x
		case string:
			switch m {
			case "HTML":
				d = display.HTML(x)
			case "Markdown":
				d = display.Markdown(x)
			case "SVG":
				d = display.SVG(x)
			default:
				ok = false
			}
		case []byte:
			switch m {
			case "PNG":
				d = display.PNG(x)
			case "JPEG":
				d = display.JPEG(x)
			default:
				ok = false
			}
		case map[string]any:
			d = display.JSON(x)
		default:
			ok = false
		}
		if ok {
			if d.Data == nil {
				d.Data = map[string]any{}
			}
			if d.Metadata == nil {
				d.Metadata = map[string]any{}
			}
			if m != "Render" {
				// The value's String, if any, is a better text fallback
				// than the placeholder.
				if t, err := s.evalRaw(ctx, name+".String()"); err == nil && t.Kind() == reflect.String {
					d.Data[display.MIMEText] = t.String()
				}
			}
			return &d, nil
		}
	}
	if v.CanInterface() {
		if d, ok := display.Render(v.Interface()); ok {
			return &d, nil
		}
	}
	// Text through the interpreter's fmt, which honours String and Error
	// methods of interpreted types.
	if t, err := s.evalRaw(ctx, `_pynfmt.Sprintf("%v", `+name+`)`); err == nil && t.Kind() == reflect.String {
		d := display.Text(truncate(t.String()))
		return &d, nil
	}
	d := renderCompiled(v)
	return &d, nil
}

// renderCompiled renders a value with the compiled rules only.
func renderCompiled(v reflect.Value) display.Data {
	if !v.CanInterface() {
		return display.Text(truncate(v.String()))
	}
	if d, ok := display.Render(v.Interface()); ok {
		return d
	}
	return display.Text(truncate(fmt.Sprintf("%v", v.Interface())))
}

func truncate(s string) string {
	if len(s) > maxText {
		return s[:maxText] + fmt.Sprintf("… (%d bytes in all)", len(s))
	}
	return s
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// pure reports whether evaluating e has no side effects: an identifier or
// a chain of selectors on one, or a function literal.
func pure(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.FuncLit:
		return true
	case *ast.SelectorExpr:
		return pure(e.X)
	case *ast.ParenExpr:
		return pure(e.X)
	}
	return false
}

// printCall reports whether fun is fmt's Print, Printf, Println or an
// Fprint variant.
func printCall(fun ast.Expr, imports map[string]string) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && imports[pkg.Name] == "fmt" && strings.HasPrefix(strings.TrimPrefix(sel.Sel.Name, "F"), "Print")
}

func isSelector(e ast.Expr) bool { _, ok := e.(*ast.SelectorExpr); return ok }

// lineCol returns the 1-based line and byte column of offset in code.
func lineCol(code string, offset int) (int, int) {
	line := 1 + strings.Count(code[:offset], "\n")
	col := offset - strings.LastIndex(code[:offset], "\n")
	return line, col
}

// release sets the named interpreter globals to their zero value.
func (s *Session) release(names ...string) {
	defer func() { recover() }() //nolint:errcheck // best effort
	g := s.interpGlobals()
	for _, n := range names {
		if v, ok := g[n]; ok && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
		}
	}
}

// evalAt evaluates a trailing expression's source and locates a panic of
// the cell itself at the expression.
func (s *Session) evalAt(ctx context.Context, st *execState, line, col int, src string, shift int) (reflect.Value, error) {
	v, err := s.evalShift(ctx, st, src, shift)
	locate(err, line, col)
	return v, err
}
