package quote

import "newsgraph/annotate/pos"

// Part-of-speech tags (Penn Treebank, from annotate/pos) tell where a clause's subject is. Tags are computed
// on demand, for a prefix of a sentence at a time: the tagger reads two words on each side of the word it tags
// and the tags before it, so the tags of a prefix are those of the whole sentence except at its last words,
// which the next, longer prefix tags again. A document costs only the words read.

// tagMargin is how many words at the end of a tagged prefix (not the whole sentence) are left to tag again:
// the tagger's right context, with room for a second stage that reads the tags of the next words.
const tagMargin = 4

// posModel returns the tagger, nil when its embedded model cannot be loaded: then every tag is "" and the
// candidates that need tags are left out.
func posModel() *pos.Model {
	m, err := pos.Default()
	if err != nil {
		return nil
	}
	return m
}

// tag returns the part-of-speech tag of token t: "" outside every sentence or without a tagger.
func (x *doc) tag(t int) string {
	if t < 0 || t >= len(x.toks) || x.tagger == nil || x.sentOf[t] < 0 {
		return ""
	}
	si := x.sentOf[t]
	if x.tags == nil {
		x.tags = make([]string, len(x.toks))
		x.tagTo = make([]int32, len(x.sents))
	}
	ss, se := x.sents[si].TokenStart, x.sents[si].TokenEnd
	if valid := int(x.tagTo[si]); t >= valid {
		// Tag a prefix at least twice as long as the one before, reaching past t by the margin.
		hi := min(se, max(t+1+tagMargin, ss+16, ss+2*(valid-ss)))
		x.words = x.words[:0]
		for k := ss; k < hi; k++ {
			x.words = append(x.words, x.w(k))
		}
		x.tagBuf = x.tagger.TagInto(x.tagBuf, x.words)
		copy(x.tags[ss:hi], x.tagBuf)
		if hi < se {
			hi -= tagMargin
		}
		x.tagTo[si] = int32(hi)
	}
	return x.tags[t]
}

// isFiniteTag reports whether tag is a finite verb: past (VBD), present (VBZ, VBP) or a modal (MD).
func isFiniteTag(tag string) bool {
	return tag == "VBD" || tag == "VBZ" || tag == "VBP" || tag == "MD"
}

// isNounTag reports whether tag is a noun or a proper noun.
func isNounTag(tag string) bool {
	return len(tag) >= 2 && tag[0] == 'N' && tag[1] == 'N'
}
