package event

import "strings"

// formsOf returns the word forms of a verb with the kind of each: the lemma and the forms written for it, or
// the regular forms derived from the lemma.
func formsOf(v *verb) map[string]formKind {
	out := map[string]formKind{v.lemma: formBase}
	if v.forms != nil {
		for _, f := range v.forms {
			switch {
			case strings.HasSuffix(f, "ing"):
				out[f] = formIng
			case f == v.lemma:
			case strings.HasSuffix(f, "s") && !strings.HasSuffix(v.lemma, "s") && f != v.lemma+"ss":
				out[f] = formS
			default:
				out[f] = formPast
			}
		}
		return out
	}
	l := v.lemma
	out[third(l)] = formS
	for _, p := range past(l) {
		out[p] = formPast
	}
	for _, g := range gerund(l) {
		out[g] = formIng
	}
	return out
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func third(l string) string {
	n := len(l)
	switch {
	case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "x") || strings.HasSuffix(l, "z") ||
		strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "o"):
		return l + "es"
	case n > 1 && l[n-1] == 'y' && !isVowel(l[n-2]):
		return l[:n-1] + "ies"
	}
	return l + "s"
}

// doubles reports whether a verb doubles its last consonant before -ed and -ing: one vowel group ending in a
// single vowel and a consonant other than w, x, y ("ban" -> "banned", "ship" -> "shipped").
func doubles(l string) bool {
	n := len(l)
	if n < 3 || isVowel(l[n-1]) || strings.IndexByte("wxy", l[n-1]) >= 0 || !isVowel(l[n-2]) || isVowel(l[n-3]) {
		return false
	}
	groups := 0
	for i := 0; i < n; i++ {
		if isVowel(l[i]) && (i == 0 || !isVowel(l[i-1])) {
			groups++
		}
	}
	return groups == 1
}

func past(l string) []string {
	n := len(l)
	switch {
	case strings.HasSuffix(l, "e"):
		return []string{l + "d"}
	case n > 1 && l[n-1] == 'y' && !isVowel(l[n-2]):
		return []string{l[:n-1] + "ied"}
	case doubles(l):
		return []string{l + l[n-1:] + "ed", l + "ed"}
	case strings.HasSuffix(l, "l"):
		return []string{l + "ed", l + "led"} // British "travelled"
	}
	return []string{l + "ed"}
}

func gerund(l string) []string {
	n := len(l)
	switch {
	case strings.HasSuffix(l, "ie"):
		return []string{l[:n-2] + "ying"}
	case strings.HasSuffix(l, "ee"):
		return []string{l + "ing"}
	case strings.HasSuffix(l, "e") && n > 2:
		return []string{l[:n-1] + "ing"}
	case doubles(l):
		return []string{l + l[n-1:] + "ing", l + "ing"}
	case strings.HasSuffix(l, "l"):
		return []string{l + "ing", l + "ling"}
	}
	return []string{l + "ing"}
}
