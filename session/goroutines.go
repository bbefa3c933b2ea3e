package session

// Goroutines started by a cell: the rewrite of go statements that recovers
// their panics, and the bookkeeping that makes such a panic the error of the
// cell that started the goroutine.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
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
