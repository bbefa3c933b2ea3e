package layout

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/pyn-go/pyn"

// layers gives every package of the module its layer; imports point to a
// strictly lower layer. A new package must be added here.
var layers = map[string]int{
	"cmd/pyn":                 6,
	"notebooks":               6,
	"session/internal/gendoc": 6, // go:generate command
	"kernel":                  5,
	"notebook":                5,
	"session":                 4,
	"symbols":                 3,
	"sonata":                  2,
	"gonbdisplay":             2, // display's sink under gonb; imported by gonb cells only
	"pyn":                     1,
	"display":                 1,
	"internal/cell":           0,
	"session/internal/docs":   0,
	"internal/layout":         0,
}

// The direction as the docs state it, for error messages.
const direction = "cmd/pyn → kernel, notebook → session → symbols → sonata → {pyn, display} → internal/cell"

// rule restricts the imports of some packages beyond the layers.
type rule struct {
	desc string
	// bad reports whether pkg (a module-relative path) may not import imp
	// (a full import path); test tells whether the import is in a _test.go
	// file.
	bad func(pkg, imp string, test bool) bool
}

var rules = []rule{
	{"display imports only the standard library and internal/cell", func(pkg, imp string, _ bool) bool {
		return pkg == "display" && !std(imp) && imp != module+"/internal/cell" && imp != module+"/display"
	}},
	{"internal/cell imports only the standard library", func(pkg, imp string, _ bool) bool {
		return pkg == "internal/cell" && !std(imp) && imp != module+"/internal/cell"
	}},
	{"internal/cell is set by session (gonbdisplay under gonb) and read by pyn and display only", func(pkg, imp string, test bool) bool {
		return imp == module+"/internal/cell" && !test && pkg != "pyn" && pkg != "display" && pkg != "session" && pkg != "gonbdisplay"
	}},
	{"only gonbdisplay imports gonb", func(pkg, imp string, _ bool) bool {
		return strings.HasPrefix(imp, "github.com/janpfeifer/gonb") && pkg != "gonbdisplay"
	}},
	{"only kernel speaks ZeroMQ", func(pkg, imp string, _ bool) bool {
		return strings.HasPrefix(imp, "github.com/go-zeromq/") && pkg != "kernel"
	}},
	{"the interpreter stays in symbols and session", func(pkg, imp string, _ bool) bool {
		return strings.HasPrefix(imp, "github.com/traefik/yaegi") && pkg != "symbols" && pkg != "session"
	}},
	{"pyn has no cgo (386 and purego builds)", func(pkg, imp string, _ bool) bool {
		return pkg == "pyn" && imp == "C"
	}},
}

func std(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return imp != "C" && !strings.Contains(first, ".")
}

// imports returns, for every package directory of the module, the imports
// of each of its Go files, whatever their build tags.
func imports(t *testing.T, root string) map[string]map[string][]string {
	t.Helper()
	pkgs := map[string]map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if pkgs[rel] == nil {
			pkgs[rel] = map[string][]string{}
		}
		for _, s := range f.Imports {
			imp, _ := strconv.Unquote(s.Path.Value)
			pkgs[rel][name] = append(pkgs[rel][name], imp)
		}
		if len(f.Imports) == 0 {
			pkgs[rel][name] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// ownInternal reports whether imp is one of pkg's own internal packages.
func ownInternal(pkg, imp string) bool {
	return strings.HasPrefix(imp, module+"/"+pkg+"/internal/")
}

func TestDependencyDirection(t *testing.T) {
	pkgs := imports(t, filepath.Join("..", ".."))
	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, pkg := range names {
		layer, ok := layers[pkg]
		if !ok {
			t.Errorf("package %s has no layer: add it to layers in internal/layout (direction %s)", pkg, direction)
			continue
		}
		var files []string
		for f := range pkgs[pkg] {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, file := range files {
			test := strings.HasSuffix(file, "_test.go")
			for _, imp := range pkgs[pkg][file] {
				where := pkg + "/" + file
				for _, r := range rules {
					if r.bad(pkg, imp, test) {
						t.Errorf("%s imports %s: %s", where, imp, r.desc)
					}
				}
				if !strings.HasPrefix(imp, module+"/") || imp == module+"/"+pkg || ownInternal(pkg, imp) {
					continue
				}
				dep := strings.TrimPrefix(imp, module+"/")
				l, ok := layers[dep]
				switch {
				case !ok:
					t.Errorf("%s imports %s, which has no layer", where, imp)
				case l >= layer:
					t.Errorf("%s imports %s: %s (layer %d) may import only lower layers than its own, not %s (layer %d); the direction is %s",
						where, dep, pkg, layer, dep, l, direction)
				}
			}
		}
	}
	for pkg := range layers {
		if _, ok := pkgs[pkg]; !ok {
			t.Errorf("layers names %s, which is not a package of the module any more", pkg)
		}
	}
}

// TestRulesBite checks that the test fails on the imports it forbids, so
// that a mistake in the walk cannot make it pass vacuously.
func TestRulesBite(t *testing.T) {
	for _, c := range []struct {
		pkg, imp string
		test     bool
		bad      bool
	}{
		{"display", "fmt", false, false},
		{"display", module + "/internal/cell", false, false},
		{"display", "gonum.org/v1/plot", false, true},
		{"internal/cell", module + "/display", false, true},
		{"kernel", module + "/internal/cell", false, true},
		{"kernel", module + "/internal/cell", true, false},
		{"notebook", "github.com/go-zeromq/zmq4", false, true},
		{"pyn", "github.com/traefik/yaegi/interp", false, true},
		{"pyn", "C", false, true},
		{"session", "github.com/traefik/yaegi/interp", false, false},
	} {
		bad := false
		for _, r := range rules {
			bad = bad || r.bad(c.pkg, c.imp, c.test)
		}
		if bad != c.bad {
			t.Errorf("%s importing %s (test file %v): forbidden = %v, want %v", c.pkg, c.imp, c.test, bad, c.bad)
		}
	}
	// Layers: pyn → session points up.
	if layers["pyn"] >= layers["session"] || layers["symbols"] >= layers["session"] || layers["session"] >= layers["kernel"] {
		t.Errorf("layers contradict the direction %s", direction)
	}
	pkgs := imports(t, filepath.Join("..", ".."))
	for _, p := range []string{"pyn", "session", "kernel", "display", "internal/cell"} {
		if len(pkgs[p]) == 0 {
			t.Errorf("the walk found no files in %s", p)
		}
	}
}

// TestArchitectureDoc checks that docs/architecture.md, which draws the
// layers, names every package that has one.
func TestArchitectureDoc(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range layers {
		if strings.HasPrefix(pkg, "session/internal/") {
			continue // generator internals
		}
		if !strings.Contains(string(b), pkg) {
			t.Errorf("docs/architecture.md does not name package %s", pkg)
		}
	}
}
