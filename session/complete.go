package session

// Completion of package members, session globals and keywords, and
// IsComplete for multi-line entry.

import (
	"context"
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"github.com/pyn-go/pyn/symbols"
)

// keywords and predeclared identifiers offered by Complete.
var keywords = strings.Fields(`break case chan const continue default defer else fallthrough for func go goto if
import interface map package range return select struct switch type var
append cap clear close complex copy delete imag len make max min new panic print println real recover
bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string
uint uint8 uint16 uint32 uint64 uintptr any true false nil iota`)

// IsComplete reports whether code is ready to run: "incomplete" while
// brackets are open, a raw string is unterminated or the last token
// continues the expression (an operator, a comma, a dot); "invalid" for
// unbalanced closing brackets or a lexical error; "complete" otherwise.
// indent is the suggested indentation of the next line.
func (s *Session) IsComplete(code string) (status, indent string) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var lexErr string
	var sc scanner.Scanner
	sc.Init(file, []byte(code), func(_ token.Position, msg string) {
		if lexErr == "" {
			lexErr = msg
		}
	}, 0)
	depth := 0
	last := token.ILLEGAL
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return "invalid", ""
			}
		}
		last = tok
	}
	if lexErr != "" {
		if strings.Contains(lexErr, "raw string literal not terminated") || strings.Contains(lexErr, "comment not terminated") {
			return "incomplete", ""
		}
		return "invalid", ""
	}
	if depth > 0 {
		return "incomplete", strings.Repeat("\t", depth)
	}
	switch {
	case last == token.COMMA, last == token.PERIOD, last == token.ASSIGN, last == token.DEFINE,
		last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE &&
			last != token.INC && last != token.DEC && last != token.SEMICOLON && last != token.COLON:
		return "incomplete", ""
	}
	return "complete", ""
}

// identAt returns the identifier around cursor: its start and end, and the
// package or value before a dot preceding it ("" if none).
func identAt(code string, cursor int) (qual, word string, start, end int) {
	if cursor > len(code) {
		cursor = len(code)
	}
	if cursor < 0 {
		cursor = 0
	}
	isID := func(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	start = cursor
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isID(r) {
			break
		}
		start -= n
	}
	end = cursor
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isID(r) {
			break
		}
		end += n
	}
	word = code[start:end]
	if start > 0 && code[start-1] == '.' {
		q := start - 1
		for q > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:q])
			if !isID(r) {
				break
			}
			q -= n
		}
		qual = code[q : start-1]
	}
	return qual, word, start, end
}

// Complete returns the completions of the identifier before cursor (a byte
// offset in code) and the range [start, end) they replace: members of a
// package after "pkg.", fields and methods of a session value of a
// compiled type after "value.", otherwise session globals, imported
// packages, keywords and builtins.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	if !s.mu.TryLock() {
		// A cell is running: the interpreter cannot be asked; offer nothing
		// rather than wait for the cell.
		return nil, cursor, cursor
	}
	defer s.mu.Unlock()
	if !s.waitPending(0) {
		return nil, cursor, cursor
	}
	qual, word, start, _ := identAt(code, cursor)
	if cursor > len(code) {
		cursor = len(code)
	}
	end = cursor
	prefix := word[:cursor-start]
	var cands []string
	if qual != "" {
		cands = s.members(qual)
	} else {
		for k := range s.globals {
			cands = append(cands, k)
		}
		for k := range s.imports {
			cands = append(cands, k)
		}
		cands = append(cands, keywords...)
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !strings.HasPrefix(c, "_pyn") && !strings.HasPrefix(c, "_") && !seen[c] {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return matches, start, end
}

// members lists the exported members of an imported package, or the fields
// and methods of a session global of a compiled type.
func (s *Session) members(qual string) []string {
	if path, ok := s.imports[qual]; ok {
		var out []string
		for name := range packageSymbols(path) {
			if !strings.HasPrefix(name, "_") {
				out = append(out, name)
			}
		}
		return out
	}
	if !s.globals[qual] || s.in == nil {
		return nil
	}
	v, err := s.evalRaw(context.Background(), qual)
	if err != nil || !v.IsValid() {
		return nil
	}
	return typeMembers(v.Type())
}

// packageSymbols returns the symbol table of the package at path.
func packageSymbols(path string) map[string]reflect.Value {
	name := packageName(path)
	if m, ok := stdlib.Symbols[path+"/"+name]; ok {
		return m
	}
	return symbols.Symbols[path+"/"+name]
}

// typeMembers lists the exported fields and methods of t (and of *t).
func typeMembers(t reflect.Type) []string {
	var out []string
	add := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
	}
	add(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		add(reflect.PointerTo(t))
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if f := st.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}
