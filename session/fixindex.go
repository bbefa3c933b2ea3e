package session

// A workaround for a crash of yaegi's compiler on indexed fields of
// compiled structs (see fixIndex).

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
)

// fixIndex works around a crash of yaegi's compiler: a top-level := whose
// value indexes a slice or map held in a field of a compiled struct
// (spikes := res.Pops[0].Spikes.T) makes the compiler dereference nil.
// Converting the indexed operand to its own type, []pyn.PopResult(res.Pops),
// avoids it. fixIndex rewrites every index expression whose operand is a
// selector chain on a session variable (evaluated here for its type: no
// side effects) and whose type can be written with the session's imports.
// It returns src unchanged when there is nothing to rewrite.
func (s *Session) fixIndex(ctx context.Context, src string) string {
	const head = "package p; func _() {"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+src+"\n}", 0)
	if err != nil {
		return src
	}
	type edit struct {
		at  int
		ins string
	}
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		ix, ok := n.(*ast.IndexExpr)
		if !ok {
			return true
		}
		sel, ok := ix.X.(*ast.SelectorExpr)
		if !ok || !pure(sel) {
			return true
		}
		if root, ok := rootIdent(sel); !ok || s.imports[root] != "" {
			return true // a package member, not a value's field
		}
		from := fset.Position(sel.Pos()).Offset - len(head)
		to := fset.Position(sel.End()).Offset - len(head)
		v, err := s.evalRaw(ctx, stmtGuard+src[from:to])
		if err != nil || !v.IsValid() {
			return true
		}
		t, ok := s.typeExpr(v.Type())
		if !ok {
			return true
		}
		edits = append(edits, edit{from, "(" + t + "("}, edit{to, "))"})
		return true
	})
	if len(edits) == 0 {
		return src
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	for _, e := range edits {
		src = src[:e.at] + e.ins + src[e.at:]
	}
	return src
}

func rootIdent(e ast.Expr) (string, bool) {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name, true
		case *ast.SelectorExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return "", false
		}
	}
}

// typeExpr writes t as Go source with the session's package names, for
// slices, arrays, maps and pointers of predeclared and compiled named
// types.
func (s *Session) typeExpr(t reflect.Type) (string, bool) {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), true
		}
		for local, path := range s.imports {
			if path == t.PkgPath() {
				return local + "." + t.Name(), true
			}
		}
		return "", false
	}
	switch t.Kind() {
	case reflect.Slice:
		e, ok := s.typeExpr(t.Elem())
		return "[]" + e, ok
	case reflect.Array:
		e, ok := s.typeExpr(t.Elem())
		return fmt.Sprintf("[%d]", t.Len()) + e, ok
	case reflect.Pointer:
		e, ok := s.typeExpr(t.Elem())
		return "*" + e, ok
	case reflect.Map:
		k, ok1 := s.typeExpr(t.Key())
		e, ok2 := s.typeExpr(t.Elem())
		return "map[" + k + "]" + e, ok1 && ok2
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "interface{}", true
		}
	}
	return "", false
}
