package filters

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNear is the largest distance NEAR/n accepts; beyond it proximity means
// little and "AND" says it better.
const maxNear = 50

// op is the kind of a rule node.
type op uint8

const (
	opTerm op = iota
	opAnd
	opOr
	opNot
	opNear
)

// node is one compiled rule expression.
type node struct {
	op     op
	term   term   // opTerm
	fields uint8  // opTerm: kinds of field searched (fieldMask bits)
	kids   []node // operands
	near   int    // opNear: most words allowed between the operands
}

// ruleError is a syntax error at a byte offset of a rule.
type ruleError struct {
	pos int
	msg string
}

// lexeme kinds.
const (
	lexEOF = iota
	lexWord
	lexPhrase
	lexOpen
	lexClose
	lexAnd
	lexOr
	lexNot
	lexNear
	lexScope
)

type lexeme struct {
	kind int
	pos  int
	text string // the word, phrase or field name
	n    int    // NEAR distance
}

// parser is a recursive-descent parser over a pre-lexed rule.
type parser struct {
	src string
	lex []lexeme
	i   int
}

// parseRule compiles a rule expression; the error carries the byte offset.
func parseRule(src string) (node, *ruleError) {
	lex, err := lexRule(src)
	if err != nil {
		return node{}, err
	}
	p := &parser{src: src, lex: lex}
	n, err := p.or()
	if err != nil {
		return node{}, err
	}
	if l := p.peek(); l.kind != lexEOF {
		return node{}, &ruleError{l.pos, fmt.Sprintf("unexpected %s: join terms with AND, OR or NEAR/n", describe(l))}
	}
	if !hasPositive(n, false) {
		return node{}, &ruleError{0, "every term is under NOT: the rule could match only by absence"}
	}
	return n, nil
}

func (p *parser) peek() lexeme { return p.lex[p.i] }

func (p *parser) next() lexeme {
	l := p.lex[p.i]
	if l.kind != lexEOF {
		p.i++
	}
	return l
}

func (p *parser) or() (node, *ruleError) {
	return p.binary(lexOr, opOr, p.and)
}

func (p *parser) and() (node, *ruleError) {
	return p.binary(lexAnd, opAnd, p.unary)
}

// binary parses operand (sep operand)* into one node of kind o.
func (p *parser) binary(sep int, o op, operand func() (node, *ruleError)) (node, *ruleError) {
	first, err := operand()
	if err != nil {
		return node{}, err
	}
	kids := []node{first}
	for p.peek().kind == sep {
		p.next()
		k, err := operand()
		if err != nil {
			return node{}, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return node{op: o, kids: kids}, nil
}

func (p *parser) unary() (node, *ruleError) {
	if p.peek().kind != lexNot {
		return p.nearExpr()
	}
	p.next()
	k, err := p.unary()
	if err != nil {
		return node{}, err
	}
	return node{op: opNot, kids: []node{k}}, nil
}

func (p *parser) nearExpr() (node, *ruleError) {
	start := p.peek().pos
	left, err := p.primary()
	if err != nil {
		return node{}, err
	}
	for p.peek().kind == lexNear {
		l := p.next()
		right, err := p.primary()
		if err != nil {
			return node{}, err
		}
		if !spanning(left) || !spanning(right) {
			return node{}, &ruleError{start, "NEAR operands must be terms, phrases or OR groups of them (not AND or NOT)"}
		}
		left = node{op: opNear, near: l.n, kids: []node{left, right}}
	}
	return left, nil
}

func (p *parser) primary() (node, *ruleError) {
	l := p.peek()
	switch l.kind {
	case lexOpen:
		return p.group()
	case lexScope:
		p.next()
		k, err := p.primary()
		if err != nil {
			return node{}, err
		}
		if scoped(k) {
			return node{}, &ruleError{l.pos, fmt.Sprintf("field %s: contains another field scope", l.text)}
		}
		bits, _ := fieldBit(l.text)
		return withFields(k, bits), nil
	case lexPhrase:
		p.next()
		return p.termNode(l.text, l.pos)
	case lexWord:
		return p.words()
	case lexEOF:
		return node{}, &ruleError{l.pos, "unexpected end of rule: a term is missing"}
	}
	return node{}, &ruleError{l.pos, fmt.Sprintf("expected a term, a phrase or '(' but found %s", describe(l))}
}

func (p *parser) group() (node, *ruleError) {
	open := p.next()
	if p.peek().kind == lexClose {
		return node{}, &ruleError{open.pos, "empty parentheses"}
	}
	n, err := p.or()
	if err != nil {
		return node{}, err
	}
	if l := p.next(); l.kind != lexClose {
		if l.kind == lexEOF {
			return node{}, &ruleError{open.pos, "'(' is never closed"}
		}
		return node{}, &ruleError{l.pos, fmt.Sprintf("expected ')' but found %s", describe(l))}
	}
	return n, nil
}

// words joins consecutive bare words into one phrase, as in the term lists.
func (p *parser) words() (node, *ruleError) {
	start := p.peek().pos
	var ws []string
	for p.peek().kind == lexWord {
		ws = append(ws, p.next().text)
	}
	return p.termNode(strings.Join(ws, " "), start)
}

func (p *parser) termNode(text string, pos int) (node, *ruleError) {
	t, err := compileTerm(text)
	if err != nil {
		return node{}, &ruleError{pos, fmt.Sprintf("%q: %v", text, err)}
	}
	return node{op: opTerm, term: t}, nil
}

// lexRule splits a rule into lexemes. Operators are upper case only, so the
// words "and", "or" and "not" of a phrase stay words.
func lexRule(src string) ([]lexeme, *ruleError) {
	var out []lexeme
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			out = append(out, lexeme{kind: lexOpen, pos: i})
			i++
		case r == ')':
			out = append(out, lexeme{kind: lexClose, pos: i})
			i++
		case r == '"':
			end := strings.IndexByte(src[i+1:], '"')
			if end < 0 {
				return nil, &ruleError{i, "unterminated quote"}
			}
			out = append(out, lexeme{kind: lexPhrase, pos: i, text: src[i+1 : i+1+end]})
			i += end + 2
		default:
			end := i + strings.IndexFunc(src[i:]+" ", func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`()"`, r) })
			ls, err := lexChunk(src[i:end], i)
			if err != nil {
				return nil, err
			}
			out = append(out, ls...)
			i = end
		}
	}
	return append(out, lexeme{kind: lexEOF, pos: len(src)}), nil
}

// lexChunk classifies a run of text without spaces, parentheses or quotes.
func lexChunk(c string, pos int) ([]lexeme, *ruleError) {
	switch c {
	case "AND":
		return []lexeme{{kind: lexAnd, pos: pos}}, nil
	case "OR":
		return []lexeme{{kind: lexOr, pos: pos}}, nil
	case "NOT":
		return []lexeme{{kind: lexNot, pos: pos}}, nil
	}
	if num, ok := strings.CutPrefix(c, "NEAR/"); ok || c == "NEAR" {
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > maxNear {
			return nil, &ruleError{pos, fmt.Sprintf("%s: write NEAR/n with n from 1 to %d", c, maxNear)}
		}
		return []lexeme{{kind: lexNear, pos: pos, n: n}}, nil
	}
	name, rest, ok := strings.Cut(c, ":")
	if !ok {
		return []lexeme{{kind: lexWord, pos: pos, text: c}}, nil
	}
	if _, known := fieldBit(name); !known {
		return nil, &ruleError{pos, fmt.Sprintf("unknown field %q (want title, summary, content, source or tag)", name)}
	}
	out := []lexeme{{kind: lexScope, pos: pos, text: name}}
	if rest != "" {
		more, err := lexChunk(rest, pos+len(name)+1)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

func describe(l lexeme) string {
	switch l.kind {
	case lexEOF:
		return "end of rule"
	case lexWord:
		return fmt.Sprintf("%q", l.text)
	case lexPhrase:
		return fmt.Sprintf("%q", `"`+l.text+`"`)
	case lexOpen:
		return "'('"
	case lexClose:
		return "')'"
	case lexScope:
		return l.text + ":"
	}
	return [...]string{lexAnd: "AND", lexOr: "OR", lexNot: "NOT", lexNear: "NEAR"}[l.kind]
}

// spanning reports whether n yields word spans: NEAR needs positions.
func spanning(n node) bool {
	switch n.op {
	case opTerm, opNear:
		return true
	case opOr:
		for _, k := range n.kids {
			if !spanning(k) {
				return false
			}
		}
		return true
	}
	return false
}

func scoped(n node) bool {
	if n.op == opTerm {
		return n.fields != 0
	}
	for _, k := range n.kids {
		if scoped(k) {
			return true
		}
	}
	return false
}

func withFields(n node, bits uint8) node {
	if n.op == opTerm {
		n.fields = bits
		return n
	}
	kids := make([]node, len(n.kids))
	for i, k := range n.kids {
		kids[i] = withFields(k, bits)
	}
	n.kids = kids
	return n
}

// hasPositive reports whether some term of n is not under NOT.
func hasPositive(n node, negated bool) bool {
	if n.op == opTerm {
		return !negated
	}
	for _, k := range n.kids {
		if hasPositive(k, negated != (n.op == opNot)) {
			return true
		}
	}
	return false
}

// column turns a byte offset of src into a 1-based column in runes.
func column(src string, pos int) int {
	return utf8.RuneCountInString(src[:min(pos, len(src))]) + 1
}
