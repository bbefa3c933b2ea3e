package session

// A workaround for yaegi dropping parallel assignments to struct fields.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// rewriteTuples works around a yaegi bug that silently drops assignments:
// in a parallel assignment to fields of a compiled struct,
// c.Weight, c.Inhibitory = pyn.Uniform(0, 1), true sets only the first.
// Every parallel assignment with a field on the left becomes
// func() { _pynT1, _pynT2 := <values>; c.Weight = _pynT1; c.Inhibitory = _pynT2 }()
// which evaluates all values before assigning, as Go does (a function
// literal rather than a block: the interpreter fails on a multi-value :=
// in a top-level block). Left-hand operands are evaluated after the
// values, which only matters if evaluating the values changes them.
func rewriteTuples(text string, isFile bool) string {
	head := "package p; func _() {"
	src := head + text + "\n}"
	if isFile {
		head = "package p;"
		src = head + text
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		return text
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset - len(head) }
	type edit struct {
		from, to int
		repl     string
	}
	var edits []edit
	visit := func(list []ast.Stmt) {
		for _, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) < 2 {
				continue
			}
			field := false
			for _, l := range as.Lhs {
				if _, ok := l.(*ast.SelectorExpr); ok {
					field = true
				}
			}
			if !field {
				continue
			}
			var temps, values, assigns []string
			for i, l := range as.Lhs {
				lhs := text[off(l.Pos()):off(l.End())]
				if len(as.Rhs) == len(as.Lhs) && constant(as.Rhs[i]) {
					// An untyped constant keeps its type from the field; it
					// cannot depend on the left-hand sides.
					assigns = append(assigns, lhs+" = "+text[off(as.Rhs[i].Pos()):off(as.Rhs[i].End())])
					continue
				}
				if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
					temps = append(temps, "_")
				} else {
					t := "_pynT" + strconv.Itoa(i+1)
					temps = append(temps, t)
					assigns = append(assigns, lhs+" = "+t)
				}
				if len(as.Rhs) == len(as.Lhs) {
					values = append(values, text[off(as.Rhs[i].Pos()):off(as.Rhs[i].End())])
				}
			}
			if len(as.Rhs) != len(as.Lhs) { // one call with several results
				values = []string{text[off(as.Rhs[0].Pos()):off(as.Rhs[0].End())]}
			}
			repl := "func() { "
			if len(values) > 0 {
				repl += strings.Join(temps, ", ") + " := " + strings.Join(values, ", ") + "; "
			}
			repl += strings.Join(assigns, "; ") + " }()"
			edits = append(edits, edit{off(as.Pos()), off(as.End()), repl})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			visit(n.List)
		case *ast.CaseClause:
			visit(n.Body)
		case *ast.CommClause:
			visit(n.Body)
		}
		return true
	})
	if len(edits) == 0 {
		return text
	}
	// Nested edits cannot occur: an assignment statement holds no
	// statements (function literals in it are left as they are).
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	last := len(text) + 1
	for _, e := range edits {
		if e.to > last {
			continue // overlapping: keep the outer edit only
		}
		text = text[:e.from] + e.repl + text[e.to:]
		last = e.from
	}
	return text
}

// constant reports whether e is an untyped constant expression built from
// literals, true, false and iota.
func constant(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return e.Name == "true" || e.Name == "false" || e.Name == "iota"
	case *ast.ParenExpr:
		return constant(e.X)
	case *ast.UnaryExpr:
		return constant(e.X)
	case *ast.BinaryExpr:
		return constant(e.X) && constant(e.Y)
	}
	return false
}
