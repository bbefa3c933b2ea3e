package pyn

import (
	"fmt"
	"strconv"
	"strings"
)

// This file is the front end of the equation language (docs/equations.md):
// a lexer and a recursive-descent parser that turn the text of
// Equations and SynapseEquations into syntax trees whose every node keeps
// its line and column, so that later errors can point at the culprit.

// epos is a position in an equation text: 1-based line and column
// (columns count characters, not bytes).
type epos struct{ line, col int }

// eqErr is an error located in one field of an equation model.
type eqErr struct {
	field string // "Eqs", "Threshold", "Reset", "OnPre", …
	pos   epos
	msg   string
}

func (e *eqErr) Error() string {
	return fmt.Sprintf("%s line %d, column %d: %s", e.field, e.pos.line, e.pos.col, e.msg)
}

// enode is one node of an expression tree.
type enode struct {
	op   eop
	x    float64  // enum: the number
	name string   // eIdent, eCall: the name
	args []*enode // operands (unary: 1, binary: 2, call: its arguments)
	pos  epos
}

type eop int

const (
	eNum eop = iota
	eIdent
	eNeg
	eAdd
	eSub
	eMul
	eDiv
	ePow
	eCall
	eLT
	eLE
	eGT
	eGE
	eEQ
	eNE
	eAnd
	eOr
	eNot
)

var eopText = map[eop]string{eAdd: "+", eSub: "-", eMul: "*", eDiv: "/", ePow: "**",
	eLT: "<", eLE: "<=", eGT: ">", eGE: ">=", eEQ: "==", eNE: "!=", eAnd: "and", eOr: "or"}

// token kinds
type tkind int

const (
	tEOF tkind = iota
	tNum
	tIdent
	tOp  // punctuation and operators, in text
	tEOL // end of a statement: newline or ';'
)

type token struct {
	k    tkind
	text string
	num  float64
	pos  epos
}

// lex splits src into tokens. Comments run from '#' to the end of the
// line. A line ending in an operator or inside parentheses continues on
// the next line.
func lex(field, src string) ([]token, error) {
	var out []token
	line, col := 1, 1
	rs := []rune(src)
	depth := 0
	for i := 0; i < len(rs); {
		c := rs[i]
		p := epos{line, col}
		switch {
		case c == '\n':
			if depth == 0 {
				out = append(out, token{k: tEOL, text: "\n", pos: p})
			}
			i++
			line, col = line+1, 1
			continue
		case c == ';':
			out = append(out, token{k: tEOL, text: ";", pos: p})
		case c == ' ' || c == '\t' || c == '\r':
		case c == '#':
			for i < len(rs) && rs[i] != '\n' {
				i++
				col++
			}
			continue
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || rs[j] == '.') {
				j++
			}
			if j < len(rs) && (rs[j] == 'e' || rs[j] == 'E') {
				k := j + 1
				if k < len(rs) && (rs[k] == '+' || rs[k] == '-') {
					k++
				}
				if k < len(rs) && rs[k] >= '0' && rs[k] <= '9' {
					for k < len(rs) && rs[k] >= '0' && rs[k] <= '9' {
						k++
					}
					j = k
				}
			}
			text := string(rs[i:j])
			x, err := strconv.ParseFloat(text, 64)
			if err != nil || !finite(x) {
				return nil, &eqErr{field, p, fmt.Sprintf("bad number %q", text)}
			}
			out = append(out, token{k: tNum, text: text, num: x, pos: p})
			col += j - i
			i = j
			continue
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(rs) && (rs[j] == '_' || rs[j] >= 'a' && rs[j] <= 'z' || rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= '0' && rs[j] <= '9') {
				j++
			}
			out = append(out, token{k: tIdent, text: string(rs[i:j]), pos: p})
			col += j - i
			i = j
			continue
		default:
			two := ""
			if i+1 < len(rs) {
				two = string(rs[i : i+2])
			}
			switch two {
			case "**", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=":
				out = append(out, token{k: tOp, text: two, pos: p})
				i += 2
				col += 2
				continue
			}
			if !strings.ContainsRune("+-*/()<>=:,", c) {
				return nil, &eqErr{field, p, fmt.Sprintf("unexpected character %q", c)}
			}
			if c == '(' {
				depth++
			} else if c == ')' && depth > 0 {
				depth--
			}
			out = append(out, token{k: tOp, text: string(c), pos: p})
		}
		i++
		col++
	}
	if len(out) > maxTokens {
		return nil, &eqErr{field, out[maxTokens].pos, fmt.Sprintf("text too long: more than %d tokens", maxTokens)}
	}
	out = append(out, token{k: tEOL, text: "\n", pos: epos{line, col}}, token{k: tEOF, pos: epos{line, col}})
	return out, nil
}

// maxTokens bounds the length of one field's text: the trees of a text
// are walked recursively, and a chain of n operators is n levels deep.
const maxTokens = 1 << 16

// parser reads one field's tokens.
type parser struct {
	field string
	toks  []token
	i     int
	depth int // nesting of the recursive descent
}

// maxDepth bounds the nesting of an expression (parentheses, unary
// operators), so that a hostile text (a loaded file) cannot exhaust the
// stack.
const maxDepth = 256

// enter counts one level of nesting at t and refuses too deep a text;
// every successful enter is paired with a leave.
func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > maxDepth {
		return p.errf(t.pos, "expression nested more than %d levels deep", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) errf(pos epos, format string, args ...any) error {
	return &eqErr{p.field, pos, fmt.Sprintf(format, args...)}
}

func (p *parser) isOp(s string) bool { t := p.peek(); return t.k == tOp && t.text == s }

func (p *parser) expect(s string) (token, error) {
	t := p.next()
	if t.k != tOp || t.text != s {
		return t, p.errf(t.pos, "expected %q, found %s", s, describe(t))
	}
	return t, nil
}

func describe(t token) string {
	switch t.k {
	case tEOF:
		return "end of text"
	case tEOL:
		return "end of line"
	}
	return fmt.Sprintf("%q", t.text)
}

// Expression grammar (precedence from loose to tight):
//
//	expr    = or
//	or      = and { "or" and }
//	and     = not { "and" not }
//	not     = "not" not | cmp
//	cmp     = sum [ ("<"|"<="|">"|">="|"=="|"!=") sum ]
//	sum     = term { ("+"|"-") term }
//	term    = unary { ("*"|"/") unary }
//	unary   = ("-"|"+") unary | power
//	power   = primary [ "**" unary ]
//	primary = number | name | name "(" [ expr { "," expr } ] ")" | "(" expr ")"
func (p *parser) expr() (*enode, error) {
	if err := p.enter(p.peek()); err != nil {
		return nil, err
	}
	defer p.leave()
	return p.or()
}

func (p *parser) or() (*enode, error) {
	a, err := p.and()
	for err == nil && p.peek().k == tIdent && p.peek().text == "or" {
		t := p.next()
		var b *enode
		if b, err = p.and(); err == nil {
			a = &enode{op: eOr, args: []*enode{a, b}, pos: t.pos}
		}
	}
	return a, err
}

func (p *parser) and() (*enode, error) {
	a, err := p.not()
	for err == nil && p.peek().k == tIdent && p.peek().text == "and" {
		t := p.next()
		var b *enode
		if b, err = p.not(); err == nil {
			a = &enode{op: eAnd, args: []*enode{a, b}, pos: t.pos}
		}
	}
	return a, err
}

func (p *parser) not() (*enode, error) {
	if t := p.peek(); t.k == tIdent && t.text == "not" {
		p.next()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer p.leave()
		a, err := p.not()
		if err != nil {
			return nil, err
		}
		return &enode{op: eNot, args: []*enode{a}, pos: t.pos}, nil
	}
	return p.cmp()
}

var cmpOps = map[string]eop{"<": eLT, "<=": eLE, ">": eGT, ">=": eGE, "==": eEQ, "!=": eNE}

func (p *parser) cmp() (*enode, error) {
	a, err := p.sum()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.k == tOp {
		if op, ok := cmpOps[t.text]; ok {
			p.next()
			b, err := p.sum()
			if err != nil {
				return nil, err
			}
			return &enode{op: op, args: []*enode{a, b}, pos: t.pos}, nil
		}
	}
	return a, nil
}

var sumOps = map[string]eop{"+": eAdd, "-": eSub}
var termOps = map[string]eop{"*": eMul, "/": eDiv}

func (p *parser) sum() (*enode, error) { return p.leftAssoc(p.term, sumOps) }

func (p *parser) term() (*enode, error) { return p.leftAssoc(p.unary, termOps) }

// leftAssoc parses operand (op operand)…, grouping to the left, for the
// operators of one precedence level.
func (p *parser) leftAssoc(operand func() (*enode, error), ops map[string]eop) (*enode, error) {
	a, err := operand()
	for err == nil {
		t := p.peek()
		op, ok := ops[t.text]
		if t.k != tOp || !ok {
			break
		}
		p.next()
		var b *enode
		if b, err = operand(); err == nil {
			a = &enode{op: op, args: []*enode{a, b}, pos: t.pos}
		}
	}
	return a, err
}

func (p *parser) unary() (*enode, error) {
	if p.isOp("-") || p.isOp("+") {
		t := p.next()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer p.leave()
		a, err := p.unary()
		if err != nil || t.text == "+" {
			return a, err
		}
		return &enode{op: eNeg, args: []*enode{a}, pos: t.pos}, nil
	}
	return p.power()
}

func (p *parser) power() (*enode, error) {
	a, err := p.primary()
	if err != nil || !p.isOp("**") {
		return a, err
	}
	t := p.next()
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	b, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &enode{op: ePow, args: []*enode{a, b}, pos: t.pos}, nil
}

func (p *parser) primary() (*enode, error) {
	t := p.next()
	switch t.k {
	case tNum:
		return &enode{op: eNum, x: t.num, pos: t.pos}, nil
	case tIdent:
		if t.text == "and" || t.text == "or" || t.text == "not" {
			return nil, p.errf(t.pos, "unexpected %q", t.text)
		}
		if !p.isOp("(") {
			return &enode{op: eIdent, name: t.text, pos: t.pos}, nil
		}
		p.next()
		n := &enode{op: eCall, name: t.text, pos: t.pos}
		if p.isOp(")") {
			p.next()
			return n, nil
		}
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, a)
			if p.isOp(",") {
				p.next()
				continue
			}
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			return n, nil
		}
	case tOp:
		if t.text == "(" {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			return a, nil
		}
	}
	return nil, p.errf(t.pos, "expected a number, a name or \"(\", found %s", describe(t))
}

// estmt is one line of an equation text or one statement of a reset or
// an event: a differential equation, a subexpression, a parameter
// declaration, or an assignment.
type estmt struct {
	kind  skind
	name  string
	npos  epos   // position of the name
	op    string // assignments: "=", "+=", "-=", "*=", "/="
	rhs   *enode
	unit  string
	flags []string // "(event-driven)", "(unless refractory)", … without parentheses
}

type skind int

const (
	sDiff   skind = iota // dx/dt = expr
	sSub                 // x = expr (a named subexpression)
	sDecl                // x : unit (a parameter declaration)
	sAssign              // x op expr (reset and event statements)
)

// parseEqs parses an equation text: one statement a line,
//
//	dx/dt = expr [: unit] [(flag, …)]
//	x = expr [: unit]
//	x : unit [(flag, …)]
func parseEqs(field, src string) ([]estmt, error) {
	toks, err := lex(field, src)
	if err != nil {
		return nil, err
	}
	p := &parser{field: field, toks: toks}
	var out []estmt
	for p.peek().k != tEOF {
		if p.peek().k == tEOL {
			p.next()
			continue
		}
		s, err := p.eqLine()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) eqLine() (estmt, error) {
	t := p.next()
	if t.k != tIdent {
		return estmt{}, p.errf(t.pos, "expected \"dx/dt = …\", \"name = …\" or \"name : unit\", found %s", describe(t))
	}
	var s estmt
	// dx/dt: an identifier starting with d, then "/", then "dt"
	if len(t.text) > 1 && t.text[0] == 'd' && p.isOp("/") && p.toks[p.i+1].k == tIdent && p.toks[p.i+1].text == "dt" {
		p.next()
		p.next()
		s = estmt{kind: sDiff, name: t.text[1:], npos: epos{t.pos.line, t.pos.col + 1}}
		if _, err := p.expect("="); err != nil {
			return s, err
		}
	} else {
		s = estmt{kind: sSub, name: t.text, npos: t.pos}
		switch {
		case p.isOp("="):
			p.next()
		case p.isOp(":"):
			s.kind = sDecl
		default:
			n := p.peek()
			return s, p.errf(n.pos, "expected \"=\" or \":\" after %q, found %s", t.text, describe(n))
		}
	}
	if s.kind != sDecl {
		rhs, err := p.expr()
		if err != nil {
			return s, err
		}
		s.rhs = rhs
	}
	if p.isOp(":") {
		p.next()
		s.unit, s.flags = p.unitAndFlags()
	}
	if t := p.next(); t.k != tEOL {
		return s, p.errf(t.pos, "unexpected %s at the end of the equation", describe(t))
	}
	return s, nil
}

// unitAndFlags reads the text after ':' up to the end of the line: a
// unit (kept as text) and an optional final parenthesised list of flags
// such as (event-driven) or (unless refractory, constant).
func (p *parser) unitAndFlags() (string, []string) {
	var toks []token
	for p.peek().k != tEOL && p.peek().k != tEOF {
		toks = append(toks, p.next())
	}
	var flags []string
	if n := len(toks); n >= 3 && toks[n-1].text == ")" {
		open := -1
		for i := n - 2; i >= 0; i-- {
			if toks[i].text == "(" {
				open = i
				break
			}
		}
		if open >= 0 && toks[open+1].k == tIdent && isFlag(toks[open+1].text) {
			var cur []string
			for _, t := range toks[open+1 : n-1] {
				if t.text == "," {
					flags = append(flags, strings.Join(cur, " "))
					cur = nil
					continue
				}
				cur = append(cur, t.text)
			}
			flags = append(flags, strings.Join(cur, " "))
			toks = toks[:open]
		}
	}
	var unit strings.Builder
	for _, t := range toks {
		unit.WriteString(t.text)
	}
	for i, f := range flags {
		flags[i] = strings.ReplaceAll(f, " - ", "-")
	}
	return unit.String(), flags
}

func isFlag(s string) bool {
	switch s {
	case "event", "unless", "constant", "shared":
		return true
	}
	return false
}

// parseStmts parses a reset or event text: assignments separated by
// newlines or ';'.
func parseStmts(field, src string) ([]estmt, error) {
	toks, err := lex(field, src)
	if err != nil {
		return nil, err
	}
	p := &parser{field: field, toks: toks}
	var out []estmt
	for p.peek().k != tEOF {
		if p.peek().k == tEOL {
			p.next()
			continue
		}
		t := p.next()
		if t.k != tIdent {
			return nil, p.errf(t.pos, "expected a variable to assign, found %s", describe(t))
		}
		op := p.next()
		switch op.text {
		case "=", "+=", "-=", "*=", "/=":
		default:
			return nil, p.errf(op.pos, "expected \"=\", \"+=\", \"-=\", \"*=\" or \"/=\" after %q, found %s", t.text, describe(op))
		}
		rhs, err := p.expr()
		if err != nil {
			return nil, err
		}
		if e := p.next(); e.k != tEOL {
			return nil, p.errf(e.pos, "unexpected %s after the statement", describe(e))
		}
		out = append(out, estmt{kind: sAssign, name: t.text, npos: t.pos, op: op.text, rhs: rhs})
	}
	return out, nil
}

// parseCond parses a threshold: one expression.
func parseCond(field, src string) (*enode, error) {
	toks, err := lex(field, src)
	if err != nil {
		return nil, err
	}
	p := &parser{field: field, toks: toks}
	for p.peek().k == tEOL {
		p.next()
	}
	if p.peek().k == tEOF {
		return nil, nil
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	for p.peek().k == tEOL {
		p.next()
	}
	if t := p.peek(); t.k != tEOF {
		return nil, p.errf(t.pos, "unexpected %s after the condition", describe(t))
	}
	return e, nil
}

// walk calls f on every node of e, depth first.
func (e *enode) walk(f func(*enode)) {
	if e == nil {
		return
	}
	f(e)
	for _, a := range e.args {
		a.walk(f)
	}
}

// String prints e fully parenthesised (for tests and messages).
func (e *enode) String() string {
	switch e.op {
	case eNum:
		return strconv.FormatFloat(e.x, 'g', -1, 64)
	case eIdent:
		return e.name
	case eNeg:
		return "(-" + e.args[0].String() + ")"
	case eNot:
		return "(not " + e.args[0].String() + ")"
	case eCall:
		s := make([]string, len(e.args))
		for i, a := range e.args {
			s[i] = a.String()
		}
		return e.name + "(" + strings.Join(s, ", ") + ")"
	}
	return "(" + e.args[0].String() + " " + eopText[e.op] + " " + e.args[1].String() + ")"
}
