// Package docs turns go/doc packages into the flat tables the session's
// Inspect serves: "path.Name" and "path.Type.Method" to the declaration
// followed by the doc comment.
package docs

import (
	"bytes"
	"go/ast"
	"go/doc"
	"go/printer"
	"go/token"
	"strings"
)

// Fill adds the declaration and doc comment of every exported symbol
// of pkg to m, keyed "path.Name" and "path.Type.Method".
func Fill(m map[string]string, fset *token.FileSet, pkg *doc.Package, path string) {
	decl := func(n ast.Node) string {
		var b bytes.Buffer
		cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
		cfg.Fprint(&b, fset, n) //nolint:errcheck
		return b.String()
	}
	entry := func(sig, text string) string {
		text = strings.TrimSpace(text)
		if text == "" {
			return sig
		}
		return sig + "\n\n" + text
	}
	fn := func(f *doc.Func, prefix string) {
		d := *f.Decl
		d.Body = nil
		d.Doc = nil
		m[path+"."+prefix+f.Name] = entry(decl(&d), f.Doc)
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			gd := *v.Decl
			gd.Doc = nil
			for _, sp := range v.Decl.Specs {
				for _, n := range sp.(*ast.ValueSpec).Names {
					if ast.IsExported(n.Name) {
						m[path+"."+n.Name] = entry(decl(&gd), v.Doc)
					}
				}
			}
		}
	}
	m[path] = entry("package "+pkg.Name+" // import \""+path+"\"", pkg.Synopsis(pkg.Doc))
	for _, f := range pkg.Funcs {
		fn(f, "")
	}
	values(pkg.Consts)
	values(pkg.Vars)
	for _, t := range pkg.Types {
		gd := *t.Decl
		gd.Doc = nil
		m[path+"."+t.Name] = entry(decl(&gd), t.Doc)
		for _, f := range t.Funcs {
			fn(f, "")
		}
		for _, mm := range t.Methods {
			fn(mm, t.Name+".")
		}
		values(t.Consts)
		values(t.Vars)
	}
}
