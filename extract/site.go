package extract

import (
	"github.com/zeebo/xxh3"
)

// siteStats counts, per site, in how many distinct documents each paragraph (folded, see foldText) was seen.
type siteStats map[string]*siteLines

type siteLines struct {
	docs  map[uint64]struct{} // fingerprints of the documents counted, so a document read twice counts once
	lines map[uint64]int32
}

// maxLinesPerSite bounds one site's table; paragraphs met after it is full are not counted.
const maxLinesPerSite = 1 << 16

// repeated records the blocks of one document of site and reports which of them had been seen in at least
// SiteRepeatThreshold earlier documents of the site. When most of the document was seen before it is a copy
// of an earlier document (a re-crawl, a syndicated copy), not boilerplate, and nothing is reported.
func (e *Extractor) repeated(blocks []block, site string) []bool {
	out := make([]bool, len(blocks))
	if site == "" || e.opts.SiteRepeatThreshold < 0 || len(blocks) == 0 {
		return out
	}
	hashes := make([]uint64, len(blocks))
	var fp uint64
	for i, b := range blocks {
		hashes[i] = xxh3.HashString(foldText(b.text))
		fp = fp*1099511628211 ^ hashes[i]
	}

	e.mu.Lock()
	st := e.sites[site]
	if st == nil {
		if len(e.sites) >= e.opts.MaxSites {
			e.sites = siteStats{}
		}
		st = &siteLines{docs: map[uint64]struct{}{}, lines: map[uint64]int32{}}
		e.sites[site] = st
	}
	// A document read before counts its own paragraphs once already.
	_, dup := st.docs[fp]
	own := 0
	if dup {
		own = 1
	}
	var seenBytes, total int
	for i, h := range hashes {
		total += len(blocks[i].text)
		if int(st.lines[h])-own >= e.opts.SiteRepeatThreshold {
			out[i] = true
			seenBytes += len(blocks[i].text)
		}
	}
	if !dup {
		if len(st.docs) >= maxLinesPerSite {
			clear(st.docs)
		}
		st.docs[fp] = struct{}{}
		counted := make(map[uint64]bool, len(hashes))
		for _, h := range hashes {
			if counted[h] {
				continue
			}
			counted[h] = true
			if _, ok := st.lines[h]; ok || len(st.lines) < maxLinesPerSite {
				st.lines[h]++
			}
		}
	}
	e.mu.Unlock()

	if seenBytes*2 > total {
		clear(out)
	}
	return out
}
