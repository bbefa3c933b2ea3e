package session

// Messages of the interpreter that are its own words for ordinary Go
// mistakes, reworded as the Go compiler or runtime would say them, so that
// a cell's error reads like Go and not like the interpreter's insides.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"strings"
)

// panicWords rewrites the value of a panic raised by the interpreter's
// use of reflection into the Go runtime's message for the same mistake.
var panicWords = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^reflect: slice index out of range$`), "runtime error: index out of range"},
	{regexp.MustCompile(`^reflect: (?:array|string) index out of range$`), "runtime error: index out of range"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.Call on (\w+) Value$`), "invalid operation: cannot call non-function (a value of kind $1)"},
	{regexp.MustCompile(`^reflect\.Value\.Call: call of nil function$`), "runtime error: invalid memory address or nil pointer dereference (call of a nil func)"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on zero Value$`), "runtime error: invalid memory address or nil pointer dereference"},
	{regexp.MustCompile(`^reflect: Elem of invalid type.*$`), "runtime error: invalid memory address or nil pointer dereference"},
}

// goPanicWords returns v in the Go runtime's words, or v.
func goPanicWords(v string) string {
	for _, w := range panicWords {
		if w.re.MatchString(v) {
			return w.re.ReplaceAllString(v, w.with)
		}
	}
	return v
}

// rangeOverInt is the message for the interpreter's "nil type", which it
// gives for a range over an integer (Go 1.22), a form it cannot compile.
const rangeOverInt = "range over an integer is not supported by the interpreter: write for i := 0; i < n; i++ {…}"

// nilTypeError rewords the interpreter's "nil type" compile error when the
// source ranges over something that is not a composite value, and places
// it at that range clause. src is moved down by shift lines; isFile tells
// whether it is a file of declarations.
func nilTypeError(e *Error, src string, shift int) *Error {
	if e.Value != "nil type" && e.Value != "panic: nil type" {
		return e
	}
	head, tail := "package p; func _() {", "\n}"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+src+tail, 0)
	if err != nil {
		head, tail = "package p;", ""
		if f, err = parser.ParseFile(fset, "", head+src, 0); err != nil {
			return e
		}
	}
	var at token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || at.IsValid() {
			return !at.IsValid()
		}
		switch x := r.X.(type) {
		case *ast.CompositeLit:
			return true // a slice or map literal ranges fine
		case *ast.BasicLit:
			if x.Kind != token.INT {
				return true
			}
		}
		at = r.X.Pos()
		return false
	})
	if !at.IsValid() {
		return e
	}
	line, col := lineCol(src, fset.Position(at).Offset-len(head))
	line -= shift
	return &Error{Name: ErrCompile, Value: rangeOverInt, Line: line, Col: col,
		Traceback: []string{(&Error{Value: rangeOverInt, Line: line, Col: col}).Error()}}
}

// importWords shortens the interpreter's message for an import it does
// not have, which talks about GOPATH, into what the user can do.
func importWords(v string) string {
	m := importRE.FindStringSubmatch(v)
	if m == nil {
		return v
	}
	return "could not import " + m[1] + ": not among the packages built into pyn (%help lists them)"
}

var importRE = regexp.MustCompile(`^import "([^"]+)": .*unable to find source related to`)

// checkRangeInt reports a range over an integer before the interpreter
// sees it (it would print "nil type" on standard error and fail): a range
// over an integer literal, or over a session variable of integer kind.
// Other ranges over integers are caught after the fact by nilTypeError.
func (s *Session) checkRangeInt(code string) error {
	if !strings.Contains(code, "range") {
		return nil
	}
	head := "package p; func _() {"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+code+"\n}", 0)
	if err != nil {
		head = "package p;"
		if f, err = parser.ParseFile(fset, "", head+code, 0); err != nil {
			return nil // not Go: the interpreter reports it
		}
	}
	var globals map[string]reflect.Value
	var at token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || at.IsValid() {
			return !at.IsValid()
		}
		switch x := r.X.(type) {
		case *ast.BasicLit:
			if x.Kind == token.INT {
				at = x.Pos()
			}
		case *ast.Ident:
			if globals == nil {
				globals = s.interpGlobals()
			}
			if v, ok := globals[x.Name]; ok && v.IsValid() {
				switch v.Kind() {
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
					reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
					at = x.Pos()
				}
			}
		}
		return true
	})
	if !at.IsValid() {
		return nil
	}
	line, col := lineCol(code, fset.Position(at).Offset-len(head))
	e := &Error{Name: ErrCompile, Value: rangeOverInt, Line: line, Col: col}
	e.Traceback = []string{e.Error()}
	return e
}
