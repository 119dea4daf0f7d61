package extract

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph"
	"newsgraph/pubdate"
)

// ErrInvalidUTF8 is wrapped by the error Text returns for input that is not UTF-8; the message names the
// line and byte offset of the first bad byte.
var ErrInvalidUTF8 = errors.New("invalid UTF-8")

// Text extracts a plain-text article: the title (the first line when a blank line follows it, or when it
// is shorter than a sentence: no final period and fewer than 15 words), the publication date from a date
// line near the top (pubdate.FromText; the line is removed from the body), and the paragraphs (blank-line
// separated; when the article has no blank line, each line is a paragraph), cleaned of boilerplate. The
// body keeps its bytes otherwise, except trailing spaces of lines. Invalid UTF-8 gives an error wrapping
// ErrInvalidUTF8 that names the line and byte offset; an article without text one wrapping
// newsgraph.ErrEmpty.
func (e *Extractor) Text(raw []byte) (Result, error) { return e.text(raw, true) }

// Body is Text for an article whose container already gave its title (a JSON Lines record, a feed item): the
// first line is body text, never taken as the title.
func (e *Extractor) Body(raw []byte) (Result, error) { return e.text(raw, false) }

func (e *Extractor) text(raw []byte, findTitle bool) (Result, error) {
	if err := checkUTF8(raw); err != nil {
		return Result{}, err
	}
	text := strings.TrimPrefix(string(raw), "\ufeff")
	var res Result
	if line, ok := pubdate.FromText(text); ok && line.Start >= 0 && line.Start <= line.End && line.End <= len(text) {
		res.Published, res.PublishedPrecision, res.DateSource = line.Time, line.Precision, line.Source
		if res.DateSource == "" {
			res.DateSource = "text"
		}
		if !res.Published.IsZero() && res.PublishedPrecision == "" {
			res.PublishedPrecision = newsgraph.PrecisionDay
		}
		text = text[:line.Start] + text[line.End:]
	}

	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	first := 0
	for first < len(lines) && lines[first] == "" {
		first++
	}
	body := lines[first:]
	for len(body) > 0 && body[len(body)-1] == "" {
		body = body[:len(body)-1]
	}
	perLine := !slices.Contains(body, "")
	if findTitle && len(body) > 1 && isTitleLine(body) {
		res.Title = strings.TrimSpace(body[0])
		body = body[1:]
	}
	blocks := textBlocks(body, perLine)
	res.Text, res.Paragraphs = assemble(blocks, e.cleanWhy(blocks, "", "", true))
	if len(res.Paragraphs) == 0 {
		return Result{}, fmt.Errorf("extract text: %w", newsgraph.ErrEmpty)
	}
	res.Language = detectLanguage(res.Text, "")
	return res, nil
}

// checkUTF8 returns an error naming the line (1-based) and byte offset (0-based) of the first invalid UTF-8
// sequence in raw, nil if there is none.
func checkUTF8(raw []byte) error {
	if utf8.Valid(raw) {
		return nil
	}
	line := 1
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n == 1 {
			return fmt.Errorf("%w at line %d, byte %d", ErrInvalidUTF8, line, i)
		}
		i += n
	}
	return nil
}

// isTitleLine reports whether the first of lines (which is not blank) is the article's title: a line
// followed by a blank line, or one shorter than a sentence, that is not a date line and leaves some text
// after it.
func isTitleLine(lines []string) bool {
	l := strings.TrimSpace(lines[0])
	words := strings.Fields(l)
	if len(words) > 30 || len(words) == 0 {
		return false
	}
	var letters, digits, letterWords int
	for _, w := range words {
		hasLetter := false
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
				hasLetter = true
			} else if unicode.IsDigit(r) {
				digits++
			}
		}
		if hasLetter {
			letterWords++
		}
	}
	if letterWords < 2 || digits >= letters { // "date 2024-12-07", "12.05.2021"
		return false
	}
	rest := false
	for _, b := range lines[1:] {
		if strings.TrimSpace(b) != "" {
			rest = true
			break
		}
	}
	if !rest {
		return false
	}
	if lines[1] == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(l, "\"'”’»)"))
	return r != '.' && r != '…' && len(words) < 15
}

// textBlocks splits the lines of a plain-text body into paragraphs: blank-line separated blocks, or each line
// when perLine (the article has no blank line).
func textBlocks(lines []string, perLine bool) []block {
	var blocks []block
	add := func(ls []string) {
		t := strings.TrimLeftFunc(strings.Join(ls, "\n"), unicode.IsSpace)
		if t != "" {
			blocks = append(blocks, block{text: t, kind: kindPara})
		}
	}
	if perLine {
		for _, l := range lines {
			add([]string{l})
		}
		return blocks
	}
	start := -1
	for i, l := range lines {
		switch {
		case l == "" && start >= 0:
			add(lines[start:i])
			start = -1
		case l != "" && start < 0:
			start = i
		}
	}
	if start >= 0 {
		add(lines[start:])
	}
	return blocks
}
