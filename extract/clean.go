package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The boilerplate cleaner. Main-text extraction leaves page furniture in the text: donation appeals,
// "leave a reply" prompts, tag and category lines, photo credits, share prompts, bylines and date lines,
// related-article lists, newsletter and cookie notices. The cleaner removes them by general features of
// each paragraph (see feats), not by a list of known sentences:
//
//   - substance: a paragraph without a letter or digit; a "Label:" line whose value is only punctuation.
//   - labels: a short line opening with, or made of, a label from a small multilingual lexicon of
//     metadata fields (tags, category, photo, credit, related, read more, contact...), with no sentence.
//   - credits: a short line without a sentence that carries a credit marker ("photo:", "©"), or a caption
//     ending with a parenthesised credit.
//   - field lines: short lines split into fields by "|" or "•"; short lines made mostly of digits.
//   - links (HTML): a paragraph whose text is the text of a link of the page, in a run of such paragraphs
//     (related articles, navigation) or at the head or tail; the label line introducing such a run.
//   - appeals: text that speaks to the reader about the site rather than about the news: imperatives of
//     appeal verbs (support, subscribe, donate, share, follow, sign up, click...), second-person address,
//     appeal words (newsletter, membership, comments, social networks), the site speaking of itself;
//     shouting (mostly ALL-CAPS words). Quotes are content.
//   - position: boilerplate clusters at the tail of an article, so weak evidence (a short line without a
//     sentence, i.e. without final punctuation; a mildly reader-directed paragraph) counts only in the
//     unbroken run of such paragraphs at the end, and bylines and date lines only in the run at the head.
//     A source footer ("According to ...", "Source: ...") ends the tail run: it is content.
//   - repetition: a paragraph seen in at least Options.SiteRepeatThreshold earlier documents of the same
//     site is the site's boilerplate when it is short or at the head or tail (site.go).
//
// Strong evidence removes a paragraph anywhere; weak evidence only at the edges. A copy of the title at the
// start of the text goes too. When the cleaner would leave nothing, the weakly removed paragraphs come back
// (a page of short pieces is still a page), provided they hold some text.

// feats are the features of one paragraph the cleaner decides on.
type feats struct {
	words       int  // white-space separated tokens
	letterWords int  // tokens with a letter
	alnum       bool // has a letter or digit
	final       bool // ends a sentence: . ! ? … (before closing quotes and brackets)
	allCaps     int  // letter words written in capitals, two letters or more
	digitShare  float64
	seps        int  // field separators: | • ·
	quoted      bool // holds quotation marks: a quote is content
	label       labelKind
	credit      bool // photo or copyright credit marker
	imperative  bool // the first word, or a sentence's first word, is an appeal verb
	address     int  // words addressing the reader: you, your, reader...
	self        int  // words of the publication speaking of itself: we, our...
	appeal      int  // distinct appeal words: support, donate, subscribe, newsletter...
	notice      bool // cookie / javascript / browser notice vocabulary
	byline      bool // "By ...", "Von ...": a short author line
	link        bool // the text of a link (HTML), not an address: a teaser or navigation
	caption     bool // ends with a parenthesised photo credit: "... (Photo: Agency)."
	source      bool // a source footer ("According to ...", "Source: ...", "Quelle: ..."): content
}

// sourceOpeners open a line that names the source of the article; such footers are content.
var sourceOpeners = []string{"according to", "source:", "sources:", "source -", "reporting by", "with reporting",
	"additional reporting", "(reporting", "written by", "edited by", "editing by", "laut ", "quelle:", "nach angaben",
	"źródło:", "według", "fuente:", "fuentes:", "según", "d'après", "selon", "fonte:", "segundo", "secondo"}

type labelKind uint8

const (
	labelNone  labelKind = iota
	labelEmpty           // "Tags: , ," - a label with nothing after it
	labelMeta            // "Label: value" with a metadata label from the lexicon
	labelAlone           // a label from the lexicon standing alone: "Related articles", "Share this!"
)

// metaLabels are the names of metadata fields that pages print as "Label: value" lines, in the languages of
// the news the project reads. Lower case; matched against the words before the colon.
var metaLabels = map[string]bool{
	"tags": true, "tag": true, "tagged": true, "tagged with": true, "category": true, "categories": true,
	"filed under": true, "posted in": true, "topics": true, "topic": true, "keywords": true, "photo": true,
	"photos": true, "image": true, "images": true, "picture": true, "pictures": true, "credit": true,
	"credits": true, "photo credit": true, "image credit": true, "video": true, "watch": true,
	"read more": true, "read also": true, "also read": true, "see also": true, "related": true,
	"related articles": true, "related posts": true, "more": true, "share": true, "share this": true,
	"follow us": true, "advertisement": true, "sponsored": true, "listen": true, "print": true,
	"schlagwörter": true, "schlagworte": true, "stichwörter": true, "kategorie": true, "kategorien": true,
	"themen": true, "thema": true, "foto": true, "fotos": true, "bild": true, "bilder": true,
	"bildquelle": true, "lesen sie auch": true, "mehr zum thema": true, "auch interessant": true,
	"teilen": true, "anzeige": true, "werbung": true, "tagi": true, "kategoria": true, "kategorie:": true,
	"zdjęcie": true, "fot": true, "czytaj też": true, "czytaj także": true, "zobacz też": true,
	"zobacz także": true, "étiquettes": true, "catégorie": true, "catégories": true, "lire aussi": true,
	"à lire aussi": true, "etiquetas": true, "categoría": true, "categorías": true, "lee también": true,
	"foto:": true, "relacionado": true, "argomenti": true, "categoria": true, "leggi anche": true,
	"lea": true, "lea más": true, "lea también": true, "vea también": true, "mira": true, "ver más": true,
	"le puede interesar": true, "te puede interesar": true, "noticias relacionadas": true,
	"auch lesen": true, "zum weiterlesen": true, "weiterlesen": true, "siehe auch": true,
	"weitere themen": true, "weitere artikel": true, "mehr dazu": true, "mehr zum thema:": true,
	"das könnte sie auch interessieren": true, "das könnte dich auch interessieren": true,
	"abbildung": true, "abb": true, "figure": true, "fig": true, "grafik": true, "beitragsbild": true,
	"titelbild": true, "bildnachweis": true, "fotos:": true, "quelle bild": true, "more on this": true,
	"you may also like": true, "recommended": true, "most read": true, "most popular": true,
	"inhaltsverzeichnis": true, "inhalt": true, "table of contents": true, "contents": true,
	"dowiedz się więcej": true, "czytaj więcej": true, "przeczytaj też": true, "przeczytaj także": true,
	"veröffentlichung": true, "veröffentlicht": true, "aktualisiert": true, "letzte änderung": true,
	"stand": true, "published": true, "updated": true, "last updated": true, "posted": true,
	"neueste artikel": true, "neueste beiträge": true, "beliebte artikel": true, "meistgelesen": true,
	"kontakt": true, "contact": true, "contact us": true, "ansprechpartner": true, "ansprechpartnerin": true,
	"externer inhalt": true, "zusatzinformationen": true, "weitere informationen": true,
	"mehr informationen": true, "more information": true, "kommentare": true, "comments": true,
	"leave a comment": true, "related stories": true, "latest news": true, "latest stories": true,
	"newsletter": true, "lesen sie hier": true, "lesen sie mehr": true, "mehr lesen": true,
	"zum beitrag": true, "zum artikel": true, "opublikowano": true, "aktualizacja": true,
	"publicado": true, "actualizado": true, "publié le": true, "mis à jour": true,
}

// creditMarkers mark photo and copyright credits inside a caption.
var creditMarkers = []string{"photo:", "photo by", "photos:", "foto:", "fot.", "image:", "picture:", "bild:",
	"credit:", "©", "(c)", "copyright", "zdjęcie:", "source: getty", "getty images"}

// appealVerbs are verbs a page uses to ask something of its reader, as they appear at the start of an
// imperative sentence. Lower case.
var appealVerbs = map[string]bool{
	"support": true, "subscribe": true, "donate": true, "share": true, "follow": true, "sign": true,
	"click": true, "tap": true, "join": true, "become": true, "register": true, "download": true,
	"like": true, "leave": true, "read": true, "watch": true, "listen": true, "get": true, "contribute": true,
	"help": true, "log": true, "login": true, "print": true, "email": true, "comment": true, "tweet": true,
	"send": true, "see": true, "view": true, "discover": true, "explore": true, "check": true, "visit": true,
	"try": true, "buy": true, "order": true, "enter": true, "continue": true, "skip": true, "load": true,
	"please": true, "don't": true, "give": true, "make": true, "donation": true,
	"unterstützen": true, "unterstütze": true, "abonnieren": true, "abonniere": true, "spenden": true,
	"spende": true, "teilen": true, "teile": true, "folgen": true, "folge": true, "melden": true,
	"klicken": true, "klicke": true, "registrieren": true, "lesen": true, "lies": true, "jetzt": true,
	"weiterlesen": true, "kommentieren": true, "drucken": true, "empfehlen": true, "werden": true,
	"wesprzyj": true, "wspieraj": true, "subskrybuj": true, "zapisz": true, "udostępnij": true,
	"obserwuj": true, "kliknij": true, "czytaj": true, "zobacz": true, "dołącz": true, "przeczytaj": true,
	"soutenez": true, "abonnez": true, "partagez": true, "suivez": true, "inscrivez": true, "cliquez": true,
	"lisez": true, "rejoignez": true, "faites": true, "suscríbete": true, "comparte": true, "síguenos": true,
	"únete": true, "apoya": true, "dona": true, "haz": true, "siguenos": true,
	"suscribete": true, "unete": true, "descarga": true, "abonnez-vous": true, "téléchargez": true,
}

// appealWords are what appeals ask for: money, subscriptions, membership, attention. Matched as word
// prefixes, lower case.
var appealWords = []string{"support", "donat", "subscri", "member", "contribut", "newsletter", "paywall",
	"unterstütz", "spende", "abonn", "mitglied", "newsletter",
	"wesprzyj", "wsparci", "darowizn", "prenumerat", "subskryp", "soutien", "don ", "abonne", "suscri",
	"donaci", "sign up", "signing up", "sign in", "log in", "logged in", "login", "eingeloggt", "follow us",
	"like us", "register", "registrier", "download", "anmelden", "twitter", "facebook", "instagram", "telegram",
	"whatsapp", "youtube", "tiktok", "linkedin", "comment", "kommentar", "komentarz", "comentario",
	"commentaire", "subskrypc", "the app", " apps"}

// selfWords are the publication speaking of itself.
var selfWords = map[string]bool{"we": true, "our": true, "us": true, "wir": true, "uns": true, "unser": true,
	"unsere": true, "unseren": true, "unserem": true, "unserer": true, "nous": true, "notre": true, "nos": true,
	"nuestro": true, "nuestra": true, "nuestros": true, "nuestras": true, "nosotros": true, "nasz": true,
	"nasze": true, "naszych": true, "naszego": true, "zapraszamy": true}

// addressWords address the reader directly.
var addressWords = map[string]bool{
	"you": true, "your": true, "yours": true, "you're": true, "reader": true, "readers": true,
	"dear": true, "sie": true, "ihr": true, "ihre": true, "ihnen": true, "du": true, "dich": true,
	"dir": true, "dein": true, "deine": true, "leser": true, "leserin": true, "leserinnen": true,
	"czytelniku": true, "czytelnicy": true, "czytelników": true, "państwo": true, "vous": true,
	"votre": true, "vos": true, "lecteur": true, "lecteurs": true, "usted": true, "tu": true, "lector": true,
	"lectores": true,
}

// noticeWords are the vocabulary of site notices about the reader's browser.
var noticeWords = []string{"cookie", "javascript", "browser", "adblock", "ad blocker", "datenschutz",
	"privacy policy", "terms of use", "all rights reserved", "alle rechte vorbehalten"}

// bylineWords open an author line.
var bylineWords = map[string]bool{"by": true, "von": true, "par": true, "por": true, "autor": true,
	"author": true, "written": true, "posted": true, "published": true, "updated": true}

// analyze computes the features of one paragraph.
func analyze(text string) feats {
	var f feats
	fields := strings.Fields(text)
	f.words = len(fields)
	var letters, digits int
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		case r == '|' || r == '•' || r == '·':
			f.seps++
		case r == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '»':
			f.quoted = true
		}
	}
	f.alnum = letters+digits > 0
	if letters+digits > 0 {
		f.digitShare = float64(digits) / float64(letters+digits)
	}
	f.final = endsSentence(text)
	lower := strings.ToLower(text)

	sentenceStart := true
	for i, w := range fields {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' })
		hasLetter := false
		upper, lowerCase := 0, 0
		for _, r := range core {
			if unicode.IsLetter(r) {
				hasLetter = true
				if unicode.IsUpper(r) {
					upper++
				} else if unicode.IsLower(r) {
					lowerCase++
				}
			}
		}
		lw := strings.ToLower(strings.ReplaceAll(core, "’", "'"))
		if hasLetter {
			f.letterWords++
			if upper >= 2 && lowerCase == 0 {
				f.allCaps++
			}
			if addressWords[lw] {
				// "Sie"/"Ihr" address the reader only when capitalised mid-sentence; "sie" is "they".
				if !(lw == "sie" || lw == "ihr" || lw == "ihre" || lw == "ihnen") || (upper > 0 && !sentenceStart) {
					f.address++
				}
			}
			if selfWords[lw] {
				f.self++
			}
			if sentenceStart && appealVerbs[lw] {
				f.imperative = true
			}
			if i == 0 && bylineWords[lw] {
				f.byline = true
			}
		}
		sentenceStart = strings.ContainsAny(w[len(w)-1:], ".!?:") || (sentenceStart && !hasLetter)
	}
	seen := 0
	for _, a := range appealWords {
		if strings.Contains(lower, a) {
			seen++
		}
	}
	f.appeal = seen
	for _, n := range noticeWords {
		if strings.Contains(lower, n) {
			f.notice = true
			break
		}
	}
	f.label = labelOf(lower)
	for _, o := range sourceOpeners {
		if strings.HasPrefix(lower, o) {
			f.source = true
			break
		}
	}
	if f.words <= 40 && strings.HasSuffix(strings.TrimRight(lower, ". "), ")") {
		if open := strings.LastIndexByte(lower, '('); open >= 0 {
			for _, m := range creditMarkers {
				if strings.Contains(lower[open:], m) {
					f.caption = true
					break
				}
			}
		}
	}
	if f.words <= 15 {
		for _, m := range creditMarkers {
			if strings.Contains(lower, m) {
				f.credit = true
				break
			}
		}
	}
	return f
}

// labelOf classifies a "Label: value" line (lower case).
func labelOf(lower string) labelKind {
	i := strings.IndexAny(lower, ":：")
	if i <= 0 || i > 40 {
		// a label lexicon word standing alone ("Tags", "Share this") is a label too
		t := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
		if metaLabels[t] {
			return labelAlone
		}
		return labelNone
	}
	label := strings.TrimFunc(lower[:i], func(r rune) bool { return !unicode.IsLetter(r) })
	if strings.Count(label, " ") > 2 {
		return labelNone
	}
	_, n := utf8.DecodeRuneInString(lower[i:])
	rest := lower[i+n:]
	if strings.IndexFunc(rest, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 &&
		strings.TrimSpace(rest) != "" {
		return labelEmpty // "Tags: , ,"; a bare "Ingredients:" introduces what follows
	}
	if metaLabels[label] {
		if strings.TrimSpace(rest) == "" {
			return labelAlone
		}
		return labelMeta
	}
	return labelNone
}

// endsSentence reports whether text ends with sentence-final punctuation, looking through closing quotes
// and brackets.
func endsSentence(text string) bool {
	t := strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'”’»)]*", r)
	})
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…。！？", r)
}

// strong names evidence that removes a paragraph wherever it is, "" if none.
func (f feats) strong() string {
	switch {
	case !f.alnum:
		return "no-text"
	case f.label == labelEmpty && f.words <= 12:
		return "empty-label"
	case f.label == labelMeta && f.words <= 15 && !f.final:
		return "meta-label"
	case f.label == labelAlone:
		return "label"
	case f.credit && !f.final:
		return "credit"
	case f.seps >= 2 && f.words <= 25 && !f.final:
		return "fields"
	case f.imperative && f.appeal >= 1 && f.words <= 25 && !f.quoted && (f.address > 0 || f.self > 0 || !f.final):
		return "appeal"
	case f.directed() >= 4 && f.appeal >= 1 && f.address+f.self > 0 && f.words <= 40:
		return "directed"
	case f.caption:
		return "caption"
	}
	return ""
}

// head names evidence that removes a paragraph in the run of such paragraphs at the start of the text:
// bylines, date lines, credits.
func (f feats) head() string {
	switch {
	case f.strong() != "":
		return f.strong()
	case f.byline && f.words <= 8 && !f.final:
		return "byline"
	case f.link && f.words <= 25:
		return "link"
	case f.words <= 8 && f.digitShare >= 0.4 && !f.final:
		return "date-line"
	}
	return ""
}

// tail names evidence that removes a paragraph in the run of such paragraphs at the end of the text.
func (f feats) tail(k kind) string {
	if w := f.head(); w != "" {
		return w
	}
	if f.source {
		return ""
	}
	shortLine := f.words <= 10 && !f.final
	switch {
	case f.notice && f.words <= 60 && (f.address > 0 || f.imperative):
		return "notice"
	case shortLine && (k == kindPara || k == kindHeading || k == kindQuote):
		return "short"
	case f.letterWords >= 2 && f.allCaps*5 >= f.letterWords*3:
		return "caps"
	case f.imperative && f.words <= 12 && (!f.final || f.address > 0 || f.appeal > 0):
		return "imperative"
	case !f.quoted && f.appeal >= 1 && f.appeal+f.address+b2i(f.imperative) >= 3:
		return "appeal"
	case (f.imperative || f.appeal > 0) && f.directed() >= 2:
		return "directed"
	}
	return ""
}

// directed scores how much a paragraph speaks to the reader about the site rather than about the news:
// addressing the reader, imperatives, appeal words, the publication speaking of itself. Quotes and long
// paragraphs score 0.
func (f feats) directed() int {
	if f.quoted || f.words > 60 {
		return 0
	}
	return min(f.address, 2) + 2*b2i(f.imperative) + min(f.appeal, 2) + min(f.self, 1)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cleanWhy decides which blocks to keep and says why each dropped block is dropped ("" for a kept block).
// site names the site for the repetition statistics ("" for none); title is the article's title, whose copy
// at the start of the text is dropped; plain is set for plain-text articles.
func (e *Extractor) cleanWhy(blocks []block, site, title string, plain bool) []string {
	why := make([]string, len(blocks))
	if len(blocks) == 0 {
		return why
	}
	// The title repeated as the first paragraph.
	if title != "" {
		nt := foldText(title)
		for i := 0; i < len(blocks) && i < 2; i++ {
			if foldText(blocks[i].text) == nt {
				why[i] = "title"
			}
		}
	}
	if e.opts.NoClean {
		return why
	}
	fs := make([]feats, len(blocks))
	for i, b := range blocks {
		fs[i] = analyze(b.text)
		fs[i].link = b.link && !strings.Contains(b.text, "://") && !strings.HasPrefix(b.text, "www.")
	}
	repeated := e.repeated(blocks, site)

	for i := range blocks {
		switch {
		case why[i] != "":
		case fs[i].strong() != "":
			why[i] = fs[i].strong()
		case repeated[i] && fs[i].words <= 20:
			why[i] = "repeated"
		case fs[i].link && fs[i].words <= 25 && (i > 0 && fs[i-1].link || i+1 < len(fs) && fs[i+1].link):
			why[i] = "link-list"
		}
	}
	// A label introducing a list of links goes with it.
	for i := 0; i+1 < len(blocks); i++ {
		if why[i] == "" && why[i+1] == "link-list" && fs[i].words <= 8 && !fs[i].final {
			why[i] = "link-list-label"
		}
	}
	for i := range blocks {
		if why[i] != "" {
			continue
		}
		w := fs[i].head()
		if w == "" && repeated[i] {
			w = "repeated"
		}
		if w == "" {
			break
		}
		why[i] = "head:" + w
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		if why[i] != "" {
			continue
		}
		w := fs[i].tail(blocks[i].kind)
		if w == "" && repeated[i] {
			w = "repeated"
		}
		if w == "" {
			break
		}
		why[i] = "tail:" + w
	}
	// A page the cleaner would empty is a page of short pieces (a link dump, a gallery, a one-line note):
	// keep what only weak evidence removed, if that is some text.
	for i := range why {
		if why[i] == "" {
			return why
		}
	}
	weak, words := make([]bool, len(why)), 0
	for i := range why {
		if strings.HasPrefix(why[i], "head:") || strings.HasPrefix(why[i], "tail:") || strings.HasPrefix(why[i], "link-list") {
			weak[i] = true
			words += fs[i].words
		}
	}
	if words >= minRestoredWords || plain && words > 0 {
		for i := range why {
			if weak[i] {
				why[i] = ""
			}
		}
	}
	return why
}

// minRestoredWords is how many words a page the cleaner would empty must have for the weakly removed
// paragraphs to be kept (a plain-text article, plain, keeps them whatever their length).
const minRestoredWords = 25

// foldText is text lower-cased with white space collapsed and digits mapped to 0, for comparing
// paragraphs across documents.
func foldText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsDigit(r):
			r = '0'
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
