package api

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"newsgraph/query"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxParam is the longest parameter value accepted, in bytes.
const maxParam = 1000

// maxOffset bounds how deep a list may be paged: deeper pages cost the store a scan of everything before them.
const maxOffset = 10000

// params reads a request's query parameters, each at most once, and collects every problem, so that one reply
// names all of them.
type params struct {
	v    url.Values
	errs []error
}

// parse reads r's query parameters; names lists those the endpoint takes: any other is an error, as is a name
// given twice or a value that is too long or not UTF-8.
func parse(r *http.Request, names ...string) *params {
	p := &params{}
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("query string: %v", err))
	}
	p.v = v
	for _, k := range slices.Sorted(maps.Keys(v)) {
		switch {
		case !slices.Contains(names, k):
			if len(names) == 0 {
				p.errs = append(p.errs, fmt.Errorf("unknown parameter %q: this endpoint takes none", clip(k)))
			} else {
				p.errs = append(p.errs, fmt.Errorf("unknown parameter %q: this endpoint takes %s", clip(k), strings.Join(names, ", ")))
			}
		case len(v[k]) > 1:
			p.errs = append(p.errs, fmt.Errorf("parameter %s given %d times", k, len(v[k])))
		case len(v[k][0]) > maxParam:
			p.errs = append(p.errs, fmt.Errorf("parameter %s: longer than %d bytes", k, maxParam))
		case !utf8.ValidString(v[k][0]):
			p.errs = append(p.errs, fmt.Errorf("parameter %s: not valid UTF-8", k))
		case strings.ContainsRune(v[k][0], 0):
			p.errs = append(p.errs, fmt.Errorf("parameter %s: holds a NUL byte", k))
		}
	}
	return p
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

func (p *params) bad(format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
}

// err returns the problems found, as one errBadParam error; nil when there are none.
func (p *params) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w", errors.Join(p.errs...), errBadParam)
}

// str returns the parameter's value, trimmed; "" when absent.
func (p *params) str(name string) string {
	return strings.TrimSpace(p.v.Get(name))
}

// int returns the parameter as an integer in [lo, hi]; def when absent.
func (p *params) int(name string, def, lo, hi int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.bad("parameter %s=%q: want a whole number from %d to %d", name, clip(s), lo, hi)
		return def
	}
	return n
}

// page reads limit (1 to 100, default def) and offset (0 to maxOffset).
func (p *params) page(def int) (limit, offset int) {
	return p.int("limit", def, 1, 100), p.int("offset", 0, 0, maxOffset)
}

// bool reads a parameter that is true, false, 1 or 0; def when absent.
func (p *params) bool(name string, def bool) bool {
	switch strings.ToLower(p.str(name)) {
	case "":
		return def
	case "1", "true", "yes":
		return true
	case "0", "false", "no":
		return false
	}
	p.bad("parameter %s=%q: want true or false", name, clip(p.str(name)))
	return def
}

// enum reads a parameter that must be one of allowed ("" when absent).
func (p *params) enum(name string, allowed ...string) string {
	s := p.str(name)
	if s != "" && !slices.Contains(allowed, s) {
		p.bad("parameter %s=%q: want one of %s", name, clip(s), strings.Join(allowed, ", "))
		return ""
	}
	return s
}

// dates reads from and to: YYYY-MM-DD, YYYY-MM or YYYY, a month or year standing for its first day in from and
// its last day in to. From after to is an error.
func (p *params) dates() (from, to time.Time) {
	from, to = p.date("from", false), p.date("to", true)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		p.bad("parameters from=%s and to=%s: from is after to", p.str("from"), p.str("to"))
	}
	return from, to
}

func (p *params) date(name string, end bool) time.Time {
	s := p.str(name)
	if s == "" {
		return time.Time{}
	}
	t, ok := query.DateBound(s, end)
	if !ok {
		p.bad("parameter %s=%q: want a date YYYY-MM-DD, a month YYYY-MM or a year YYYY", name, clip(s))
	}
	return t
}
