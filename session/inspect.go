package session

// Inspect: the declaration and doc comment of a symbol under the cursor,
// from the generated doc table or the standard library's source.

import (
	"context"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/pyn-go/pyn/session/internal/docs"
)

// Inspect returns the documentation of the identifier at cursor: the
// declaration and doc comment of pyn and display symbols (from a table
// generated at build time), of standard library symbols when the Go
// source is installed, and the type of other package members and session
// values. Methods are found through the type of a session value
// ("net.Simulate").
func (s *Session) Inspect(code string, cursor int) (text string, found bool) {
	if !s.mu.TryLock() {
		return "", false // a cell is running: do not wait for it
	}
	defer s.mu.Unlock()
	if !s.waitPending(0) {
		return "", false
	}
	qual, word, _, _ := identAt(code, cursor)
	if word == "" {
		return "", false
	}
	if qual != "" {
		if path, ok := s.imports[qual]; ok {
			if d, ok := docFor(path, word); ok {
				return d, true
			}
			if v, ok := packageSymbols(path)[word]; ok {
				return fmt.Sprintf("%s.%s: %s", qual, word, typeString(v)), true
			}
			return "", false
		}
		if s.globals[qual] {
			if v, err := s.evalRaw(context.Background(), qual); err == nil && v.IsValid() {
				if d, ok := methodDoc(v.Type(), word); ok {
					return d, true
				}
			}
			if v, err := s.evalRaw(context.Background(), qual+"."+word); err == nil && v.IsValid() {
				return fmt.Sprintf("%s.%s: %s", qual, word, v.Type()), true
			}
		}
		return "", false
	}
	if path, ok := s.imports[word]; ok {
		if d, ok := docFor(path, ""); ok {
			return d, true
		}
		return fmt.Sprintf("package %s // import %q", word, path), true
	}
	if s.globals[word] {
		if v, err := s.evalRaw(context.Background(), word); err == nil && v.IsValid() {
			t := fmt.Sprintf("%s: %s", word, v.Type())
			if v.Kind() != reflect.Func && v.CanInterface() {
				t += " = " + truncate(fmt.Sprintf("%v", v.Interface()))
			}
			return t, true
		}
	}
	return "", false
}

// methodDoc returns the documentation of method name of the named type
// behind t.
func methodDoc(t reflect.Type, name string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return "", false
	}
	return docFor(t.PkgPath(), t.Name()+"."+name)
}

func typeString(v reflect.Value) string {
	t := v.Type()
	if t.Kind() == reflect.Pointer && v.IsNil() {
		return "type " + t.Elem().String() // types are exported as nil pointers
	}
	return t.String()
}

// docFor returns the documentation of a symbol ("" for the package
// itself, "T.M" for a method) of the package at path.
func docFor(path, name string) (string, bool) {
	key := path
	if name != "" {
		key += "." + name
	}
	if d, ok := docTable[key]; ok {
		return d, true
	}
	d, ok := stdDocs(path)[key]
	return d, ok
}

var docTable = map[string]string{}

var (
	stdMu    sync.Mutex
	stdCache = map[string]map[string]string{}
)

// stdDocs returns the documentation of a standard library package read
// from the Go installation's source, or nil if it is not installed.
func stdDocs(path string) map[string]string {
	stdMu.Lock()
	defer stdMu.Unlock()
	if m, ok := stdCache[path]; ok {
		return m
	}
	m := map[string]string{}
	stdCache[path] = m
	root := goroot()
	if root == "" || strings.Contains(path, ".") {
		return m
	}
	dir := filepath.Join(root, "src", filepath.FromSlash(path))
	fset := token.NewFileSet()
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var files []*ast.File
	for _, f := range matches {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		if af, err := parser.ParseFile(fset, f, nil, parser.ParseComments); err == nil {
			files = append(files, af)
		}
	}
	if len(files) == 0 {
		return m
	}
	pkg, err := doc.NewFromFiles(fset, files, path, doc.PreserveAST)
	if err != nil {
		return m
	}
	docs.Fill(m, fset, pkg, path)
	return m
}

var (
	gorootOnce sync.Once
	gorootDir  string
)

// goroot is where the Go installation's sources are: $GOROOT, else what the
// go command on PATH reports, else "" (documentation of the standard library
// is then best effort and empty).
func goroot() string {
	gorootOnce.Do(func() {
		if gorootDir = os.Getenv("GOROOT"); gorootDir != "" {
			return
		}
		if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
			gorootDir = strings.TrimSpace(string(out))
		}
	})
	return gorootDir
}
