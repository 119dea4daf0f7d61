// Package demo holds the built-in sample that `newsgraph demo` ingests: seventeen short articles, in fifteen
// files of every format newsgraph reads, telling one fictional story (a ceasefire negotiated between Valdoria
// and the Republic of Karsk over six weeks in March and April 2025), and a description of what a correct run
// over the sample finds. All names, places, outlets and events in the sample are invented; see README.md.
package demo

import (
	"embed"
	"io/fs"
	"slices"
)

// Corpus is the embedded sample, one file per article or per container of articles (a JSONL file, an RSS
// feed). Its root directory is "corpus"; the paths Files returns open with fs.ReadFile(Corpus, path).
//
//go:embed corpus
var Corpus embed.FS

// Files lists the sample's file paths inside Corpus ("corpus/01-talks-announced.txt", ...), sorted. The
// numeric prefixes follow publication order. It returns a new slice on every call.
func Files() []string {
	var paths []string
	// The embedded tree is fixed at build time and WalkDir over an embed.FS fails only on names that do not
	// exist, so an error here is a programming error in this package.
	err := fs.WalkDir(Corpus, "corpus", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		panic("demo: walk embedded corpus: " + err.Error())
	}
	slices.Sort(paths)
	return paths
}

// Expect describes what a correct run over the sample finds. Paths are as Files returns them. Every pair is
// written in file order. A pair's two files hold one article each.
type Expect struct {
	// Files is the number of files in the sample (len(Files())).
	Files int
	// Documents is the number of distinct documents after exact-duplicate removal: every article counts once,
	// and the two files of each Exact pair are one document.
	Documents int
	// Languages lists the ISO 639-1 codes of the articles' languages, sorted.
	Languages []string
	// First and Last are the earliest and latest publication dates (YYYY-MM-DD).
	First, Last string
	// Exact pairs hold the same article text in two formats (an HTML page and a text file): one document ID.
	Exact [][2]string
	// Syndicated pairs hold the same wire story under different outlet headers and footers.
	Syndicated [][2]string
	// Rewritten pairs hold an article and a spun copy of it: synonyms replace words, while names, numbers,
	// dates and quotes stay.
	Rewritten [][2]string
	// SameEvent pairs are independent reports of the same happening by different outlets. Exact, Syndicated
	// and Rewritten pairs report the same happening too and are not repeated here.
	SameEvent [][2]string
	// Distinct pairs report two different happenings of the same kind (two shelling incidents in different
	// towns on different dates): they must not share a same-event cluster.
	Distinct [][2]string
}

// Expected returns what a correct run over the sample finds. It returns new slices on every call.
func Expected() Expect {
	const (
		belmiraHTML = "corpus/02-belmira-shelling.html"
		belmiraTxt  = "corpus/03-belmira-shelling.txt"
	)
	return Expect{
		Files: 15,
		// 13 single-article files, 2 items in the feed, 2 lines in the JSONL file: 17 articles, one of
		// which is the exact duplicate of another.
		Documents:  16,
		Languages:  []string{"de", "en"},
		First:      "2025-03-03",
		Last:       "2025-04-14",
		Exact:      [][2]string{{belmiraHTML, belmiraTxt}},
		Syndicated: [][2]string{{"corpus/07-karsk-agrees-wire.txt", "corpus/08-karsk-agrees-syndicated.txt"}},
		Rewritten:  [][2]string{{"corpus/11-ceasefire-signed.html", "corpus/12-ceasefire-rewritten.txt"}},
		SameEvent:  [][2]string{{belmiraHTML, "corpus/04-belmira-funerals.txt"}},
		Distinct:   [][2]string{{belmiraHTML, "corpus/13-kovesh-shelling.txt"}},
	}
}
