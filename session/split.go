package session

// Splitting a cell into top-level items (package clause, imports,
// declarations, statements) with go/scanner.

import (
	"go/scanner"
	"go/token"
)

// itemKind classifies one top-level piece of a cell.
type itemKind int

const (
	kindStmt    itemKind = iota
	kindPackage          // package clause: the cell is a whole file
	kindImport
	kindDecl // func, type, const or var declaration
)

// item is one top-level piece of a cell: a byte range [start, end).
type item struct {
	kind       itemKind
	start, end int
	tok        token.Token // first token
}

// split cuts a cell into top-level items with go/scanner, the way the Go
// parser would see them at file or block level: an item ends at a
// semicolon (explicit or automatic) outside any brackets and outside the
// header of a for/if/switch statement. It returns the first scanner error
// as a *Error.
func split(code string) ([]item, *Error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell.go", -1, len(code))
	var firstErr *Error
	var s scanner.Scanner
	s.Init(file, []byte(code), func(pos token.Position, msg string) {
		if firstErr == nil {
			firstErr = &Error{Name: "CompileError", Value: msg, Line: pos.Line, Col: pos.Column}
		}
	}, 0)

	type tk struct {
		pos int
		tok token.Token
		lit string
	}
	var toks []tk
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		toks = append(toks, tk{file.Offset(pos), tok, lit})
	}
	if firstErr != nil {
		return nil, firstErr
	}

	var items []item
	depth := 0
	header := false // inside the header of a for/if/switch/select
	cur := -1       // index in toks of the current item's first token
	lastEnd := 0
	flush := func() {
		if cur < 0 {
			return
		}
		it := item{start: toks[cur].pos, end: lastEnd, tok: toks[cur].tok}
		it.kind = classify(func(i int) token.Token {
			if cur+i < len(toks) {
				return toks[cur+i].tok
			}
			return token.EOF
		})
		items = append(items, it)
		cur = -1
	}
	for i, t := range toks {
		if t.tok == token.SEMICOLON && depth == 0 && !header {
			flush()
			continue
		}
		if cur < 0 {
			if t.tok == token.SEMICOLON {
				continue
			}
			cur = i
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK:
			depth++
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.FOR, token.IF, token.SWITCH, token.SELECT:
			if depth == 0 {
				header = true
			}
		}
		n := len(t.lit)
		if n == 0 || t.tok == token.SEMICOLON {
			n = len(t.tok.String())
		}
		if t.tok != token.SEMICOLON {
			lastEnd = t.pos + n
		}
	}
	flush()
	return items, nil
}

// classify returns the kind of an item from its first tokens. A func
// keyword starts a declaration when a name follows it, or a receiver and
// then a name; otherwise it starts a function literal (a statement).
func classify(at func(int) token.Token) itemKind {
	switch at(0) {
	case token.PACKAGE:
		return kindPackage
	case token.IMPORT:
		return kindImport
	case token.TYPE, token.CONST, token.VAR:
		return kindDecl
	case token.FUNC:
		switch at(1) {
		case token.IDENT:
			return kindDecl
		case token.LPAREN:
			depth := 0
			for i := 1; ; i++ {
				switch at(i) {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
					if depth == 0 {
						if at(i+1) == token.IDENT && (at(i+2) == token.LPAREN || at(i+2) == token.LBRACK) {
							return kindDecl
						}
						return kindStmt
					}
				case token.EOF:
					return kindStmt
				}
			}
		}
	}
	return kindStmt
}

// blank returns code with every byte outside the kept ranges replaced by a
// space, newlines excepted, so that positions in the result are positions
// in the cell.
func blank(code string, keep []item) string {
	b := make([]byte, len(code))
	for i := 0; i < len(code); i++ {
		if code[i] == '\n' {
			b[i] = '\n'
		} else {
			b[i] = ' '
		}
	}
	for _, it := range keep {
		copy(b[it.start:it.end], code[it.start:it.end])
	}
	// An item ends before its semicolon, which was blanked: put one back
	// where the item is not followed by a newline, or `a := 1; b := 2`
	// would read as `a := 1  b := 2`. An extra semicolon is an empty
	// statement (or declaration separator), and keeps every position.
	for _, it := range keep {
		if it.end < len(b) && b[it.end] == ' ' {
			b[it.end] = ';'
		}
	}
	return string(b)
}
