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
// Generic funcs and types are returned in generic: yaegi extract drops
// them, so they must not be part of an interpreted API.
func exported(t *testing.T, dir string) (names, methods, generic []string) {
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
						generic = append(generic, d.Name.Name)
					}
					continue
				}
				recv := d.Recv.List[0].Type
				if s, ok := recv.(*ast.StarExpr); ok {
					recv = s.X
				}
				if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
					methods = append(methods, id.Name+"."+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if sp.Name.IsExported() {
							names = append(names, sp.Name.Name)
							if sp.TypeParams != nil {
								generic = append(generic, sp.Name.Name)
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
	return names, methods, generic
}

// TestAPICoverage checks that every exported name of pyn and of the
// display package is in Symbols, and every exported method is callable on
// its type. A failure means: run `go generate ./symbols`.
func TestAPICoverage(t *testing.T) {
	for _, pkg := range []struct{ dir, key string }{
		{"../pyn", "github.com/pyn-go/pyn/pyn/pyn"},
		{"../kernel/display", "github.com/pyn-go/pyn/kernel/display/display"},
	} {
		t.Run(filepath.Base(pkg.dir), func(t *testing.T) {
			tab, ok := Symbols[pkg.key]
			if !ok {
				t.Fatalf("no symbols for %s: run go generate ./symbols", pkg.key)
			}
			names, methods, generic := exported(t, pkg.dir)
			if len(names) == 0 {
				t.Fatalf("no exported names found in %s", pkg.dir)
			}
			for _, g := range generic {
				t.Errorf("%s is generic: the interpreter cannot use it", g)
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
