package session

// The interpreter's start: symbol tables, the session's hooks, the prelude
// evaluated in every interpreter, and the cell's imports.

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/pyn-go/pyn/symbols"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// prelude is evaluated in every new interpreter. The underscored names are
// kept out of cells' way: a second import of fmt that cells cannot shadow,
// and the recover hook wrapped around goroutines that cells start.
const prelude = `import (
	"fmt"
	"math"
	"github.com/pyn-go/pyn/pyn"
	"github.com/pyn-go/pyn/display"
	_pynfmt "fmt"
	_pynsession "pynsession"
)

func _pynGoRecover(cell int) {
	r := recover()
	_pynsession.GoEnd(cell, r)
}
`

func (s *Session) init() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("session: starting the interpreter: %v", r)
		}
	}()
	in := interp.New(interp.Options{
		Stdin:  strings.NewReader(""),
		Stdout: s.out,
		Stderr: s.errw,
		Env:    os.Environ(),
	})
	if err := in.Use(stdlib.Symbols); err != nil {
		return fmt.Errorf("session: loading the standard library: %w", err)
	}
	if err := in.Use(symbols.Symbols); err != nil {
		return fmt.Errorf("session: loading pyn's symbols: %w", err)
	}
	if err := in.Use(interp.Exports{"pynsession/pynsession": {
		"GoStart": reflect.ValueOf(s.goStart),
		"GoEnd":   reflect.ValueOf(s.goEnd),
		"Done":    reflect.ValueOf(s.stmtDone),
	}}); err != nil {
		return fmt.Errorf("session: loading hooks: %w", err)
	}
	if _, err := in.Eval(prelude); err != nil {
		return fmt.Errorf("session: prelude: %w", err)
	}
	s.in = in
	s.imports = map[string]string{"fmt": "fmt", "math": "math", "pyn": "github.com/pyn-go/pyn/pyn", "display": "github.com/pyn-go/pyn/display"}
	s.types = map[string]string{}
	s.methods = map[string]string{}
	s.globals = map[string]bool{}
	return nil
}

// runImports evaluates the import specs not yet imported in this session.
func (s *Session) runImports(ctx context.Context, code string, imports []item) error {
	src := "package p;\n" + blank(code, imports)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil {
		return compileError(err, 1)
	}
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := ""
		if spec.Name != nil {
			name = spec.Name.Name
		}
		local := name
		if local == "" {
			local = packageName(path)
		}
		if local != "_" && local != "." && s.imports[local] == path {
			continue // already imported: importing again is a no-op
		}
		pos := fset.Position(spec.Pos())
		pos.Line--
		stmt := "import " + strconv.Quote(path)
		if name != "" {
			stmt = "import " + name + " " + strconv.Quote(path)
		}
		if _, err := s.evalRaw(ctx, stmt); err != nil {
			msg := err.Error()
			if i := strings.Index(msg, ": "); i >= 0 && linePosRE.MatchString(msg[:i]) {
				msg = msg[i+2:]
			}
			return &Error{Name: ErrCompile, Value: "import " + strconv.Quote(path) + ": " + msg, Line: pos.Line, Col: pos.Column}
		}
		if local != "_" && local != "." {
			s.imports[local] = path
			s.globals[local] = true
		}
	}
	return nil
}

// packageName returns the name of the package at path, as registered in
// the symbol tables, or the last element of the path.
func packageName(path string) string {
	for _, tab := range []interp.Exports{stdlib.Symbols, symbols.Symbols} {
		for k := range tab {
			if strings.HasPrefix(k, path+"/") && !strings.Contains(k[len(path)+1:], "/") {
				return k[len(path)+1:]
			}
		}
	}
	if i := strings.LastIndex(path, "/"); i >= 0 {
		path = path[i+1:]
	}
	return path
}
