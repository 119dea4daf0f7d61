package extract

import (
	"fmt"
	"testing"
)

// content is a paragraph of ordinary news text, used around the paragraphs under test.
const content = "The foreign ministers of the three countries met on Saturday and agreed that talks between the government and the opposition should begin soon, officials said."

func blocksOf(paras ...string) []block {
	bs := make([]block, len(paras))
	for i, p := range paras {
		bs[i] = block{text: p}
	}
	return bs
}

func TestCleanTable(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		drop  []int // indexes of the paragraphs the cleaner must drop; all others must stay
	}{
		{"content only", []string{content, content + " More.", "Short closing remark."}, nil},
		{"empty label", []string{content, content, "Tags: , ,"}, []int{2}},
		{"meta labels anywhere", []string{"Filed under: World, Politics", content, "Kategorie: Politik", content}, []int{0, 2}},
		{"photo credit", []string{"Image: Reuters / John Smith", content, "Ministers at the table (Photo: AFP)", content}, []int{0, 2}},
		{"caption with credit", []string{content, "The minister speaks to reporters in the capital on Monday (Photo: Jane Doe/Agency).", content}, []int{1}},
		{"field line", []string{"March 3, 2021 | By | 4 Comments", content, content}, []int{0}},
		{"no letters", []string{content, "* * *", content, "|"}, []int{1, 3}},
		{"tail furniture", []string{content, content, "Share this article", "Related Posts", "Leave a comment"}, []int{2, 3, 4}},
		{"tail appeal", []string{content, content,
			"Independent journalism needs your support. Please consider becoming a member or making a donation today so that we can keep our reporting free for all readers.",
			"DONATE NOW"}, []int{2, 3}},
		{"tail shouting", []string{content, content, "SUBSCRIBE TO OUR NEWSLETTER AND NEVER MISS A STORY"}, []int{2}},
		{"middle subheading stays", []string{content, "A new round of talks", content}, nil},
		{"quote at the end stays", []string{content, "“We will support our allies and we ask all members to contribute,” the minister said."}, nil},
		{"source footer stays", []string{content, content, "According to Example News Agency"}, nil},
		{"tail run stops at content", []string{content, "Background", content, "Read more"}, []int{3}},
		{"head byline and date", []string{"By Jane Doe", "12.03.2021 14:05", content, content}, []int{0, 1}},
		{"imperative appeal in the middle", []string{content, "Subscribe to our newsletter for the latest updates.", content}, []int{1}},
		{"middle imperative content stays", []string{content, "Support for the plan has grown among members of parliament this year.", content}, nil},
	}
	for _, tt := range tests {
		e := New(Options{})
		why := e.cleanWhy(blocksOf(tt.paras...), "", "", true)
		drop := map[int]bool{}
		for _, i := range tt.drop {
			drop[i] = true
		}
		for i, p := range tt.paras {
			if (why[i] != "") != drop[i] {
				t.Errorf("%s: clean(%q) dropped=%v (%q), want dropped=%v", tt.name, p, why[i] != "", why[i], drop[i])
			}
		}
	}
}

func TestCleanTitleCopy(t *testing.T) {
	e := New(Options{})
	why := e.cleanWhy(blocksOf("Ministers  meet in Doha", content, "Ministers meet in Doha", content), "", "Ministers meet in Doha", false)
	if why[0] == "" || why[2] != "" {
		t.Errorf("cleanWhy with title: why = %q, want the first copy only dropped", why)
	}
}

func TestCleanLinkList(t *testing.T) {
	bs := blocksOf(content, "More stories", "Other story one", "Other story two", content, "See https://example.org/report", content)
	bs[2].link, bs[3].link, bs[5].link = true, true, true
	why := New(Options{}).cleanWhy(bs, "", "", false)
	want := []bool{false, true, true, true, false, false, false}
	for i := range bs {
		if (why[i] != "") != want[i] {
			t.Errorf("cleanWhy(link list) paragraph %d %q: why %q, want dropped=%v", i, bs[i].text, why[i], want[i])
		}
	}
}

func TestCleanNeverEmptiesLongPage(t *testing.T) {
	var paras []string
	for i := range 12 {
		paras = append(paras, fmt.Sprintf("Short note number %d without end", i))
	}
	why := New(Options{}).cleanWhy(blocksOf(paras...), "", "", false)
	kept := 0
	for _, w := range why {
		if w == "" {
			kept++
		}
	}
	if kept == 0 {
		t.Errorf("cleanWhy(%d short notes) dropped them all", len(paras))
	}
}

// TestSiteRepetition feeds documents of one site that share a footer: after SiteRepeatThreshold documents the
// footer goes, the articles' own paragraphs stay; re-reading a document does not count; a copy of an earlier
// document is not emptied.
func TestSiteRepetition(t *testing.T) {
	e := New(Options{SiteRepeatThreshold: 2})
	footer := "Our reporting is made possible by the Example Foundation."
	doc := func(i int) []block {
		// letters, not digits: paragraphs are compared with digits folded
		return blocksOf(fmt.Sprintf("%s Story %c.", content, 'A'+i), fmt.Sprintf("Second paragraph of story %c, with its own facts and figures.", 'A'+i), footer, content)
	}
	for i := range 2 {
		why := e.cleanWhy(doc(i), "example.com", "", false)
		if why[2] != "" {
			t.Fatalf("document %d: footer dropped (%q) before it was seen in 2 documents", i, why[2])
		}
	}
	why := e.cleanWhy(doc(0), "example.com", "", false) // the first document again
	if why[2] != "" {
		t.Errorf("re-read document: footer dropped (%q): a document read twice must count once", why[2])
	}
	why = e.cleanWhy(doc(3), "example.com", "", false)
	if why[2] == "" {
		t.Errorf("third document: footer kept, want dropped as repeated (why %q)", why)
	}
	if why[0] != "" || why[1] != "" {
		t.Errorf("third document: own paragraphs dropped: %q", why)
	}
	if other := e.cleanWhy(doc(4), "other.org", "", false); other[2] != "" {
		t.Errorf("other site: footer dropped (%q), statistics must be per site", other[2])
	}
	// Copies of one story with different footers (syndication, re-crawls): the story's paragraphs recur,
	// but most of each copy was seen before, so nothing is dropped as repeated.
	for k := range 4 {
		c := doc(7)
		c[2].text = fmt.Sprintf("Footer variant %c of the copy.", 'A'+k)
		for i, w := range e.cleanWhy(c, "example.com", "", false)[:2] {
			if w != "" {
				t.Errorf("copy %d of a story: paragraph %d dropped (%q)", k, i, w)
			}
		}
	}
}

func TestSiteRepetitionDisabled(t *testing.T) {
	e := New(Options{SiteRepeatThreshold: -1})
	for i := range 5 {
		bs := blocksOf(fmt.Sprintf("%s Story %c.", content, 'A'+i), "Shared closing paragraph of this site, repeated on every page.", content)
		if why := e.cleanWhy(bs, "example.com", "", false); why[1] != "" {
			t.Fatalf("document %d: repeated paragraph dropped (%q) with repetition disabled", i, why[1])
		}
	}
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		text  string
		check func(f feats) bool
		want  string
	}{
		{"Tags: , ,", func(f feats) bool { return f.label == labelEmpty }, "empty label"},
		{"Ingredients:", func(f feats) bool { return f.label == labelNone }, "a bare label introducing a list is no empty label"},
		{"Category: World news", func(f feats) bool { return f.label == labelMeta }, "meta label"},
		{"Related articles", func(f feats) bool { return f.label == labelAlone }, "label alone"},
		{"He said it was over.", func(f feats) bool { return f.final }, "final punctuation"},
		{"“It is over.”", func(f feats) bool { return f.final && f.quoted }, "final inside quotes"},
		{"Dear reader,", func(f feats) bool { return !f.final && f.address >= 1 }, "no final punctuation, addresses reader"},
		{"Follow us on Twitter", func(f feats) bool { return f.imperative && f.appeal >= 1 }, "imperative appeal"},
		{"Die Regierung sagte, sie werde helfen.", func(f feats) bool { return f.address == 0 }, "lower-case sie is not an address"},
		{"Unterstützen Sie unsere Arbeit!", func(f feats) bool { return f.imperative && f.address == 1 }, "German polite imperative"},
		{"SUPPORT A FREE PRESS", func(f feats) bool { return f.allCaps == 3 }, "three all-caps words (one-letter words do not count)"},
		{"12.03.2021, 14:05", func(f feats) bool { return f.digitShare > 0.9 }, "digit share"},
		{"Syria in flames (photo: Agency) |", func(f feats) bool { return f.credit && f.seps == 1 }, "credit marker"},
	}
	for _, tt := range tests {
		if f := analyze(tt.text); !tt.check(f) {
			t.Errorf("analyze(%q) = %+v, want %s", tt.text, f, tt.want)
		}
	}
}
