package session

// Declarations of a cell: dropping repeated types and methods, refusing
// different redefinitions, renaming func main, and noting the names a cell
// defines for completion.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
)

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
