package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"newsgraph"
)

// readJSONL reads one article per line: a JSON object with the fields url, title, text or html, published,
// source, language and author; other fields are kept in Item.Meta (non-strings as compact JSON). Blank lines are
// skipped; a line that is not such an object becomes an Err item naming its line number.
func (r *reader) readJSONL(br *bufio.Reader) error {
	var buf []byte
	emitted := 0
	for n := 1; ; n++ {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		line, size, err := readLine(br, r.max, buf[:0])
		buf = line
		if err != nil && err != io.EOF {
			return r.failAt("line", n, describeReadErr(err))
		}
		if size > r.max || len(bytes.TrimSpace(line)) > 0 {
			emitted++
		}
		if size > r.max {
			if ferr := r.failAt("line", n, fmt.Errorf("%d bytes or more, more than %d: %w", size, r.max, newsgraph.ErrTooLarge)); ferr != nil {
				return ferr
			}
		} else if len(bytes.TrimSpace(line)) > 0 {
			if n == 1 {
				line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			}
			it, perr := parseJSONLine(line)
			if perr != nil {
				it = newsgraph.Item{Err: fmt.Errorf("read %s line %d: %w", r.path, n, perr)}
			}
			it.Origin.Record = n
			if ferr := r.emit(it); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			if emitted == 0 {
				return r.fail(fmt.Errorf("only blank lines: %w", newsgraph.ErrEmpty))
			}
			return nil
		}
	}
}

// readLine reads one line (without its end of line) from br into buf, keeping at most max bytes of it; size is
// the line's length, or a number larger than max when the line is longer (the rest of it is then read and
// dropped). err is io.EOF when the input ended, possibly after a final line without a newline.
func readLine(br *bufio.Reader, max int64, buf []byte) (line []byte, size int64, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		size += int64(len(chunk))
		if size <= max+1 { // +1: the newline
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == nil {
			size--
			buf = bytes.TrimSuffix(buf, []byte("\n"))
		}
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		if size > max {
			return buf[:0], size, err
		}
		return buf, size, err
	}
}

// jsonlFields are the documented fields of a JSONL article.
var jsonlFields = map[string]bool{
	"url": true, "title": true, "text": true, "html": true, "published": true,
	"source": true, "language": true, "author": true,
}

// parseJSONLine turns one JSONL line into an item (without Origin). The error names the field at fault.
func parseJSONLine(line []byte) (newsgraph.Item, error) {
	var it newsgraph.Item
	line = bytes.TrimSpace(line)
	if !utf8.Valid(line) {
		return it, fmt.Errorf("invalid UTF-8 at byte %d", invalidUTF8At(line))
	}
	if line[0] != '{' {
		return it, fmt.Errorf("not a JSON object (starts with %q)", firstRune(line))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return it, fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
		}
		return it, fmt.Errorf("invalid JSON: %w", err)
	}
	var f struct{ url, title, text, html, published, source, language, author string }
	for _, d := range []struct {
		name string
		dst  *string
	}{
		{"url", &f.url}, {"title", &f.title}, {"text", &f.text}, {"html", &f.html},
		{"source", &f.source}, {"language", &f.language},
	} {
		if err := stringField(obj, d.name, d.dst); err != nil {
			return it, err
		}
	}
	if raw, ok := obj["author"]; ok && !isNull(raw) {
		var names []string
		if err := json.Unmarshal(raw, &f.author); err != nil {
			if err := json.Unmarshal(raw, &names); err != nil {
				return it, fmt.Errorf("field \"author\": want a string or an array of strings, got %s", jsonKind(raw))
			}
			f.author = strings.Join(names, ", ")
		}
	}
	var meta map[string]string
	setMeta := func(k, v string) {
		if meta == nil {
			meta = map[string]string{}
		}
		meta[k] = v
	}
	if raw, ok := obj["published"]; ok && !isNull(raw) {
		switch {
		case json.Unmarshal(raw, &f.published) == nil:
			if f.published = strings.TrimSpace(f.published); f.published != "" {
				t, dayOnly, ok := parseDate(f.published)
				switch {
				case !ok:
					setMeta("published_raw", f.published)
					setMeta("warning", fmt.Sprintf("field \"published\": unrecognised date %q", f.published))
				case dayOnly:
					it.Published = t
					setMeta("published_precision", newsgraph.PrecisionDay)
				default:
					it.Published = t
				}
			}
		case raw[0] == '-' || isDigit(raw[0]):
			t, ok := unixTime(string(raw))
			if !ok {
				setMeta("published_raw", string(raw))
				setMeta("warning", fmt.Sprintf("field \"published\": unrecognised timestamp %s", raw))
				break
			}
			it.Published = t
		default:
			return it, fmt.Errorf("field \"published\": want a string or a number, got %s", jsonKind(raw))
		}
	}
	for k, raw := range obj {
		if jsonlFields[k] || isNull(raw) {
			continue
		}
		var s string
		if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
			if _, taken := meta[k]; !taken {
				setMeta(k, s)
			}
			continue
		}
		var c bytes.Buffer
		if json.Compact(&c, raw) == nil {
			if _, taken := meta[k]; !taken {
				setMeta(k, c.String())
			}
		}
	}
	switch {
	case strings.TrimSpace(f.html) != "":
		it.Format, it.Raw = newsgraph.FormatHTML, []byte(f.html)
	case strings.TrimSpace(f.text) != "":
		it.Format, it.Raw = newsgraph.FormatText, []byte(f.text)
	default:
		return newsgraph.Item{}, fmt.Errorf("neither \"text\" nor \"html\" field: %w", newsgraph.ErrEmpty)
	}
	it.Origin.URL = strings.TrimSpace(f.url)
	it.Title = strings.TrimSpace(f.title)
	it.Site = strings.TrimSpace(f.source)
	it.Language = strings.TrimSpace(f.language)
	it.Author = strings.TrimSpace(f.author)
	it.Meta = meta
	return it, nil
}

// stringField decodes obj[name] into dst when present and not null.
func stringField(obj map[string]json.RawMessage, name string, dst *string) error {
	raw, ok := obj[name]
	if !ok || isNull(raw) {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("field %q: want a string, got %s", name, jsonKind(raw))
	}
	return nil
}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// jsonKind names the kind of JSON value raw is, for messages.
func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func firstRune(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	return string(r)
}
