package quote

import (
	"unicode"
	"unicode/utf8"
)

// Mark roles.
const (
	roleOpen  = 'o'
	roleClose = 'c'
	roleAmbig = 'a' // a straight quote whose context does not say
)

// markOf says whether a token is a quotation mark: double (" “ ” „ « ») or single (' ‘ ’ ‹ ›), and the role
// its glyph suggests.
func markOf(s string) (double bool, role byte, ok bool) {
	switch s {
	case "“", "„", "«":
		return true, roleOpen, true
	case "”", "»":
		return true, roleClose, true
	case `"`, "″", "＂":
		return true, roleAmbig, true
	case "‘", "‹":
		return false, roleOpen, true
	case "’", "›":
		return false, roleClose, true
	case "'":
		return false, roleAmbig, true
	}
	return false, 0, false
}

// isMark reports whether token t is a quotation mark.
func (x *doc) isMark(t int) bool {
	_, _, ok := markOf(x.w(t))
	return ok
}

// context classifies the characters either side of token t: whether the left side lets a quotation open (start,
// space, an opening bracket or dash) and whether the right side lets one close (end, space, punctuation).
func (x *doc) context(t int) (leftOpen, rightWord, rightClose, leftWord bool) {
	sp := x.toks[t]
	if sp.Start == 0 {
		leftOpen = true
	} else {
		r, _ := utf8.DecodeLastRuneInString(x.text[:sp.Start])
		switch {
		case unicode.IsSpace(r) || r == '(' || r == '[' || r == '{' || r == '—' || r == '–' || r == '-' || r == '/' || r == ':' || r == '\u200b':
			leftOpen = true
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsPunct(r):
			leftWord = true
		}
	}
	if sp.End >= len(x.text) {
		rightClose = true
	} else {
		r, _ := utf8.DecodeRuneInString(x.text[sp.End:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			rightWord = true
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			rightClose = true
		}
	}
	return
}

// role decides whether mark token t opens or closes, correcting the glyph by its context: a straight quote
// after a space opens, one before a space closes; a curly quote written the wrong way round ("”Yes”") is read
// by where it stands.
func (x *doc) role(t int, glyph byte) byte {
	leftOpen, rightWord, rightClose, leftWord := x.context(t)
	switch glyph {
	case roleOpen:
		if leftWord && rightClose && !leftOpen {
			return roleClose
		}
	case roleClose:
		if leftOpen && rightWord {
			return roleOpen
		}
	default:
		switch {
		case leftOpen && !rightClose:
			return roleOpen
		case !leftOpen && rightClose:
			return roleClose
		}
	}
	return glyph
}

// dq is a direct quotation found by pairing marks.
type dq struct {
	open, close int // the mark tokens; close is -1 when the quotation is not closed
	first, end  int // the content's tokens [first, end)
	para        int // the index of the paragraph's first sentence
	contPrev    bool
	contNext    bool
	dash        bool // a speech line led by a dash rather than marks
	single      bool // in single marks
	attr        int  // index into doc.cues of its attribution, -1 when none
	// inherited speaker when attr is -1 (a quotation continuing the previous paragraph's speaker)
	spFirst, spEnd int
}

// pairMarks finds the direct quotations of the paragraph whose first sentence is s0 and whose tokens are
// [first, end); nextFirst is the first token of the next paragraph, -1 when none.
func (x *doc) pairMarks(s0, first, end int, nextFirst int) {
	n0 := len(x.quotes)
	open := -1
	emit := func(o, c, contentEnd int) {
		q := dq{open: o, close: c, first: o + 1, end: contentEnd, para: s0, attr: -1, spFirst: -1, spEnd: -1}
		// Trim marks of the other kind at the content's ends: `"'Yes,' he said"`.
		for q.first < q.end && x.isMark(q.first) {
			q.first++
		}
		for q.end > q.first && x.isMark(q.end-1) {
			q.end--
		}
		if q.first < q.end {
			x.quotes = append(x.quotes, q)
		}
	}
	for t := first; t < end; t++ {
		double, glyph, ok := markOf(x.w(t))
		if !ok || !double {
			continue
		}
		r := x.role(t, glyph)
		if open < 0 {
			if r != roleClose {
				open = t
			}
			continue
		}
		if r == roleOpen && t > open+1 {
			// A second opening before any close: the first was never closed; it ends with its sentence.
			se := x.sents[x.sentOf[open]].TokenEnd
			emit(open, -1, min(se, t))
			open = t
			continue
		}
		if t > open+1 {
			emit(open, t, t)
		}
		open = -1
	}
	if open >= 0 {
		cont := false
		if nextFirst >= 0 {
			if double, glyph, ok := markOf(x.w(nextFirst)); ok && double && x.role(nextFirst, glyph) != roleClose {
				cont = true
			}
		}
		if cont || !x.opt.DropUnclosed {
			n := len(x.quotes)
			emit(open, -1, end)
			if cont && len(x.quotes) > n {
				x.quotes[n].contNext = true
				x.contFrom = nextFirst
			}
		}
	}
	// Single marks at the top level: `‘Future belongs to Syrians’`, a headline's quotation.
	so := -1
	for t := first; t < end; t++ {
		inside := false
		for _, q := range x.quotes[n0:] {
			if t >= q.open && (t <= q.close || q.close < 0 && t < q.end) {
				inside = true
				break
			}
		}
		if inside {
			so = -1
			continue
		}
		double, glyph, ok := markOf(x.w(t))
		if !ok {
			continue
		}
		if double {
			so = -1
			continue
		}
		leftOpen, rightWord, rightClose, leftWord := x.context(t)
		if so < 0 {
			if glyph != roleClose && leftOpen && rightWord {
				so = t
			}
			continue
		}
		if glyph != roleOpen && leftWord && rightClose && t > so+1 {
			emit(so, t, t)
			x.quotes[len(x.quotes)-1].single = true
			so = -1
		}
	}
}
