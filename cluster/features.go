package cluster

import (
	"newsgraph/internal/hashmix"

	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature kinds, mixed into feature hashes so that the word "may" and the month never collide by accident.
const (
	kindTerm   byte = 't'
	kindName   byte = 'n'
	kindNumber byte = 'd'
	kindEntity byte = 'e'
	kindQuote  byte = 'q'
	kindShing  byte = 's'
)

// Fact kinds: facts are numbers that tell two happenings of one kind apart when they differ (the year, a
// magnitude or other decimal, an age).
const (
	factYear    byte = 'y'
	factDecimal byte = 'f'
	factAge     byte = 'a'
)

// factOf returns the fact a number token states, if any.
func factOf(num string) (uint64, bool) {
	switch {
	case len(num) == 4 && (strings.HasPrefix(num, "19") || strings.HasPrefix(num, "20")) && allDigits(num):
		return hash64(factYear, num), true
	case strings.HasSuffix(strings.ToLower(num), "-year-old"):
		return hash64(factAge, strings.ToLower(num)), true
	case strings.Contains(num, ".") && allDigits(strings.Replace(num, ".", "", 1)):
		return hash64(factDecimal, num), true
	}
	return 0, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// hash64 is FNV-1a over kind and s, finished with a splitmix64 mix: stable across runs and platforms.
func hash64(kind byte, s string) uint64 {
	h := uint64(hashmix.Offset)
	h ^= uint64(kind)
	h *= hashmix.Prime
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= hashmix.Prime
	}
	return hashmix.Finalize(h)&^0xff | uint64(kind)
}

// kindOf returns the kind a feature hash was made with.
func kindOf(h uint64) byte { return byte(h) }

// token is one word or number of a text, by byte offsets.
type token struct {
	start, end int
	sent       int  // sentence number
	initial    bool // first word of its sentence
	quoted     bool // inside quotation marks
}

// tokenize splits text into words and numbers and numbers the sentences. A word is a run of letters and digits,
// with inner hyphens and apostrophes ("Al-Assad", "didn't") and inner dots and commas between digits ("1,200",
// "3.5"). A sentence ends after '.', '!' or '?' followed by a space, and at every line break. Quotation marks
// (straight, curly, and the “ ” of tokenised corpora) open and close quoted stretches.
func tokenize(text string) []token {
	var toks []token
	sent, quoted, newSent := 0, false, true
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWord(r):
			start := i
			i += n
			for i < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[i:])
				if isWord(r2) {
					i += n2
					continue
				}
				if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' || r2 == ',' {
					next, n3 := utf8.DecodeRuneInString(text[i+n2:])
					prev, _ := utf8.DecodeLastRuneInString(text[:i])
					if n3 > 0 && isWord(next) {
						digits := unicode.IsDigit(prev) && unicode.IsDigit(next)
						if (r2 == '.' || r2 == ',') && !digits {
							break
						}
						i += n2 + n3
						continue
					}
				}
				break
			}
			if newSent && len(toks) > 0 && toks[len(toks)-1].sent == sent {
				sent++
			}
			toks = append(toks, token{start: start, end: i, sent: sent, initial: newSent, quoted: quoted})
			newSent = false
			continue
		case r == '\n':
			newSent = true
		case r == '.' || r == '!' || r == '?':
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if i+n >= len(text) || unicode.IsSpace(next) || next == '"' || next == '”' || next == '\'' {
				newSent = true
			}
		case r == '“':
			quoted = true
		case r == '”':
			quoted = false
		case r == '"':
			quoted = !quoted
		case r == '`' && strings.HasPrefix(text[i:], "``"):
			quoted = true
			n = 2
		case r == '\'' && strings.HasPrefix(text[i:], "''"):
			quoted = false
			n = 2
		}
		i += n
	}
	return toks
}

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been
	before being below between both but by can could did do does doing down during each few for from further had has
	have having he her here hers herself him himself his how i if in into is it its itself just me more most my
	myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such
	than that the their theirs them themselves then there these they this those through to too under until up very
	was we were what when where which while who whom why will with would you your yours yourself yourselves said says
	say told according one two three four five six seven eight nine ten first last new also may might must shall
	like well get got go going went make made many much even still back since yet however told year years time
	today yesterday tomorrow week month day days monday tuesday wednesday thursday friday saturday sunday mr mrs ms
	dr n't 's s t http https www com html htm org net january february march april june july august september
	october november december jan feb mar apr jun jul aug sep sept oct nov dec`) {
		m[w] = true
	}
	return m
}()

// stem is a light suffix stripper so that "arrests", "arrested" and "arresting" meet; it need not give words.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "ses"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// sentSkel is what a rewrite keeps of one sentence: its length in words and its anchors (names and numbers).
type sentSkel struct {
	Words   int
	Anchors []uint64 // sorted, unique
}

// analysis holds the features of one document.
type analysis struct {
	shingles []uint64          // hashed word shingles, sorted unique
	terms    map[uint64]int    // stemmed key words, names and numbers (or entity IDs) -> count
	display  map[uint64]string // feature -> how to show it in a label
	sents    []sentSkel        // sentences with at least one word
	anchors  []uint64          // all names, numbers and quoted trigrams, sorted unique
	facts    []uint64          // years, decimals and ages (factOf), sorted unique
	actors   []uint64          // the main actor's entity hash (Doc.Actors[0]); empty when none
	ents     []uint64          // entity hashes of Doc.Entities and Doc.Actors, sorted unique
	dates    uint32            // months and weekdays named in the text (bits of dateWords)
	words    int
}

// analyse extracts the features of d. Shingles and sentence skeletons come from the text alone; the title adds
// to the terms. When d.Entities is given, entity IDs replace capitalised words as the names of the terms
// (capitalised words still anchor the sentence skeletons, which need positions).
func analyse(d Doc, shingle int) analysis { return analyseWith(d, shingle, false) }

// analyseWith is analyse; with wordNames, capitalised words stay names beside the entity IDs (whose weight
// Options.EntityWeight sets, zero leaving them out of the vectors).
func analyseWith(d Doc, shingle int, wordNames bool) analysis {
	a := analysis{terms: map[uint64]int{}, display: map[uint64]string{}}
	toks := tokenize(d.Text)
	a.words = len(toks)

	// Shingles over lower-cased words.
	lower := make([]string, len(toks))
	for i, t := range toks {
		lower[i] = strings.ToLower(d.Text[t.start:t.end])
	}
	if len(lower) > 0 {
		k := min(shingle, len(lower))
		for i := 0; i+k <= len(lower); i++ {
			a.shingles = append(a.shingles, hash64(kindShing, strings.Join(lower[i:i+k], " ")))
		}
		slices.Sort(a.shingles)
		a.shingles = slices.Compact(a.shingles)
	}

	// Words capitalised somewhere other than at a sentence start are names wherever they occur capitalised.
	capMid := map[string]bool{}
	for i, t := range toks {
		w := d.Text[t.start:t.end]
		if !t.initial && isCapitalised(w) && !stopwords[lower[i]] {
			capMid[lower[i]] = true
		}
	}
	isName := func(i int) bool {
		w := d.Text[toks[i].start:toks[i].end]
		if !isCapitalised(w) || stopwords[lower[i]] || hasDigit(w) {
			return false
		}
		return !toks[i].initial || capMid[lower[i]]
	}
	useEntities := len(d.Entities) > 0
	wordsAsNames := !useEntities || wordNames
	add := func(kind byte, key, show string, n int) uint64 {
		h := hash64(kind, key)
		a.terms[h] += n
		if _, ok := a.display[h]; !ok {
			a.display[h] = show
		}
		return h
	}
	if useEntities {
		ids := make([]string, 0, len(d.Entities))
		for id := range d.Entities {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			show := d.Names[id]
			if show == "" {
				show = id
			}
			add(kindEntity, id, show, max(d.Entities[id], 1))
		}
	}

	for id := range d.Entities {
		a.ents = append(a.ents, hash64(kindEntity, id))
	}
	if len(d.Actors) > 0 {
		h := hash64(kindEntity, d.Actors[0])
		a.actors = []uint64{h}
		a.ents = append(a.ents, h)
	}
	slices.Sort(a.ents)
	a.ents = slices.Compact(a.ents)

	var anchors []uint64
	sentAnchors := map[int][]uint64{}
	sentWords := map[int]int{}
	var quoteWords []string
	flushQuote := func() {
		for i := 0; i+3 <= len(quoteWords); i++ {
			anchors = append(anchors, hash64(kindQuote, strings.Join(quoteWords[i:i+3], " ")))
		}
		quoteWords = quoteWords[:0]
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		sentWords[t.sent]++
		if t.quoted {
			quoteWords = append(quoteWords, lower[i])
		} else if len(quoteWords) > 0 {
			flushQuote()
		}
		w := d.Text[t.start:t.end]
		if bit, ok := dateWords[lower[i]]; ok && isCapitalised(w) {
			a.dates |= bit
		}
		switch {
		case hasDigit(w):
			num := strings.ReplaceAll(w, ",", "")
			h := hash64(kindNumber, num)
			add(kindNumber, num, num, 1)
			sentAnchors[t.sent] = append(sentAnchors[t.sent], h)
			if f, ok := factOf(num); ok {
				a.facts = append(a.facts, f)
			}
		case isName(i):
			// Display a name word as the whole run of capitalised words it belongs to ("Betty Ford Center").
			j, k := i, i+1
			for j > 0 && toks[j-1].sent == t.sent && isName(j-1) {
				j--
			}
			for k < len(toks) && toks[k].sent == t.sent && isName(k) {
				k++
			}
			h := hash64(kindName, lower[i])
			if wordsAsNames {
				add(kindName, lower[i], d.Text[toks[j].start:toks[k-1].end], 1)
			}
			sentAnchors[t.sent] = append(sentAnchors[t.sent], h)
		case !stopwords[lower[i]] && utf8.RuneCountInString(lower[i]) > 2:
			add(kindTerm, stem(lower[i]), lower[i], 1)
		}
	}
	flushQuote()
	if d.Title != "" {
		for _, t := range tokenize(d.Title) {
			w := d.Title[t.start:t.end]
			lw := strings.ToLower(w)
			switch {
			case hasDigit(w):
				add(kindNumber, strings.ReplaceAll(w, ",", ""), w, 1)
			case isCapitalised(w) && capMid[lw] && wordsAsNames:
				add(kindName, lw, w, 1)
			case !stopwords[lw] && utf8.RuneCountInString(lw) > 2:
				add(kindTerm, stem(lw), lw, 1)
			}
		}
	}
	nsent := 0
	if len(toks) > 0 {
		nsent = toks[len(toks)-1].sent + 1
	}
	for s := 0; s < nsent; s++ {
		if sentWords[s] == 0 {
			continue
		}
		an := sentAnchors[s]
		slices.Sort(an)
		an = slices.Compact(an)
		anchors = append(anchors, an...)
		a.sents = append(a.sents, sentSkel{Words: sentWords[s], Anchors: an})
	}
	slices.Sort(anchors)
	a.anchors = slices.Compact(anchors)
	slices.Sort(a.facts)
	a.facts = slices.Compact(a.facts)
	return a
}
