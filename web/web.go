// Package web serves newsgraph's browser UI and its JSON API from one handler. The UI is plain ES modules and
// CSS under static/, embedded in the binary: no framework, no build step, no third-party script. Pages are
// routed in the browser by the URL's fragment (#/search, #/doc/ID, #/entity/ID, #/cluster/ID, #/stories,
// #/graph) and fetch everything from /api/v1. Article text reaches the page only as text nodes, never as markup.
package web

import (
	"embed"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"strings"

	"newsgraph"
	"newsgraph/api"
)

//go:embed static
var static embed.FS

// Options configure the handler. The zero value serves the UI and a read-only API to any host.
type Options struct {
	API api.Options
	// Hosts, when set, are the host names (without port) a request may name in its Host header; a request for
	// any other is refused (403). A server bound to a loopback address sets the loopback names: a page on
	// another site that rebinds its own name to 127.0.0.1 then cannot read the API (DNS rebinding).
	Hosts []string
}

// LoopbackHosts are the names of the loopback interface, for Options.Hosts.
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// Assets returns the UI's files (index.html, css/, js/).
func Assets() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	return sub
}

// New returns the handler of the UI (at /) and the API (at /api/) over st.
func New(st newsgraph.Store, o Options) http.Handler {
	a := api.New(st, o.API)
	files := http.FileServerFS(Assets())
	mux := http.NewServeMux()
	mux.Handle("/api/", a)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, Assets(), "index.html")
	})
	for _, dir := range []string{"css", "js"} {
		mux.Handle("GET /"+dir+"/", cache(files))
	}
	mux.Handle("GET /favicon.svg", cache(files))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not found: the UI is at /, the API at /api/v1/", http.StatusNotFound)
	})
	return guard(mux, o.Hosts)
}

// cache marks static files for revalidation: the binary may change under the same names.
func cache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// guard sets the security headers on every response, refuses hosts not in hosts (when set), and gives
// requests for the UI no body to read.
func guard(h http.Handler, hosts []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.SecurityHeaders(w.Header())
		if len(hosts) > 0 {
			host := r.Host
			if h, _, err := net.SplitHostPort(host); err == nil {
				host = h
			}
			host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
			if !slices.ContainsFunc(hosts, func(s string) bool { return strings.EqualFold(s, host) }) {
				http.Error(w, "forbidden: this server answers only to "+strings.Join(hosts, ", "), http.StatusForbidden)
				return
			}
		}
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			r.Body = http.MaxBytesReader(w, r.Body, 0)
		}
		h.ServeHTTP(w, r)
	})
}
