package extract

import (
	"errors"
	"testing"

	"newsgraph"
)

// FuzzHTML checks that HTML never panics and that a result always holds the Result invariants.
func FuzzHTML(f *testing.F) {
	f.Add([]byte(generatedPage(3)), "https://news.example.com/a")
	f.Add([]byte("<p>Tags: , ,</p><p>\xff\xfe broken</p>"), "")
	f.Add([]byte(`<meta charset="gb2312"><article><h1>x</h1><p>`+"\xbb\xb0\xbe\xe7"+`</p></article>`), "::bad url")
	f.Add([]byte("<pre>  code\n\n\n  more</pre><table><tr><td>a<td>b</table><br><br>x"), "")
	e := New(Options{})
	f.Fuzz(func(t *testing.T, raw []byte, url string) {
		res, err := e.HTML(raw, url)
		if err != nil {
			if !errors.Is(err, newsgraph.ErrEmpty) {
				t.Fatalf("HTML error %v does not wrap ErrEmpty", err)
			}
			return
		}
		if len(res.Paragraphs) == 0 {
			t.Fatalf("HTML returned no paragraphs and no error")
		}
		checkResult(t, "HTML(fuzz)", res)
	})
}

// FuzzText checks that Text never panics, rejects invalid UTF-8 with ErrInvalidUTF8, and otherwise returns
// a result holding the Result invariants whose paragraphs come from the input.
func FuzzText(f *testing.F) {
	f.Add([]byte("Title\n\ndate 2024-12-07\n\nBody sentence.\nTags: , ,\n"))
	f.Add([]byte("\ufeffa\r\nb\r\n\r\n\u00a0\n"))
	f.Add([]byte("x\xffy"))
	e := New(Options{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := e.Text(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidUTF8) && !errors.Is(err, newsgraph.ErrEmpty) {
				t.Fatalf("Text error %v wraps neither ErrInvalidUTF8 nor ErrEmpty", err)
			}
			return
		}
		checkResult(t, "Text(fuzz)", res)
	})
}
