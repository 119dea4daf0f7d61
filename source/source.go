// Package source reads the inputs newsgraph is given (files, directories, standard input) and turns them into
// newsgraph.Items: plain-text and HTML files, JSON Lines, RSS 2.0 / RSS 1.0 / Atom feeds and WARC crawls, each
// possibly gzip-compressed. The format is sniffed from the content, with the file extension as a hint.
//
// Readers never stop at a bad record: a record that cannot be read becomes an Item with Err set, naming the file
// and line or record, and reading goes on with the next one. Only an input that cannot be read at all (it does
// not open, or the operating system fails a read) makes Read return an error.
//
// Item.Meta keys set by the readers (besides a JSONL line's own unknown fields, which they override):
//
//	published_raw        a publication date that could not be parsed, as given (JSONL, feeds)
//	published_precision  "day" when the given date had no time of day (JSONL, feeds)
//	warning              what was wrong with a field that did not fail the article
//	categories           a feed entry's categories, as a JSON array of strings
//	guid                 a feed entry's GUID or Atom id
//	captured             a WARC record's capture time, RFC 3339 (not the publication date)
//	charset              the charset named by a WARC response's Content-Type
//	warc_record_id       the WARC-Record-ID of the record read
//	warc_truncated       the WARC-Truncated reason, when the crawler cut the payload short
//	transcoded_from      "UTF-16" when the input had a UTF-16 byte order mark and was converted to UTF-8
package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"newsgraph"
)

// defaultMaxSize is Options.MaxSize's zero value meaning.
const defaultMaxSize = 64 << 20

// feedSizeFactor bounds a feed document as a whole: gofeed parses a feed in memory, so a feed may be up to
// feedSizeFactor × MaxSize bytes (each of its items still at most MaxSize).
const feedSizeFactor = 16

// sniffLen is how much of an input's start is inspected to choose its format.
const sniffLen = 8 << 10

// maxNesting bounds how many wrappers (gzip, UTF-16) are removed before the content itself must show up.
const maxNesting = 3

// Options controls reading. Zero value: MaxSize 64 MiB per article, all formats sniffed.
type Options struct {
	// MaxSize is the largest single article (file, JSONL line, feed item, WARC record payload) accepted; 0 = 64 MiB.
	// A larger article becomes an Item whose Err wraps newsgraph.ErrTooLarge; it is never read into memory whole.
	// A feed document as a whole may be up to 16 × MaxSize, since feeds are parsed in memory.
	MaxSize int64
}

func (o Options) maxSize() int64 {
	if o.MaxSize <= 0 {
		return defaultMaxSize
	}
	return o.MaxSize
}

// Input is one file to read (or "-" for stdin), as found by Plan.
type Input struct {
	Path string // the path as given or as found under a directory given; "-" for standard input
	Size int64  // size in bytes when Plan saw a regular file; 0 for standard input or when unknown
}

// Read reads one input and calls fn for every Item in it, in order. The format is chosen by content as well as
// by extension (sniff: gzip magic -> gunzip then sniff again; "WARC/1." -> WARC; '<?xml'/'<rss'/'<feed'/'<rdf:RDF' -> feed;
// '<!doctype html'/'<html'/'<head'/'<body'/... -> HTML; every non-empty line a JSON object -> JSONL; else text).
// Bad records become Items with Err set (naming path and line/record), and reading goes on with the next record.
// Read returns an error only when the input cannot be read at all (it still calls fn with an Err item first so the
// failure is recorded). fn returning an error stops reading and that error is returned.
//
// Standard input (Path "-") is read from stdin; a nil stdin is an error. A canceled ctx stops reading between
// records and ctx.Err() is returned.
func Read(ctx context.Context, in Input, stdin io.Reader, opts Options, fn func(newsgraph.Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &reader{ctx: ctx, path: in.Path, max: opts.maxSize(), fn: fn}
	if in.Path == "-" {
		if stdin == nil {
			return r.fatal(errors.New("no standard input"))
		}
		return r.run(stdin, -1)
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return r.fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return r.fatal(err)
	}
	if st.IsDir() {
		return r.fatal(errors.New("is a directory"))
	}
	size := int64(-1)
	if st.Mode().IsRegular() {
		size = st.Size()
	}
	return r.run(f, size)
}

// reader is the state of one Read.
type reader struct {
	ctx  context.Context
	path string
	max  int64
	fn   func(newsgraph.Item) error

	// transcoded names the encoding the input was converted from to UTF-8 ("" when none).
	transcoded string
}

// run reads src, whose size is known when size >= 0. It returns fn's or ctx's error, or the operating system's
// read error after reporting it as an Err item.
func (r *reader) run(src io.Reader, size int64) error {
	t := &trackingReader{r: src}
	if err := r.stream(t, size, 0); err != nil {
		return err
	}
	if t.err != nil {
		return fmt.Errorf("read %s: %w", r.path, t.err)
	}
	return nil
}

// fatal reports an input that cannot be read at all, and returns the error for Read to return.
func (r *reader) fatal(err error) error {
	err = fmt.Errorf("read %s: %w", r.path, err)
	if ferr := r.emit(newsgraph.Item{Err: err}); ferr != nil {
		return ferr
	}
	return err
}

// emit completes it with the origin fields every item carries and hands it to fn.
func (r *reader) emit(it newsgraph.Item) error {
	it.Origin.Path = r.path
	it.Origin.ReadAt = time.Now()
	if r.transcoded != "" && it.Err == nil {
		if it.Meta == nil {
			it.Meta = map[string]string{}
		}
		it.Meta["transcoded_from"] = r.transcoded
	}
	return r.fn(it)
}

// fail emits an Err item for the whole input.
func (r *reader) fail(err error) error {
	return r.emit(newsgraph.Item{Err: fmt.Errorf("read %s: %w", r.path, err)})
}

// failAt emits an Err item for one record; unit is "line", "item" or "record".
func (r *reader) failAt(unit string, n int, err error) error {
	return r.emit(newsgraph.Item{
		Origin: newsgraph.Origin{Record: n},
		Err:    fmt.Errorf("read %s %s %d: %w", r.path, unit, n, err),
	})
}

// stream sniffs src and dispatches it to the reader for its format. depth counts the wrappers already removed.
func (r *reader) stream(src io.Reader, size int64, depth int) error {
	br := bufio.NewReaderSize(src, 64<<10)
	head, perr := br.Peek(sniffLen)
	complete := perr == io.EOF
	if len(head) == 0 && perr != nil && perr != io.EOF {
		return r.fail(describeReadErr(perr))
	}
	ext := extHint(r.path)
	k := sniff(head, ext, complete)
	if depth >= maxNesting && (k == kindGzip || k == kindUTF16) {
		k = kindBinary
	}
	if size > r.max && (k == kindText || k == kindHTML || k == kindBinary) {
		// Whole-file formats are read into memory: refuse before reading (and before judging the rest of it).
		return r.fail(fmt.Errorf("%d bytes, more than %d: %w", size, r.max, newsgraph.ErrTooLarge))
	}
	switch k {
	case kindGzip:
		zr, err := newGzipReader(br)
		if err != nil {
			return r.fail(fmt.Errorf("gzip: %w", describeReadErr(err)))
		}
		return r.stream(zr, -1, depth+1)
	case kindUTF16:
		r.transcoded = "UTF-16"
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return r.stream(transform.NewReader(br, dec), -1, depth+1)
	case kindEmpty:
		return r.fail(newsgraph.ErrEmpty)
	case kindBinary:
		return r.fail(newsgraph.ErrBinary)
	case kindWARC:
		return r.readWARC(br)
	case kindJSONL:
		return r.readJSONL(br)
	case kindFeed:
		return r.readFeed(br, size)
	case kindHTML:
		return r.readWhole(br, size, newsgraph.FormatHTML)
	default:
		return r.readWhole(br, size, newsgraph.FormatText)
	}
}

// readWhole delivers the whole input as one item.
func (r *reader) readWhole(src io.Reader, size int64, format newsgraph.Format) error {
	if size > r.max {
		return r.fail(fmt.Errorf("%d bytes, more than %d: %w", size, r.max, newsgraph.ErrTooLarge))
	}
	data, tooLarge, err := readLimited(src, r.max, size)
	switch {
	case tooLarge:
		return r.fail(fmt.Errorf("more than %d bytes: %w", r.max, newsgraph.ErrTooLarge))
	case err != nil:
		return r.emit(newsgraph.Item{Format: format, Raw: data, Err: fmt.Errorf("read %s: %w", r.path, describeReadErr(err))})
	case len(bytes.TrimSpace(data)) == 0:
		return r.fail(newsgraph.ErrEmpty)
	}
	return r.emit(newsgraph.Item{Format: format, Raw: data})
}

// readLimited reads src to its end, up to max bytes; tooLarge reports that there was more. sizeHint (when >= 0)
// sizes the buffer.
func readLimited(src io.Reader, max, sizeHint int64) (data []byte, tooLarge bool, err error) {
	hint := int64(64 << 10)
	if sizeHint >= 0 && sizeHint <= max {
		hint = sizeHint + bytes.MinRead
	}
	buf := bytes.NewBuffer(make([]byte, 0, hint))
	_, err = buf.ReadFrom(io.LimitReader(src, max+1))
	if int64(buf.Len()) > max {
		return nil, true, nil
	}
	return buf.Bytes(), false, err
}

// describeReadErr turns a premature end of input into a "truncated" error (still matching io.ErrUnexpectedEOF).
func describeReadErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return fmt.Errorf("truncated: %w", io.ErrUnexpectedEOF)
	}
	return err
}

// trackingReader remembers the first error other than io.EOF that its reader returned: the operating system
// failing a read, as opposed to content that is malformed.
type trackingReader struct {
	r   io.Reader
	err error
}

func (t *trackingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}

// extHint returns the lowercased extension of path that says what its content is, looking through ".gz".
func extHint(path string) string {
	base := strings.ToLower(filepath.Base(path))
	for {
		ext := filepath.Ext(base)
		if ext != ".gz" && ext != ".gzip" {
			return ext
		}
		base = strings.TrimSuffix(base, ext)
	}
}
