package symbols

import (
	"reflect"
	"strings"
	"testing"
)

// cellPkg is the package of the per-cell inputs (context, progress,
// display sink) that only the interpreter session may set.
const cellPkg = "github.com/pyn-go/pyn/internal/cell"

// mentions reports whether t, or a type it is built from (function
// parameters and results, elements, fields), belongs to pkg.
func mentions(t reflect.Type, pkg string, seen map[reflect.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	if t.PkgPath() == pkg {
		return true
	}
	switch t.Kind() {
	case reflect.Func:
		for i := 0; i < t.NumIn(); i++ {
			if mentions(t.In(i), pkg, seen) {
				return true
			}
		}
		for i := 0; i < t.NumOut(); i++ {
			if mentions(t.Out(i), pkg, seen) {
				return true
			}
		}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return mentions(t.Elem(), pkg, seen)
	case reflect.Map:
		return mentions(t.Key(), pkg, seen) || mentions(t.Elem(), pkg, seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && mentions(f.Type, pkg, seen) {
				return true
			}
		}
	}
	return false
}

// TestNoHiddenInputs checks that no symbol a cell can reach sets or reads
// the per-cell inputs: not by name (the former pyn.SetAmbient and
// display.SetPublisher) and not through a type of internal/cell anywhere
// in a signature, a variable or an exported field.
func TestNoHiddenInputs(t *testing.T) {
	if len(Symbols) == 0 {
		t.Fatal("no symbol tables")
	}
	for pkg, syms := range Symbols {
		if strings.HasPrefix(pkg, cellPkg) {
			t.Errorf("the symbol tables export %s", pkg)
		}
		for name, v := range syms {
			if strings.Contains(name, "Ambient") || strings.Contains(name, "Publisher") {
				t.Errorf("%s exports %s: per-cell inputs belong to internal/cell", pkg, name)
			}
			if v.IsValid() && mentions(v.Type(), cellPkg, map[reflect.Type]bool{}) {
				t.Errorf("%s.%s exposes a type of internal/cell (%s)", pkg, name, v.Type())
			}
		}
	}
	// The check sees through signatures.
	type env struct{ F func(func(reflect.Value)) }
	if !mentions(reflect.TypeOf(env{}), "reflect", map[reflect.Type]bool{}) {
		t.Error("mentions misses a type inside a function field")
	}
}
