package session

// Goroutines started by a cell: the rewrite of go statements that recovers
// their panics, and the bookkeeping that makes such a panic the error of the
// cell that started the goroutine.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"time"
)

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

// rewriteGo wraps every go statement so that a panic in the goroutine
// is recovered and reported to the session with the number of the cell
// running the go statement, instead of killing the process:
//
//	go f(a, b)
//
// becomes
//
//	func() { _pynf1, _pyna1_0, _pyna1_1 := f, a, b; go func(_pync int) { defer _pynGoRecover(_pync); _pynf1(_pyna1_0, _pyna1_1) }(_pynsession.GoStart()) }()
//
// The function value and the arguments are evaluated before the goroutine
// starts, as the Go specification says (go f(i) in a loop passes each i).
// Literal arguments and nil stay in place, so that an untyped constant
// keeps the parameter's type; a builtin (close, println, …) is called by
// its name. Go statements inside the function or the arguments of
// another are rewritten too. Columns change only after a go statement on
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
	var gos []*ast.GoStmt
	ast.Inspect(f, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok {
			gos = append(gos, g)
		}
		return true
	})
	if len(gos) == 0 {
		return text
	}
	pos := func(p token.Pos) int { return fset.Position(p).Offset - off }
	n := 0
	// render returns text[a:b] with the go statements inside rewritten;
	// gos is in source order, outer statements before inner ones.
	var render func(a, b int) string
	render = func(a, b int) string {
		var out strings.Builder
		at := a
		for _, g := range gos {
			ga, gb := pos(g.Pos()), pos(g.End())
			if ga < at || gb > b {
				continue // outside, or inside one already rendered
			}
			out.WriteString(text[at:ga])
			n++
			id := n
			fn := render(pos(g.Call.Fun.Pos()), pos(g.Call.Fun.End()))
			var names, values, args []string
			if bi, ok := g.Call.Fun.(*ast.Ident); !ok || !builtins[bi.Name] {
				name := fmt.Sprintf("_pynf%d", id)
				names, values = append(names, name), append(values, fn)
				fn = name
			}
			for j, a := range g.Call.Args {
				v := render(pos(a.Pos()), pos(a.End()))
				if lit, ok := a.(*ast.BasicLit); ok && lit != nil || isNil(a) {
					args = append(args, v)
					continue
				}
				name := fmt.Sprintf("_pyna%d_%d", id, j)
				names, values, args = append(names, name), append(values, v), append(args, name)
			}
			call := fn + "(" + strings.Join(args, ", ")
			if g.Call.Ellipsis.IsValid() {
				call += "..."
			}
			call += ")"
			out.WriteString("func() { ")
			if len(names) > 0 {
				out.WriteString(strings.Join(names, ", ") + " := " + strings.Join(values, ", ") + "; ")
			}
			out.WriteString("go func(_pync int) { defer _pynGoRecover(_pync); " + call + " }(_pynsession.GoStart()) }()")
			at = gb
		}
		out.WriteString(text[at:b])
		return out.String()
	}
	return render(0, len(text))
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// builtins are the predeclared functions, which are not values.
var builtins = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true,
	"panic": true, "print": true, "println": true, "real": true, "recover": true,
}
