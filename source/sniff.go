package source

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
)

// kind is what sniff makes of an input's first bytes.
type kind int

const (
	kindText kind = iota
	kindHTML
	kindJSONL
	kindFeed
	kindWARC
	kindGzip   // gzip stream: unwrap and sniff again
	kindUTF16  // UTF-16 with a byte order mark: transcode and sniff again
	kindBinary // not text
	kindEmpty  // nothing but white space
)

var kindNames = [...]string{"text", "html", "jsonl", "feed", "warc", "gzip", "utf16", "binary", "empty"}

func (k kind) String() string { return kindNames[k] }

// sniff decides what head, the first bytes of an input (all of it when complete), holds. ext is the lowercased
// file extension (".gz" looked through), used when the content alone does not decide.
func sniff(head []byte, ext string, complete bool) kind {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return kindGzip
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return kindUTF16
	case len(head) > 5 && bytes.HasPrefix(head, []byte("WARC/")) && isDigit(head[5]):
		return kindWARC
	}
	body := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	s := trimLeftSpace(body)
	if len(s) == 0 && (complete || len(head) == 0) {
		return kindEmpty
	}
	if looksBinary(body) {
		return kindBinary
	}
	if len(s) > 0 && s[0] == '<' {
		if k, ok := sniffMarkup(s, ext); ok {
			return k
		}
	}
	if len(s) > 0 && s[0] == '{' {
		if bytes.Contains(s, []byte(`"https://jsonfeed.org/version/`)) {
			return kindFeed
		}
		if ext == ".jsonl" || ext == ".ndjson" || ext == ".jsonlines" || looksJSONL(s, complete) {
			return kindJSONL
		}
	}
	switch ext {
	case ".html", ".htm", ".xhtml", ".shtml":
		return kindHTML
	case ".jsonl", ".ndjson", ".jsonlines":
		return kindJSONL
	case ".xml", ".rss", ".atom", ".rdf":
		return kindFeed
	case ".warc":
		return kindWARC
	}
	return kindText
}

// htmlTags are the element names that, first in a document, mark it as HTML.
var htmlTags = map[string]bool{
	"html": true, "head": true, "body": true, "meta": true, "title": true, "script": true, "style": true,
	"link": true, "base": true, "noscript": true, "div": true, "p": true, "span": true, "a": true, "b": true,
	"i": true, "em": true, "strong": true, "br": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "table": true, "iframe": true, "font": true, "center": true, "article": true,
	"section": true, "main": true, "header": true, "footer": true, "nav": true, "aside": true, "ul": true,
	"ol": true, "li": true, "img": true, "form": true, "pre": true, "blockquote": true, "figure": true,
}

// sniffMarkup decides what a document starting with '<' is. ok is false when neither markup nor extension says.
func sniffMarkup(s []byte, ext string) (k kind, ok bool) {
	p := scanProlog(s)
	switch {
	case p.root == "rss" || p.root == "feed" || p.root == "rdf" || bytes.HasSuffix([]byte(p.root), []byte(":rdf")):
		return kindFeed, true
	case p.doctypeHTML || p.root == "html" || htmlTags[p.root]:
		return kindHTML, true
	case p.xmlDecl:
		if ext == ".html" || ext == ".htm" || ext == ".xhtml" {
			return kindHTML, true
		}
		return kindFeed, true
	case ext == ".txt" || ext == ".text" || ext == ".jsonl" || ext == ".ndjson":
		return 0, false
	case p.root != "" || p.markup:
		return kindHTML, true // an unknown tag or only comments: a fragment of HTML
	}
	return 0, false
}

// prolog is what scanProlog found before a document's first element.
type prolog struct {
	root        string // lowercased name of the first element; "" when none was found
	xmlDecl     bool   // an <?xml ...?> declaration came first
	doctypeHTML bool   // <!DOCTYPE html ...>
	markup      bool   // a comment, processing instruction or doctype was seen
}

// scanProlog skips white space, processing instructions, comments and a doctype at the start of s and reads the
// name of the first element.
func scanProlog(s []byte) prolog {
	var p prolog
	for {
		s = trimLeftSpace(s)
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			if bytes.HasPrefix(s, []byte("<?xml")) && !p.markup {
				p.xmlDecl = true
			}
			p.markup = true
			i := bytes.Index(s, []byte("?>"))
			if i < 0 {
				return p
			}
			s = s[i+2:]
		case bytes.HasPrefix(s, []byte("<!--")):
			p.markup = true
			i := bytes.Index(s[4:], []byte("-->"))
			if i < 0 {
				return p
			}
			s = s[4+i+3:]
		case len(s) >= 9 && bytes.EqualFold(s[:9], []byte("<!doctype")):
			p.markup = true
			rest := trimLeftSpace(s[9:])
			if len(rest) >= 4 && bytes.EqualFold(rest[:4], []byte("html")) {
				p.doctypeHTML = true
			}
			i := bytes.IndexByte(s, '>')
			if i < 0 {
				return p
			}
			s = s[i+1:]
		case len(s) >= 2 && s[0] == '<' && isLetter(s[1]):
			end := 1
			for end < len(s) && (isLetter(s[end]) || isDigit(s[end]) || s[end] == ':' || s[end] == '-' || s[end] == '_' || s[end] == '.') {
				end++
			}
			p.root = string(bytes.ToLower(s[1:end]))
			return p
		default:
			return p
		}
	}
}

// looksJSONL reports whether every complete non-empty line of s is a JSON object. When s holds no complete line
// (the first line is longer than the sniffed window) it settles for s starting like an object with a key.
func looksJSONL(s []byte, complete bool) bool {
	seen := 0
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 && !complete {
			break // an incomplete last line
		}
		var line []byte
		if i < 0 {
			line, s = s, nil
		} else {
			line, s = s[:i], s[i+1:]
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' || !json.Valid(line) {
			return false
		}
		seen++
	}
	if seen > 0 {
		return true
	}
	rest := trimLeftSpace(s)
	if len(rest) == 0 || rest[0] != '{' {
		return false
	}
	rest = trimLeftSpace(rest[1:])
	return len(rest) > 0 && rest[0] == '"'
}

// looksBinary reports whether b is not text: it holds a NUL byte, or more than 5% of its bytes are control
// characters other than white space.
func looksBinary(b []byte) bool {
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b:
			ctrl++
		case c == 0x7f:
			ctrl++
		}
	}
	return ctrl*20 > len(b)
}

func trimLeftSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r' || b[0] == '\f' || b[0] == '\v') {
		b = b[1:]
	}
	return b
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// newGzipReader opens a gzip stream of one or more members.
func newGzipReader(r io.Reader) (io.Reader, error) {
	return gzip.NewReader(r)
}
