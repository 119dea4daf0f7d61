package extract

import (
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// langSample is how much text language detection reads: trigram statistics settle long before this, and
// whatlanggo's cost grows with the text.
const langSample = 1024

// detectLanguage returns the ISO 639-1 code of text's language: whatlanggo's guess when it is reliable,
// else the page's declared language when there is one, else the guess when it has some confidence, else "".
func detectLanguage(text, declared string) string {
	sample := text
	if len(sample) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	info := whatlanggo.Detect(sample)
	code := ""
	if info.Lang >= 0 {
		code = info.Lang.Iso6391()
	}
	switch {
	case code != "" && info.IsReliable():
		return code
	case declared != "":
		return declared
	case code != "" && info.Confidence >= 0.5:
		return code
	}
	return ""
}

// htmlLanguage is detectLanguage for a page: when go-trafilatura's detection on the whole main text (guessed)
// agrees with the page's declared language, that is the language and no second detection runs.
func htmlLanguage(text, declared, guessed string) string {
	if declared != "" && guessed == declared {
		return declared
	}
	return detectLanguage(text, declared)
}
