package apitest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"newsgraph"
)

// GenOptions shape a generated corpus. The zero value makes 1000 documents from 2019 to 2024 with seed 1.
type GenOptions struct {
	Docs       int       // documents; 0 means 1000
	Seed       uint64    // the same seed makes the same corpus
	From, To   time.Time // publication dates, uniformly spread; zero means 2019-01-01 to 2024-12-31
	Actors     int       // people, countries and organisations to draw from; 0 means 600
	Vocabulary int       // distinct filler words; 0 means 5000
}

// World is the generated cast of actors, most prominent first (actors are drawn with a Zipf law, so a few
// appear in many documents, as leaders and great powers do).
type World struct {
	Actors []newsgraph.Entity
	Places []newsgraph.Entity
	Words  []string
}

var syllables = strings.Fields("ka ro mi sel van dor ta lin bre os ur fa zen mar el quo vi ash tor ne pa lu gri dan ser ov ek ia bel ha rin sto ves mo")

func word(r *rand.Rand, min, max int) string {
	n := min + r.IntN(max-min+1)
	var b strings.Builder
	for range n {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	return b.String()
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// NewWorld makes the actors, places and words of a corpus.
func NewWorld(o GenOptions) *World {
	o = o.defaults()
	r := rand.New(rand.NewPCG(o.Seed, 0x6e657773))
	w := &World{}
	seen := map[string]bool{}
	unique := func(f func() string) string {
		for {
			s := f()
			if !seen[s] {
				seen[s] = true
				return s
			}
		}
	}
	countries := max(10, o.Actors/6)
	var codes []string
	for i := range countries {
		name := unique(func() string { return title(word(r, 2, 3)) + []string{"ia", "land", "stan", "ora", ""}[r.IntN(5)] })
		code := strings.ToUpper(fmt.Sprintf("%.2s%c", strings.ToUpper(name), 'A'+byte(i%26)))
		codes = append(codes, code)
		w.Actors = append(w.Actors, newsgraph.Entity{ID: fmt.Sprintf("g-c%03d", i), Name: name, Label: newsgraph.LabelLOC, Kind: "country", CAMEO: code, Known: true})
	}
	for range o.Actors - countries {
		i := r.IntN(len(codes))
		country := w.Actors[i]
		if r.IntN(4) == 0 {
			name := unique(func() string {
				return title(word(r, 2, 3)) + " " + []string{"Front", "Council", "Movement", "Union", "Brigades"}[r.IntN(5)]
			})
			w.Actors = append(w.Actors, newsgraph.Entity{ID: "g-" + strings.ToLower(strings.ReplaceAll(name, " ", "-")), Name: name, Label: newsgraph.LabelORG,
				Kind: "group", Country: country.ID, CAMEO: codes[i] + "REB", Known: r.IntN(2) == 0})
			continue
		}
		name := unique(func() string { return title(word(r, 1, 2)) + " " + title(word(r, 2, 3)) })
		roles := []newsgraph.Role{}
		if r.IntN(2) == 0 {
			from := 2000 + r.IntN(22)
			role := []string{"head-of-state", "head-of-government", "foreign-minister", "defence-minister"}[r.IntN(4)]
			rl := newsgraph.Role{Role: role, Title: strings.ReplaceAll(title(role), "-", " "), Of: country.ID, From: fmt.Sprintf("%d-%02d-01", from, 1+r.IntN(12))}
			if r.IntN(3) == 0 {
				rl.To = fmt.Sprintf("%d-12-31", from+1+r.IntN(6))
			}
			roles = append(roles, rl)
		}
		w.Actors = append(w.Actors, newsgraph.Entity{ID: "g-" + strings.ToLower(strings.ReplaceAll(name, " ", "-")), Name: name, Label: newsgraph.LabelPER,
			Kind: "person", Country: country.ID, CAMEO: codes[i] + "GOV", Roles: roles, Known: r.IntN(3) > 0})
	}
	// Shuffle so that prominence does not follow the kind.
	r.Shuffle(len(w.Actors), func(i, j int) { w.Actors[i], w.Actors[j] = w.Actors[j], w.Actors[i] })
	for range max(20, o.Actors/10) {
		name := unique(func() string { return title(word(r, 2, 3)) + []string{"", " City", "grad", "port"}[r.IntN(4)] })
		w.Places = append(w.Places, newsgraph.Entity{ID: "g-" + strings.ToLower(strings.ReplaceAll(name, " ", "-")), Name: name, Label: newsgraph.LabelLOC, Kind: "city", Known: true})
	}
	for range o.Vocabulary {
		w.Words = append(w.Words, unique(func() string { return word(r, 2, 4) }))
	}
	return w
}

func (o GenOptions) defaults() GenOptions {
	if o.Docs <= 0 {
		o.Docs = 1000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.From.IsZero() {
		o.From = day("2019-01-01")
	}
	if o.To.IsZero() || !o.To.After(o.From) {
		o.To = day("2024-12-31")
	}
	if o.Actors <= 0 {
		o.Actors = 600
	}
	if o.Vocabulary <= 0 {
		o.Vocabulary = 5000
	}
	return o
}

var sites = []string{"Wire Service", "Daily Ledger", "Evening Post", "Coastal Wire", "Capital Times", "Frontier News", "Global Desk",
	"Morning Star", "North Gazette", "Harbour Herald", "Plains Review", "Metro Tribune", "Union Observer", "River Courier", "Summit Journal"}

var weekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// Generate makes o.Docs documents over world (NewWorld(o) when nil). Each has a title, a dateline and 6 to 14
// sentences: meetings, accusations, attacks, aid, statements with direct and reported quotes, and filler
// sentences drawn from the vocabulary, with time expressions resolved against the publication date.
func Generate(o GenOptions, world *World) []*newsgraph.Document {
	o = o.defaults()
	if world == nil {
		world = NewWorld(o)
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x646f6373))
	zipf := rand.NewZipf(r, 1.15, 2, uint64(len(world.Actors)-1))
	pick := func() newsgraph.Entity { return world.Actors[zipf.Uint64()] }
	span := o.To.Sub(o.From)
	docs := make([]*newsgraph.Document, 0, o.Docs)
	for n := range o.Docs {
		pub := o.From.Add(time.Duration(r.Int64N(int64(span))) / (24 * time.Hour) * (24 * time.Hour))
		a := pick()
		b := pick()
		for b.ID == a.ID {
			b = pick()
		}
		others := []newsgraph.Entity{a, b, pick(), pick()}
		place := world.Places[r.IntN(len(world.Places))]
		w := newWriter(pub)
		topic := world.Words[r.IntN(len(world.Words))]
		head := fmt.Sprintf("%s and %s %s over %s", a.Name, b.Name, []string{"clash", "talk", "trade accusations", "sign accord", "meet"}[r.IntN(5)], topic)
		start := w.b.Len()
		w.text(head)
		w.end("")
		start = w.paragraph(start)
		w.text(strings.ToUpper(place.Name) + ", " + pub.Format("January 2") + " — ")
		for range 6 + r.IntN(9) {
			x, y := others[r.IntN(len(others))], others[r.IntN(len(others))]
			if x.ID == y.ID {
				y = a
				if x.ID == a.ID {
					y = b
				}
			}
			sentence(w, r, world, x, y, place, pub)
			if r.IntN(4) == 0 {
				start = w.paragraph(start)
			}
		}
		w.paragraph(start)
		lang := "en"
		switch r.IntN(20) {
		case 0:
			lang = "de"
		case 1:
			lang = "fr"
		}
		docs = append(docs, w.finish(head, sites[zipfIndex(r, len(sites))], lang, fmt.Sprintf("gen/%06d.txt", n)))
	}
	return docs
}

// zipfIndex draws an index below n, small ones more often.
func zipfIndex(r *rand.Rand, n int) int {
	i := int(float64(n) * r.Float64() * r.Float64())
	return min(i, n-1)
}

// relative writes a time expression for a day at most 6 days before pub ("on Monday", "yesterday") and
// returns its value.
func relative(w *writer, r *rand.Rand, pub time.Time) string {
	back := r.IntN(7)
	t := pub.AddDate(0, 0, -back)
	v := t.Format("2006-01-02")
	switch back {
	case 0:
		w.timex("today", "DATE", v)
	case 1:
		w.timex("yesterday", "DATE", v)
	default:
		w.text("on ")
		w.timex(weekdays[t.Weekday()], "DATE", v)
	}
	return v
}

func filler(w *writer, r *rand.Rand, world *World, n int) {
	for i := range n {
		if i > 0 {
			w.text(" ")
		}
		w.text(world.Words[zipfIndex(r, len(world.Words))])
	}
}

// sentence writes one sentence about x and y.
func sentence(w *writer, r *rand.Rand, world *World, x, y, place newsgraph.Entity, pub time.Time) {
	s0 := w.b.Len()
	switch r.IntN(7) {
	case 0: // a meeting
		a, ai := w.name(x, "")
		w.text(" ")
		cue := w.span("met")
		w.text(" ")
		b, bi := w.name(y, "")
		w.text(" in ")
		_, li := w.name(place, "")
		w.text(" ")
		date := relative(w, r, pub)
		w.text(" to discuss ")
		filler(w, r, world, 2)
		w.text(".")
		w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "040", 1, 1.0, actor(a, ai, x), actor(b, bi, y), date, li)
		w.end(date)
	case 1: // an accusation
		a, ai := w.name(x, "")
		w.text(" ")
		cue := w.span("accused")
		w.text(" ")
		b, bi := w.name(y, "")
		w.text(" of ")
		filler(w, r, world, 3)
		w.text(" ")
		date := relative(w, r, pub)
		w.text(".")
		w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "112", 3, -2.0, actor(a, ai, x), actor(b, bi, y), date, -1)
		w.end(date)
	case 2: // an attack
		w.text("Forces loyal to ")
		a, ai := w.name(x, "")
		w.text(" ")
		cue := w.span("shelled")
		w.text(" positions held by ")
		b, bi := w.name(y, "")
		w.text(" near ")
		_, li := w.name(place, "")
		w.text(".")
		w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "190", 4, -10.0, actor(a, ai, x), actor(b, bi, y), "", li)
		w.end("")
	case 3: // aid
		a, ai := w.name(x, "")
		w.text(" ")
		cue := w.span("sent")
		w.text(" humanitarian aid to ")
		b, bi := w.name(y, "")
		w.text(", including ")
		filler(w, r, world, 2)
		w.text(".")
		w.event(newsgraph.Span{Start: s0, End: w.b.Len()}, cue, "073", 2, 7.4, actor(a, ai, x), actor(b, bi, y), "", -1)
		w.end("")
	case 4: // a direct quote about y
		w.text("“")
		q0 := w.b.Len()
		w.text(title(world.Words[zipfIndex(r, len(world.Words))]) + " ")
		filler(w, r, world, 3)
		w.text(" will not be accepted by ")
		w.name(y, "")
		q1 := w.b.Len()
		w.text(",” ")
		sp, si := w.name(x, "")
		w.text(" ")
		cue := w.span("said")
		w.text(".")
		w.d.Quotes = append(w.d.Quotes, newsgraph.Quote{Span: newsgraph.Span{Start: q0, End: q1}, Direct: true, Cue: cue, Speaker: sp,
			Mention: len(w.d.Mentions) - 1, Entity: si, Sentence: len(w.d.Sentences), Date: pub.Format("2006-01-02")})
		w.end("")
	case 5: // a reported quote, with a pronoun
		sp, si := w.name(x, "")
		w.text(" ")
		cue := w.span("said")
		w.text(" that ")
		q0 := w.b.Len()
		w.name(y, "")
		w.text(" must stop ")
		filler(w, r, world, 2)
		q1 := w.b.Len()
		w.text(".")
		w.d.Quotes = append(w.d.Quotes, newsgraph.Quote{Span: newsgraph.Span{Start: q0, End: q1}, Cue: cue, Speaker: sp,
			Mention: len(w.d.Mentions) - 2, Entity: si, Sentence: len(w.d.Sentences), Date: pub.Format("2006-01-02")})
		w.end("")
		w.pronoun(x, []string{"He", "She", "It"}[r.IntN(3)])
		w.text(" gave no further details.")
		w.end("")
	default: // filler
		w.text(title(world.Words[zipfIndex(r, len(world.Words))]) + " ")
		filler(w, r, world, 6+r.IntN(10))
		w.text(", according to officials in ")
		w.name(place, "")
		w.text(".")
		w.end("")
	}
}
