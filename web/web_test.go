package web_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"newsgraph/web"
)

func TestServesAssetsWithHeaders(t *testing.T) {
	h := web.New(openStore(t), web.Options{})
	for _, tc := range []struct {
		path, contentType string
		status            int
	}{
		{"/", "text/html", 200},
		{"/js/app.js", "text/javascript", 200},
		{"/js/pages/graph.js", "text/javascript", 200},
		{"/css/app.css", "text/css", 200},
		{"/favicon.svg", "image/svg+xml", 200},
		{"/api/v1/stats", "application/json", 200},
		{"/api/v1/nothing", "application/json", 404},
		{"/index.html", "text/plain", 404},
		{"/static/index.html", "text/plain", 404},
		{"/js/", "", 200}, // a listing of module names, no data
		{"/go.mod", "text/plain", 404},
		{"/js/../../go.mod", "", 307}, // cleaned, then not found
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tc.contentType) {
			t.Errorf("GET %s = %d %q, want %d %q", tc.path, rec.Code, rec.Header().Get("Content-Type"), tc.status, tc.contentType)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: CSP %q, nosniff %q", tc.path, csp, rec.Header().Get("X-Content-Type-Options"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader("x")))
	if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d, want 404 or 405", rec.Code)
	}
}

func TestHostCheck(t *testing.T) {
	h := web.New(openStore(t), web.Options{Hosts: web.LoopbackHosts})
	for _, tc := range []struct {
		host string
		want int
	}{
		{"127.0.0.1:8080", 200}, {"localhost:8080", 200}, {"LOCALHOST", 200}, {"[::1]:8080", 200}, {"localhost.:80", 200},
		{"evil.example:8080", 403}, {"127.0.0.1.evil.example", 403}, {"", 403},
	} {
		req := httptest.NewRequest("GET", "/api/v1/stats", nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("GET /api/v1/stats with Host %q = %d, want %d", tc.host, rec.Code, tc.want)
		}
	}
}

// TestNoMarkupSinks checks the UI's sources: no API that parses a string as HTML or runs it as code, no inline
// script or style in the page, and no third-party script.
func TestNoMarkupSinks(t *testing.T) {
	sinks := regexp.MustCompile(`\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(\s*['"](style|on)|srcdoc|createContextualFragment|DOMParser`)
	n := 0
	err := fs.WalkDir(web.Assets(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Assets(), p)
		if err != nil {
			return err
		}
		src := string(b)
		switch {
		case strings.HasSuffix(p, ".js"):
			n++
			for i, line := range strings.Split(src, "\n") {
				if m := sinks.FindString(line); m != "" && !strings.Contains(line, "not allowed") {
					t.Errorf("%s:%d uses %s: insert text with textContent or DOM nodes", p, i+1, m)
				}
				if strings.Contains(line, "import ") && strings.Contains(line, "http") {
					t.Errorf("%s:%d imports from the network: %s", p, i+1, line)
				}
			}
		case strings.HasSuffix(p, ".html"):
			if regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(src) || strings.Contains(src, "<style") || regexp.MustCompile(`\s(style|on\w+)=`).MatchString(src) {
				t.Errorf("%s holds inline script or style", p)
			}
			for _, m := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(src, -1) {
				if !strings.HasPrefix(m[1], "/") && !strings.HasPrefix(m[1], "#") {
					t.Errorf("%s loads %s from elsewhere", p, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Errorf("found %d JavaScript files, want the UI's modules", n)
	}
}
