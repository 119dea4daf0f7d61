package source

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newsgraph"
)

// WARC (ISO 28500, versions 1.0 and 1.1) is read as a stream of records, each a version line, header fields, an
// empty line, a block of exactly Content-Length bytes and two CRLFs. A .warc.gz file is a gzip stream of one or
// more members (usually one per record); stream() has already unwrapped it. Only a record's header and, for the
// records kept, its payload (at most MaxSize) are held in memory.

const (
	maxHeaderLine  = 32 << 10 // longest header line, WARC or HTTP
	maxHeaderBytes = 1 << 20  // largest header block, WARC or HTTP
)

// errMalformed marks content that does not follow the format, as opposed to input that ended or failed.
var errMalformed = errors.New("malformed")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errMalformed, fmt.Sprintf(format, args...))
}

// readWARC delivers one item per response record (status 200, HTML payload) and per HTML resource record; other
// records are skipped. A record whose header is malformed becomes an Err item and reading resumes at the next
// line that starts a record; an input that ends or fails inside a record ends reading with an Err item.
func (r *reader) readWARC(br *bufio.Reader) error {
	var pending []byte        // a version line found while resynchronising
	var httpBuf *bufio.Reader // made for the first HTTP response
	for rec := 1; ; rec++ {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		first := pending
		pending = nil
		if first == nil {
			line, err := nextNonBlankLine(br)
			if err == io.EOF && len(line) == 0 {
				return nil
			}
			if err != nil && !errors.Is(err, errMalformed) && err != io.EOF {
				return r.failAt("record", rec, describeReadErr(err))
			}
			first = line
		}
		h := map[string]string{}
		var herr error
		if !isWARCVersion(first) {
			herr = malformed("not a WARC record: starts with %q", clip(first, 40))
		} else {
			herr = readHeaderFields(br, h)
			if herr == nil {
				if _, err := strconv.ParseUint(h["content-length"], 10, 63); err != nil {
					herr = malformed("missing or bad Content-Length %q", clip([]byte(h["content-length"]), 40))
				}
			}
		}
		if herr != nil {
			if !errors.Is(herr, errMalformed) {
				return r.failAt("record", rec, describeReadErr(herr))
			}
			if err := r.failAt("record", rec, herr); err != nil {
				return err
			}
			v, err := resync(br)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return r.failAt("record", rec+1, describeReadErr(err))
			}
			pending = v
			continue
		}
		length, _ := strconv.ParseInt(h["content-length"], 10, 64)
		blk := &blockReader{r: br, left: length}
		it, keep, perr := r.warcRecord(h, blk, &httpBuf)
		blk.skip()
		if blk.err != nil {
			return r.failAt("record", rec, describeReadErr(blk.err))
		}
		var ferr error
		switch {
		case perr != nil:
			ferr = r.failAt("record", rec, perr)
		case keep:
			it.Origin.Record = rec
			ferr = r.emit(it)
		}
		if ferr != nil {
			return ferr
		}
	}
}

// warcRecord decides whether the record with header h and block blk is an article and reads it. keep is false
// for records that are skipped silently; err reports an article that cannot be read.
func (r *reader) warcRecord(h map[string]string, blk *blockReader, httpBufp **bufio.Reader) (it newsgraph.Item, keep bool, err error) {
	uri := strings.TrimSpace(strings.Trim(strings.TrimSpace(h["warc-target-uri"]), "<>"))
	var (
		media, charset string
		payload        io.Reader
		encoding       string
		chunked        bool
		httpBuf        *bufio.Reader
	)
	switch strings.ToLower(h["warc-type"]) {
	case "response":
		ct := strings.ToLower(h["content-type"])
		lu := strings.ToLower(uri)
		if !strings.Contains(ct, "application/http") && !strings.HasPrefix(lu, "http:") && !strings.HasPrefix(lu, "https:") {
			return it, false, nil // dns:, whois: and other non-HTTP responses
		}
		if *httpBufp == nil {
			*httpBufp = bufio.NewReaderSize(blk, 64<<10)
		}
		httpBuf = *httpBufp
		httpBuf.Reset(blk)
		hh, status, err := readHTTPHeader(httpBuf)
		if err != nil {
			switch {
			case blk.err != nil:
				return it, false, nil // the input ended or failed: readWARC reports it
			case errors.Is(err, errMalformed):
				return it, false, fmt.Errorf("HTTP response: %w", err)
			}
			return it, false, fmt.Errorf("HTTP response: %w: header cut short by the record's end", errMalformed)
		}
		if status != 200 {
			return it, false, nil
		}
		media, charset = parseContentType(hh["content-type"])
		encoding = strings.ToLower(strings.TrimSpace(hh["content-encoding"]))
		chunked = strings.Contains(strings.ToLower(hh["transfer-encoding"]), "chunked")
		payload = httpBuf
	case "resource":
		media, charset = parseContentType(h["content-type"])
		payload = blk
	default:
		return it, false, nil // warcinfo, request, metadata, revisit, conversion, continuation
	}
	declared := media == "text/html" || media == "application/xhtml+xml"
	unknown := media == "" || media == "application/octet-stream" || media == "binary/octet-stream" ||
		media == "unknown/unknown" || media == "text/plain"
	if !declared && !unknown {
		return it, false, nil
	}
	hint := blk.left
	if httpBuf != nil {
		hint += int64(httpBuf.Buffered())
	}
	raw, tooLarge, rerr := readLimited(payload, r.max, min(hint, 4<<20)) // the declared length may be a lie
	switch {
	case rerr != nil:
		return it, false, nil // blk.err says what
	case tooLarge && declared:
		return it, false, fmt.Errorf("HTML payload of more than %d bytes: %w", r.max, newsgraph.ErrTooLarge)
	case tooLarge:
		return it, false, nil
	}
	body := raw
	if chunked {
		body = dechunk(body)
	}
	body, err = decodeContent(body, encoding, r.max)
	if err != nil {
		if declared {
			return it, false, err
		}
		return it, false, nil
	}
	head := body[:min(len(body), sniffLen)]
	switch k := sniff(head, "", len(body) <= sniffLen); {
	case !declared && k != kindHTML:
		return it, false, nil
	case k == kindEmpty:
		return it, false, fmt.Errorf("HTML payload of %s: %w", uri, newsgraph.ErrEmpty)
	case k == kindBinary:
		return it, false, fmt.Errorf("HTML payload of %s: %w", uri, newsgraph.ErrBinary)
	}
	it = newsgraph.Item{
		Origin: newsgraph.Origin{URL: uri},
		Format: newsgraph.FormatHTML,
		Raw:    body,
		Meta:   map[string]string{},
	}
	if u, err := url.Parse(uri); err == nil {
		it.Site = strings.ToLower(u.Hostname())
	}
	if d := strings.TrimSpace(h["warc-date"]); d != "" {
		if t, err := time.Parse(time.RFC3339Nano, d); err == nil {
			it.Meta["captured"] = t.UTC().Format(time.RFC3339)
		} else {
			it.Meta["captured"] = d
		}
	}
	if charset != "" {
		it.Meta["charset"] = charset
	}
	if id := h["warc-record-id"]; id != "" {
		it.Meta["warc_record_id"] = id
	}
	if t := h["warc-truncated"]; t != "" {
		it.Meta["warc_truncated"] = t // the crawler cut the payload short
	}
	return it, true, nil
}

// readHTTPHeader reads an HTTP response's status line and header fields (lowercased names). Interim 1xx
// responses are skipped.
func readHTTPHeader(br *bufio.Reader) (h map[string]string, status int, err error) {
	for range 4 {
		line, err := headerLine(br)
		if err != nil && (len(line) == 0 || err != io.EOF) {
			return nil, 0, err
		}
		f := strings.Fields(string(line))
		if len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
			return nil, 0, malformed("bad status line %q", clip(line, 60))
		}
		status, err = strconv.Atoi(f[1])
		if err != nil || status < 100 || status > 999 {
			return nil, 0, malformed("bad status line %q", clip(line, 60))
		}
		if err != nil {
			return nil, 0, io.ErrUnexpectedEOF
		}
		h = map[string]string{}
		if err := readHeaderFields(br, h); err != nil {
			return nil, 0, err
		}
		if status >= 200 {
			return h, status, nil
		}
	}
	return nil, 0, malformed("too many interim responses")
}

// readHeaderFields reads "Name: value" lines up to an empty line into h (names lowercased; the first of
// repeated fields kept; folded continuation lines joined).
func readHeaderFields(br *bufio.Reader, h map[string]string) error {
	total := 0
	last := ""
	for {
		line, err := headerLine(br)
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF // the header did not end
			}
			return err
		}
		if total += len(line); total > maxHeaderBytes {
			return malformed("header longer than %d bytes", maxHeaderBytes)
		}
		if len(line) == 0 {
			return nil
		}
		if line[0] == ' ' || line[0] == '\t' {
			if last != "" {
				h[last] += " " + strings.TrimSpace(string(line))
			}
			continue
		}
		i := bytes.IndexByte(line, ':')
		if i <= 0 {
			return malformed("header line without a name: %q", clip(line, 60))
		}
		name := strings.ToLower(strings.TrimSpace(string(line[:i])))
		if _, dup := h[name]; dup {
			last = ""
			continue
		}
		h[name] = strings.TrimSpace(string(line[i+1:]))
		last = name
	}
}

// headerLine reads one line without its line ending. The slice is only valid until the next read. A line longer
// than maxHeaderLine is read to its end and reported malformed; a last line without a newline comes with io.EOF
// (which a caller expecting more takes for a truncation).
func headerLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull || len(line) > maxHeaderLine {
		for err == bufio.ErrBufferFull {
			_, err = br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		return nil, malformed("line longer than %d bytes", maxHeaderLine)
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), err
}

// nextNonBlankLine skips empty lines (the CRLFs that end a record) and returns the next line; io.EOF with no
// line at the end of input.
func nextNonBlankLine(br *bufio.Reader) ([]byte, error) {
	for {
		line, err := headerLine(br)
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil // a last line without newline is judged by the caller, reading on finds the end
		}
		if err != nil {
			return nil, err
		}
	}
}

// resync skips lines up to the next one that starts a WARC record, and returns a copy of it.
func resync(br *bufio.Reader) ([]byte, error) {
	for {
		line, err := headerLine(br)
		switch {
		case errors.Is(err, errMalformed):
			continue
		case err != nil:
			return nil, err
		case isWARCVersion(line):
			return bytes.Clone(line), nil
		}
	}
}

// isWARCVersion reports whether line is a WARC version line ("WARC/1.0", "WARC/1.1", also the older "WARC/0.18").
func isWARCVersion(line []byte) bool {
	return len(line) > 5 && bytes.HasPrefix(line, []byte("WARC/")) && isDigit(line[5])
}

// blockReader reads a record's block: exactly left bytes of r. Its err is the first failure of r, with an input
// that ends too early reported as io.ErrUnexpectedEOF.
type blockReader struct {
	r    *bufio.Reader
	left int64
	err  error
}

func (b *blockReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		b.err = err
	}
	return n, err
}

// skip discards what is left of the block.
func (b *blockReader) skip() {
	for b.left > 0 && b.err == nil {
		n, err := b.r.Discard(int(min(b.left, 1<<20)))
		b.left -= int64(n)
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		b.err = err
	}
}

// parseContentType returns the lowercased media type and charset of a Content-Type value.
func parseContentType(ct string) (media, charset string) {
	parts := strings.Split(ct, ";")
	media = strings.ToLower(strings.TrimSpace(parts[0]))
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			charset = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`))
		}
	}
	return media, charset
}

// dechunk decodes an HTTP/1.1 chunked body. A body that does not start like one (crawlers often store the
// decoded payload but keep the header) is returned as is; a chunked body cut short yields the chunks read.
func dechunk(b []byte) []byte {
	var out []byte
	rest := b
	for first := true; ; first = false {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 || i > 100 {
			if first {
				return b
			}
			break
		}
		sizeField, _, _ := bytes.Cut(bytes.TrimSpace(rest[:i]), []byte(";"))
		size, err := strconv.ParseUint(string(bytes.TrimSpace(sizeField)), 16, 63)
		if err != nil {
			if first {
				return b
			}
			break
		}
		rest = rest[i+1:]
		if size == 0 {
			break
		}
		if size > uint64(len(rest)) {
			out = append(out, rest...)
			break
		}
		out = append(out, rest[:size]...)
		rest = rest[size:]
		rest = bytes.TrimPrefix(bytes.TrimPrefix(rest, []byte("\r")), []byte("\n"))
	}
	if out == nil {
		return b[:0]
	}
	return out
}

// decodeContent undoes an HTTP Content-Encoding, producing at most max bytes. A body that is evidently not
// encoded as declared (crawlers often store it decoded) is returned as is.
func decodeContent(b []byte, encoding string, max int64) ([]byte, error) {
	var zr io.Reader
	switch encoding {
	case "", "identity", "none":
		return b, nil
	case "gzip", "x-gzip":
		if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			return b, nil
		}
		gr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding gzip: %w", err)
		}
		zr = gr
	case "deflate":
		if zl, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			zr = zl
		} else {
			zr = flate.NewReader(bytes.NewReader(b))
		}
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", encoding)
	}
	out, tooLarge, err := readLimited(zr, max, -1)
	switch {
	case tooLarge:
		return nil, fmt.Errorf("decoded HTML payload of more than %d bytes: %w", max, newsgraph.ErrTooLarge)
	case err != nil && errors.Is(err, io.ErrUnexpectedEOF) && len(out) > 0:
		return out, nil // cut short, as crawlers do at their size limit: keep what there is
	case err != nil && encoding == "deflate" && !looksBinary(b[:min(len(b), sniffLen)]):
		return b, nil
	case err != nil:
		return nil, fmt.Errorf("Content-Encoding %s: %w", encoding, err)
	}
	return out, nil
}

// clip shortens b for a message.
func clip(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
