// Package api is newsgraph's HTTP JSON API under /api/v1: documents and full-text search with facets, annotated
// documents, entities and their profiles, quotes, events, clusters and stories, and the actor graph, over any
// newsgraph.Store (the optional interfaces EntityStore, QuoteStore, EventStore, ClusterStore and FacetStore
// switch their endpoints on). Every reply is one JSON envelope:
//
//	{"data": ..., "page": {"limit": 20, "offset": 0, "total": 123}}   success; page only for lists
//	{"error": {"code": "bad_parameter", "message": "..."}}            failure
//
// Bad parameters and query syntax errors are 400 with a message naming the parameter, never 500. The document
// is written by hand in openapi.json, served at /api/v1/openapi.json, and a test checks that it lists every
// route. The handler sets strict security headers, limits request bodies and bounds every request's time.
package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"newsgraph"
)

//go:embed openapi.json
var openAPI []byte

// Options configure the API. The zero value serves every read endpoint, with ingest off.
type Options struct {
	// IngestToken switches POST /api/v1/ingest on for requests that carry it as a bearer token
	// ("Authorization: Bearer TOKEN"). "" leaves ingest off (403). Ingest needs Ingest too.
	IngestToken string
	// Ingest stores the articles of an ingest request: r is the request body, JSON Lines in the format
	// `newsgraph ingest` reads (one object per line: url, title, text or html, published, site, language, ...).
	// Calls are serialised. nil leaves ingest off.
	Ingest func(ctx context.Context, r io.Reader) (IngestResult, error)
	// Timeout bounds the time of a read request; 0 means 10 seconds. A request that runs out of time is 503.
	Timeout time.Duration
	// IngestTimeout bounds the time of an ingest request; 0 means 2 minutes.
	IngestTimeout time.Duration
	// MaxIngestBytes bounds an ingest request's body; 0 means 32 MiB. Other requests take no body.
	MaxIngestBytes int64
	// Logf reports server-side failures (500s) with their cause, which the reply does not carry; nil means
	// log.Printf.
	Logf func(format string, args ...any)
}

// IngestResult is what an ingest request did.
type IngestResult struct {
	Read       int      `json:"read"`       // items read from the body
	New        int      `json:"new"`        // new documents stored
	Duplicates int      `json:"duplicates"` // items whose document was already stored
	Failed     int      `json:"failed"`
	Failures   []string `json:"failures"` // why items failed, naming their line
}

// API serves /api/v1. It is an http.Handler.
type API struct {
	st   newsgraph.Store
	opts Options
	mux  *http.ServeMux
	// routes lists "METHOD /path" of every route, for the OpenAPI test.
	routes   []string
	ingestMu sync.Mutex
	token    [32]byte
}

// New returns the API over st.
func New(st newsgraph.Store, o Options) *API {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.IngestTimeout <= 0 {
		o.IngestTimeout = 2 * time.Minute
	}
	if o.MaxIngestBytes <= 0 {
		o.MaxIngestBytes = 32 << 20
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	a := &API{st: st, opts: o, mux: http.NewServeMux(), token: sha256.Sum256([]byte(o.IngestToken))}
	a.routeTable()
	a.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, fmt.Errorf("%s %s: no such endpoint (see /api/v1/openapi.json): %w", r.Method, r.URL.Path, errNoRoute))
	})
	return a
}

// Routes returns "METHOD /path" for every route, in the order they are registered.
func (a *API) Routes() []string { return append([]string(nil), a.routes...) }

// handler computes a reply: data, the page for lists (nil otherwise), or an error.
type handler func(r *http.Request) (data any, page *Page, err error)

// Page describes one page of a list.
type Page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	Total  int `json:"total"`
}

type envelope struct {
	Data  any        `json:"data,omitempty"`
	Page  *Page      `json:"page,omitempty"`
	Error *errorJSON `json:"error,omitempty"`
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handle registers h for pattern ("GET /api/v1/...") under the request limits.
func (a *API) handle(pattern string, h handler) {
	a.routes = append(a.routes, pattern)
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), a.opts.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
		// Read requests take no body: refuse one rather than read it.
		r.Body = http.MaxBytesReader(w, r.Body, 0)
		data, page, err := h(r)
		if err == nil {
			err = ctx.Err() // a handler that stopped early because time ran out
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.write(w, http.StatusOK, envelope{Data: data, Page: page})
	})
}

// ServeHTTP implements http.Handler: it sets the security headers and dispatches.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	SecurityHeaders(w.Header())
	w.Header().Set("Cache-Control", "no-store")
	a.mux.ServeHTTP(w, r)
}

// SecurityHeaders sets the headers every newsgraph response carries: a strict Content-Security-Policy (scripts,
// styles, images and requests from the same origin only; no inline script or style; no framing), no MIME
// sniffing, no referrer.
func SecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "+
		"font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

func (a *API) write(w http.ResponseWriter, status int, e envelope) {
	b, err := json.Marshal(e)
	if err != nil {
		a.opts.Logf("api: encode reply: %v", err)
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"the reply could not be encoded"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// Errors of the API itself, mapped to statuses by status.
var (
	errBadParam       = errors.New("bad parameter")
	errNoRoute        = errors.New("no such endpoint")
	errUnsupported    = errors.New("not supported by this store")
	errUnauthorized   = errors.New("unauthorized")
	errIngestDisabled = errors.New("ingest is off")
)

// status maps an error to its HTTP status and code: the one place where errors become statuses.
func status(err error) (int, string) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, errBadParam):
		return http.StatusBadRequest, "bad_parameter"
	case errors.Is(err, newsgraph.ErrBadQuery):
		return http.StatusBadRequest, "bad_query"
	case errors.As(err, &tooLarge), errors.Is(err, newsgraph.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, "too_large"
	case errors.Is(err, errNoRoute), errors.Is(err, newsgraph.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, errUnsupported):
		return http.StatusNotImplemented, "not_supported"
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, errIngestDisabled):
		return http.StatusForbidden, "ingest_disabled"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout"
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "canceled"
	}
	return http.StatusInternalServerError, "internal"
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, name := status(err)
	msg := err.Error()
	switch code {
	case http.StatusInternalServerError:
		// The cause may name files or SQL: it goes to the log, not to the client.
		a.opts.Logf("api: %s %s: %v", r.Method, r.URL.Path, err)
		msg = "internal error; the server log has the cause"
	case http.StatusServiceUnavailable:
		msg = "the request ran out of time (" + a.opts.Timeout.String() + "); narrow it down with filters or a shorter date range"
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="newsgraph"`)
	}
	a.write(w, code, envelope{Error: &errorJSON{Code: name, Message: msg}})
}

// authorized reports whether r carries the ingest token, comparing in constant time (over hashes, so that the
// token's length does not show either).
func (a *API) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(got[:], a.token[:]) == 1
}
