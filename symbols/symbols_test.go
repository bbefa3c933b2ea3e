package symbols

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// exported lists the exported API of the package in dir, read from its
// source at test time (the API grows; the tables must follow):
// top-level funcs, types, vars and consts, and methods as "Type.Method".
// Generic funcs and types, and funcs and methods with a variadic
// interface parameter (...any), are also returned in bad: yaegi extract
// drops the former, and interpreted values spread into the latter arrive
// wrongly (docs/yaegi.md), so neither may be part of an interpreted API.
func exported(t *testing.T, dir string) (names, methods, bad []string) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					names = append(names, d.Name.Name)
					if d.Type.TypeParams != nil {
						bad = append(bad, d.Name.Name+" is generic")
					}
					if variadicInterface(d.Type) {
						bad = append(bad, d.Name.Name+" has a variadic interface parameter")
					}
					continue
				}
				recv := d.Recv.List[0].Type
				if s, ok := recv.(*ast.StarExpr); ok {
					recv = s.X
				}
				if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
					methods = append(methods, id.Name+"."+d.Name.Name)
					if variadicInterface(d.Type) {
						bad = append(bad, id.Name+"."+d.Name.Name+" has a variadic interface parameter")
					}
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if sp.Name.IsExported() {
							names = append(names, sp.Name.Name)
							if sp.TypeParams != nil {
								bad = append(bad, sp.Name.Name+" is generic")
							}
						}
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							if n.IsExported() {
								names = append(names, n.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names, methods, bad
}

// variadicInterface reports whether f's last parameter is ...any or
// ...interface{…}.
func variadicInterface(f *ast.FuncType) bool {
	ps := f.Params.List
	if len(ps) == 0 {
		return false
	}
	e, ok := ps[len(ps)-1].Type.(*ast.Ellipsis)
	if !ok {
		return false
	}
	switch x := e.Elt.(type) {
	case *ast.InterfaceType:
		return true
	case *ast.Ident:
		return x.Name == "any"
	}
	return false
}

// TestAPICoverage checks that every exported name of pyn and of the
// display package is in Symbols, and every exported method is callable on
// its type. A failure means: run `go generate ./symbols`.
func TestAPICoverage(t *testing.T) {
	for _, pkg := range []struct{ dir, key string }{
		{"../pyn", "github.com/pyn-go/pyn/pyn/pyn"},
		{"../display", "github.com/pyn-go/pyn/display/display"},
	} {
		t.Run(filepath.Base(pkg.dir), func(t *testing.T) {
			tab, ok := Symbols[pkg.key]
			if !ok {
				t.Fatalf("no symbols for %s: run go generate ./symbols", pkg.key)
			}
			names, methods, bad := exported(t, pkg.dir)
			if len(names) == 0 {
				t.Fatalf("no exported names found in %s", pkg.dir)
			}
			for _, b := range bad {
				t.Errorf("%s: the interpreter cannot use it reliably", b)
			}
			for _, n := range names {
				if _, ok := tab[n]; !ok {
					t.Errorf("%s missing from Symbols: run go generate ./symbols", n)
				}
			}
			for _, m := range methods {
				typ, meth, _ := strings.Cut(m, ".")
				v, ok := tab[typ]
				if !ok {
					continue // reported above
				}
				rt := v.Type() // *T
				if _, ok := rt.MethodByName(meth); !ok {
					if _, ok := rt.Elem().MethodByName(meth); !ok {
						t.Errorf("method %s not callable through Symbols", m)
					}
				}
			}
			t.Logf("%d names and %d methods checked", len(names), len(methods))
		})
	}
}

// TestPlotSymbols checks the gonum/plot packages a user needs to
// customise a figure are exported.
func TestPlotSymbols(t *testing.T) {
	for key, names := range map[string][]string{
		"gonum.org/v1/plot/plot":                      {"New", "Plot"},
		"gonum.org/v1/plot/plotter/plotter":           {"NewLine", "NewScatter", "XYs", "NewHist"},
		"gonum.org/v1/plot/vg/vg":                     {"Points", "Length", "Inch", "Centimeter"},
		"gonum.org/v1/plot/vg/draw/draw":              {"Canvas", "LineStyle"},
		"gonum.org/v1/plot/plotutil/plotutil":         {"AddLinePoints", "Color"},
		"gonum.org/v1/plot/palette/palette":           {"Heat"},
		"gonum.org/v1/plot/palette/moreland/moreland": {"SmoothBlueRed"},
		"gonum.org/v1/plot/font/font":                 {"Font"},
	} {
		tab, ok := Symbols[key]
		if !ok {
			t.Errorf("%s missing", key)
			continue
		}
		for _, n := range names {
			if _, ok := tab[n]; !ok {
				t.Errorf("%s.%s missing", key, n)
			}
		}
	}
}

// TestVariadicInterface checks the detector TestAPICoverage relies on.
func TestVariadicInterface(t *testing.T) {
	for _, test := range []struct {
		decl string
		want bool
	}{
		{"func F(format string, args ...any)", true},
		{"func F(args ...interface{})", true},
		{"func F(args ...interface{ String() string })", true},
		{"func F(xs ...float64)", false},
		{"func F(xs []any)", false},
		{"func F()", false},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+test.decl+" {}", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := variadicInterface(f.Decls[0].(*ast.FuncDecl).Type); got != test.want {
			t.Errorf("%s: %v, want %v", test.decl, got, test.want)
		}
	}
}
