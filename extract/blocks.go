package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"newsgraph"
)

// kind says which element a block of text came from; plain text gives kindPara only.
type kind uint8

const (
	kindPara    kind = iota
	kindHeading      // h1-h6
	kindItem         // li, dt, dd
	kindRow          // a table row, its cells joined by spaces
	kindQuote        // blockquote, q
	kindPre          // pre and block-level code: whitespace kept
)

// block is one candidate paragraph of the main text.
type block struct {
	text string
	kind kind
	link bool // the whole text (or each of its lines) is the text of a link in the page
}

// blockTags start and end a paragraph; every other element is inline.
var blockTags = map[string]kind{
	"p": kindPara, "div": kindPara, "section": kindPara, "article": kindPara, "header": kindPara,
	"footer": kindPara, "figure": kindPara, "figcaption": kindPara, "table": kindPara, "ul": kindPara,
	"ol": kindPara, "dl": kindPara, "main": kindPara, "aside": kindPara, "center": kindPara,
	"address": kindPara, "summary": kindPara, "details": kindPara, "form": kindPara, "hr": kindPara,
	"h1": kindHeading, "h2": kindHeading, "h3": kindHeading, "h4": kindHeading, "h5": kindHeading,
	"h6": kindHeading,
	"li": kindItem, "dt": kindItem, "dd": kindItem,
	"tr":         kindRow,
	"blockquote": kindQuote,
	"pre":        kindPre,
}

// cellTags are separated from their neighbours by a space.
var cellTags = map[string]bool{"td": true, "th": true}

// htmlBlocks walks go-trafilatura's content tree and returns its paragraphs: each block element is a
// paragraph, inline elements are joined, <br> is a line break, two <br> in a row a paragraph break.
func htmlBlocks(root *html.Node) []block {
	w := blockWalker{}
	if root != nil {
		w.walk(root, kindPara)
	}
	w.flush()
	return w.blocks
}

type blockWalker struct {
	blocks []block
	buf    strings.Builder
	cur    kind
	pre    int // depth inside pre or block-level code
	brs    int // consecutive <br> since the last text
}

func (w *blockWalker) flush() {
	text := w.buf.String()
	w.buf.Reset()
	w.brs = 0
	text = strings.TrimFunc(text, unicode.IsSpace)
	if text == "" {
		return
	}
	w.blocks = append(w.blocks, block{text: text, kind: w.cur})
}

func (w *blockWalker) walk(n *html.Node, k kind) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	tag := n.Data
	bk, isBlock := blockTags[tag]
	if tag == "code" && n.Parent != nil && (n.Parent.Data == "body" || hasBlockChild(n)) {
		bk, isBlock = kindPre, true // go-trafilatura turns <pre> into block-level <code>
	}
	switch {
	case tag == "br":
		w.brs++
		if w.brs >= 2 {
			w.flush()
			return
		}
		w.buf.WriteByte('\n')
		return
	case tag == "script" || tag == "style" || tag == "noscript" || tag == "template":
		return
	case isBlock:
		// A nested block (p inside li) gives its own kind unless it is a plain container.
		if bk == kindPara && k != kindPara && tag != "p" {
			bk = k
		}
		w.flush()
		prev := w.cur
		w.cur = bk
		if bk == kindPre {
			w.pre++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, bk)
		}
		w.flush()
		if bk == kindPre {
			w.pre--
		}
		w.cur = prev
		return
	case cellTags[tag]:
		w.space()
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, k)
		}
		w.space()
		return
	}
	// An inline element: go-trafilatura trims the text around the elements it keeps (b, em, code...), so
	// "in your <code>Dockerfile</code> to" arrives as "Dockerfile" + "to"; a space goes back at each edge
	// between two word characters, except around one-letter elements (drop caps) and sub/sup.
	glue := tag == "sub" || tag == "sup" || n.Type == html.DocumentNode || oneRune(n)
	if !glue {
		w.wordBreak(n.FirstChild)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, k)
	}
	if !glue {
		w.wordBreak(n.NextSibling)
	}
}

// wordBreak writes a space when the buffer ends with a word character and next starts with one.
func (w *blockWalker) wordBreak(next *html.Node) {
	if w.pre > 0 || next == nil {
		return
	}
	s := w.buf.String()
	last, _ := utf8.DecodeLastRuneInString(s)
	if s == "" || !isWordRune(last) {
		return
	}
	first, ok := firstRune(next)
	if ok && isWordRune(first) {
		w.buf.WriteByte(' ')
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// firstRune returns the first rune of the text under n (n itself when it is text), skipping nothing.
func firstRune(n *html.Node) (rune, bool) {
	for ; n != nil; n = n.NextSibling {
		switch n.Type {
		case html.TextNode:
			if n.Data != "" {
				r, _ := utf8.DecodeRuneInString(n.Data)
				return r, true
			}
		case html.ElementNode:
			if _, isBlock := blockTags[n.Data]; isBlock || n.Data == "br" {
				return 0, false
			}
			if r, ok := firstRune(n.FirstChild); ok {
				return r, true
			}
		}
	}
	return 0, false
}

// oneRune reports whether the text under n is a single rune.
func oneRune(n *html.Node) bool {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && count < 2; c = c.NextSibling {
			if c.Type == html.TextNode {
				count += utf8.RuneCountInString(strings.TrimSpace(c.Data))
			} else {
				walk(c)
			}
		}
	}
	walk(n)
	return count <= 1
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if _, ok := blockTags[c.Data]; ok {
				return true
			}
		}
	}
	return false
}

// space ends the current word unless the buffer already ends with white space.
func (w *blockWalker) space() {
	s := w.buf.String()
	if s == "" {
		return
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsSpace(r) {
		w.buf.WriteByte(' ')
	}
}

// text appends a text node: in pre the text is kept line by line (trailing spaces and blank lines dropped),
// elsewhere runs of white space become one space.
func (w *blockWalker) text(s string) {
	if s == "" {
		return
	}
	if strings.TrimFunc(s, unicode.IsSpace) != "" {
		w.brs = 0
	}
	if w.pre > 0 {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				w.newline()
			}
			w.buf.WriteString(strings.TrimRightFunc(line, unicode.IsSpace))
		}
		return
	}
	cur := w.buf.String()
	lastSpace := cur == "" || endsWithSpace(cur)
	for _, r := range s {
		if isSpace(r) {
			if !lastSpace {
				w.buf.WriteByte(' ')
				lastSpace = true
			}
			continue
		}
		w.buf.WriteRune(r)
		lastSpace = false
	}
}

// newline starts a new line inside the current paragraph, never leaving a blank line.
func (w *blockWalker) newline() {
	s := w.buf.String()
	if s == "" || strings.HasSuffix(s, "\n") {
		return
	}
	w.buf.WriteByte('\n')
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

// isSpace is HTML white space plus the Unicode spaces pages use between words; no-break space is kept
// (it glues numbers and units) but counts as space for trimming.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u200b':
		return true
	}
	return false
}

// normalizeHTMLText puts a paragraph of page text into NFC, drops soft hyphens and zero-width characters,
// turns no-break spaces into spaces, and removes trailing spaces of lines and blank lines.
func normalizeHTMLText(s string) string {
	if strings.ContainsAny(s, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u00a0") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
				return -1
			case '\u00a0':
				return ' '
			}
			return r
		}, s)
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if strings.Contains(s, "\n") {
		lines := strings.Split(s, "\n")
		out := lines[:0]
		for _, l := range lines {
			l = strings.TrimRightFunc(l, unicode.IsSpace)
			if strings.TrimSpace(l) == "" {
				continue
			}
			out = append(out, l)
		}
		s = strings.Join(out, "\n")
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

// assemble joins the kept blocks (why[i] == "") into the text, paragraphs separated by "\n\n", and returns their spans.
func assemble(blocks []block, why []string) (string, []newsgraph.Span) {
	var b strings.Builder
	var spans []newsgraph.Span
	for i, bl := range blocks {
		if why[i] != "" || bl.text == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		start := b.Len()
		b.WriteString(bl.text)
		spans = append(spans, newsgraph.Span{Start: start, End: b.Len()})
	}
	return b.String(), spans
}
