package pubdate

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// TextLine is a date line found at the head of a plain-text article.
type TextLine struct {
	Result
	Start, End int // byte range of the whole line in the text, to be removed from the body
}

// FromText looks for a date line near the top of a plain-text article ("date 2024-12-07",
// "November 22, 2017 | By ...", a dateline such as "MOSCOW, Dec 7 (Reuters) -"). ok is false when none is found.
//
// Only the first headLines non-empty lines are read. A date line is one that is mostly a date: besides the date
// it may hold only words such as "published", "posted on", "updated", "by" and an author's name, "reply",
// weekday names, a time of day and one other word (a place); "The 2015 resolution ..." or "On 7 December 2024 the
// minister said ..." are not date lines. For a date line, Start and End span the whole line with its line break,
// so that text[:Start]+text[End:] removes it.
//
// A dateline that opens a paragraph ("MOSCOW, Dec. 7, 2024 (Reuters) - The minister ...") gives its date with
// Start == End == 0: the dateline is part of the article's text and stays in it. A dateline without a year
// ("MOSCOW, Dec 7 (Reuters) -") is not resolved (ok is false): its year is unknown without a reference date, and
// a guessed year would be wrong for archives.
//
// Numeric dates are read day first (07/12/2024 is 7 December) unless the first number cannot be a month.
func FromText(text string) (line TextLine, ok bool) {
	return fromText(text, time.Now())
}

// headLines is how many non-empty lines at the top of a text FromText reads.
const headLines = 5

// maxDateLine is the longest line, in bytes, that can be a date line.
const maxDateLine = 160

func fromText(text string, now time.Time) (TextLine, bool) {
	seen := 0
	for start := 0; start < len(text) && seen < headLines; {
		end := strings.IndexByte(text[start:], '\n')
		next := len(text)
		if end < 0 {
			end = len(text)
		} else {
			end += start
			next = end + 1
		}
		l := text[start:end]
		if strings.TrimSpace(l) == "" {
			start = next
			continue
		}
		seen++
		if d, ok := dateLine(l, now); ok {
			return TextLine{Result: result(d, "text:line"), Start: start, End: next}, true
		}
		if d, ok := fieldsLine(l, now); ok {
			return TextLine{Result: result(d, "text:fields"), Start: start, End: next}, true
		}
		if d, ok := dateline(l, now); ok {
			return TextLine{Result: result(d, "text:dateline")}, true
		}
		start = next
	}
	return TextLine{}, false
}

// lineWords are the words a date line may hold besides its date (lower case).
var lineWords = setOf(
	// English
	"date", "dated", "published", "publication", "posted", "on", "updated", "last", "modified", "at", "by", "and",
	"reply", "replies", "more", "comment", "comments", "share", "leave", "a", "the", "of", "edited", "created",
	"written", "filed", "first", "originally", "am", "pm", "time", "read", "min", "minutes", "minute",
	"ago", "news", "story", "article",
	// German
	"datum", "veröffentlicht", "veroeffentlicht", "aktualisiert", "erstellt", "am", "um", "uhr", "von", "zuletzt",
	"geändert", "stand", "vom", "erschienen", "kommentare", "kommentar", "antworten", "und",
	// Polish
	"data", "publikacji", "opublikowano", "dodano", "aktualizacja", "zaktualizowano", "przez", "autor", "godz",
	"godzina", "dnia", "w", "o", "r", "komentarze", "komentarz", "odpowiedz",
	// French, Spanish, Italian
	"publié", "le", "par", "mis", "à", "jour", "publicado", "el", "por", "pubblicato", "il", "di", "da",
	// zones and news agencies
	"utc", "gmt", "cet", "cest", "mez", "mesz", "est", "edt", "pst", "pdt", "bst",
	"reuters", "ap", "afp", "dpa", "pap", "ria", "tass", "xinhua", "efe", "ansa", "upi", "bloomberg",
)

// byWords introduce an author's name, whose words a date line may hold.
var byWords = setOf("by", "von", "przez", "autor", "par", "por", "di", "da")

// weekdays are weekday names and abbreviations (English, German, Polish, French, Spanish, Italian), lower case.
var weekdays = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
	"mo", "di", "mi", "do", "fr", "sa", "so",
	"poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela",
	"pon", "wt", "śr", "czw", "pt", "sob", "niedz", "nd",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
	"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")

// fieldSeps separate the fields of a byline ("Agency | World | March 18, 2025").
const fieldSeps = "|•·"

// fieldsLine reports whether l is a byline of short fields separated by '|', '•' or '·', one of which is a date
// line by itself; the other fields are labels of at most four words with no sentence punctuation.
func fieldsLine(l string, now time.Time) (date, bool) {
	if len(strings.TrimSpace(l)) > maxDateLine || !strings.ContainsAny(l, fieldSeps) {
		return date{}, false
	}
	fields := strings.FieldsFunc(l, func(r rune) bool { return strings.ContainsRune(fieldSeps, r) })
	var found date
	n := 0
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if d, ok := dateLine(f, now); ok {
			found, n = d, n+1
			continue
		}
		if len(words(f)) > 4 || strings.ContainsAny(f, ".!?:;\"“”") {
			return date{}, false
		}
	}
	return found, n == 1
}

// dateLine reports whether l is mostly a date, and which.
func dateLine(l string, now time.Time) (date, bool) {
	l = strings.TrimSpace(l)
	if len(l) < 6 || len(l) > maxDateLine {
		return date{}, false
	}
	ds := findDates(l, orderDMY, now)
	if len(ds) == 0 || len(ds) > 2 {
		return date{}, false
	}
	// The words outside the dates.
	var rest strings.Builder
	prev := 0
	for _, d := range ds {
		rest.WriteString(l[prev:d.start])
		rest.WriteByte(' ')
		prev = d.end
	}
	rest.WriteString(l[prev:])
	other, names, byMode := 0, 0, false
	for _, w := range words(rest.String()) {
		lw := strings.ToLower(strings.TrimSuffix(w, "."))
		switch {
		case byWords[lw]:
			byMode = true
		case lineWords[lw] || weekdays[lw]:
		case byMode && names < 4 && startsUpper(w):
			names++
		case isDigits(w) && len(w) <= 2:
			// a count ("3 comments") or the hour of a time the pattern did not take
		default:
			other++
		}
		if other > 1 {
			return date{}, false
		}
	}
	return ds[0], true
}

// rxDateline matches the opening of a news dateline: "MOSCOW, Dec. 7, 2024 (Reuters) -", "BERLIN (dpa), 7. Dezember
// 2024 -": a place in capitals or title case, a comma, the date, an optional agency in parentheses, a dash.
var rxDateline = regexp.MustCompile(`^\s*(\p{Lu}[\p{L}.'’ -]{1,40}?)(?:\s*\(([^)]{1,30})\))?,\s*([^()–—]{6,40}?)\s*(?:\(([^)]{1,30})\))?\s*(?:-|–|—|--|:)\s`)

// dateline reads a dateline that opens l.
func dateline(l string, now time.Time) (date, bool) {
	m := rxDateline.FindStringSubmatchIndex(l)
	if m == nil {
		return date{}, false
	}
	part := l[m[6]:m[7]]
	ds := findDates(part, orderDMY, now)
	if len(ds) != 1 {
		return date{}, false
	}
	// The date must be the whole middle part, but for a weekday.
	for _, w := range words(part[:ds[0].start] + " " + part[ds[0].end:]) {
		if !weekdays[strings.ToLower(strings.TrimSuffix(w, "."))] {
			return date{}, false
		}
	}
	return ds[0], true
}

// words splits s into runs of letters and digits (keeping a trailing period of abbreviations).
func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}
