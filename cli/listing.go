package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// parseNone parses args, which hold flags only (flags.parse): a positional argument is a usage error, with
// hint (none when "") in parentheses after it to say what to use instead.
func (f *flags) parseNone(args []string, hint string) error {
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return nil
	}
	if hint != "" {
		return fmt.Errorf("unexpected argument %q (%s): %w", pos[0], hint, errUsage)
	}
	return fmt.Errorf("unexpected argument %q: %w", pos[0], errUsage)
}

// dateRange is a command's --from and --to flags: a date each (YYYY-MM-DD, YYYY-MM or YYYY), "" for none.
type dateRange struct{ from, to *string }

// dateFlags adds --from and --to to f with these help texts.
func (f *flags) dateFlags(fromHelp, toHelp string) dateRange {
	return dateRange{f.String("from", "", fromHelp), f.String("to", "", toHelp)}
}

// parse returns the first day of --from and the last day of --to (parseDate); a zero time for a flag left "".
func (d dateRange) parse() (from, to time.Time, err error) {
	if from, err = parseDate(*d.from, "from", false); err != nil {
		return time.Time{}, time.Time{}, err
	}
	if to, err = parseDate(*d.to, "to", true); err != nil {
		return time.Time{}, time.Time{}, err
	}
	return from, to, nil
}

// jsonEncoder returns an encoder that writes one JSON object per line to w, with <, > and & left as they are.
func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// writeJSONLines writes conv of each item to w with jsonEncoder.
func writeJSONLines[T, J any](w io.Writer, items []T, conv func(T) J) error {
	enc := jsonEncoder(w)
	for _, it := range items {
		if err := enc.Encode(conv(it)); err != nil {
			return err
		}
	}
	return nil
}

// listPages lists up to limit items (0: all) page by page: fetch gets pages of at most size items from offset
// and returns them with the total it has; each is called on every item in order. It returns how many items
// were listed and the last total fetch reported.
func listPages[T any](limit, size int, fetch func(limit, offset int) ([]T, int, error), each func(T) error) (listed, total int, err error) {
	for {
		n := size
		if limit > 0 {
			n = min(n, limit-listed)
		}
		list, t, err := fetch(n, listed)
		if err != nil {
			return listed, total, err
		}
		total = t
		for _, it := range list {
			if err := each(it); err != nil {
				return listed, total, err
			}
		}
		listed += len(list)
		if len(list) == 0 || listed >= total || (limit > 0 && listed >= limit) {
			return listed, total, nil
		}
	}
}

// countLine is the first line of a listing: how many things (noun, plural) match and which of them follow,
// numbered from 1: "no events", "12 events", "120 events; showing 21-40".
func countLine(total, shown, offset int, noun string) string {
	switch {
	case total == 0 && shown == 0:
		return "no " + noun
	case offset == 0 && shown == total:
		return fmt.Sprintf("%d %s", total, noun)
	case shown == 0:
		return fmt.Sprintf("%d %s; none from %d", total, noun, offset+1)
	}
	return fmt.Sprintf("%d %s; showing %d-%d", total, noun, offset+1, offset+shown)
}
