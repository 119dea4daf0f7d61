package timex

import (
	"strings"
	"testing"

	"newsgraph/annotate/segment"
)

// benchText is news-like text: mostly words that are not time expressions, some that are.
const benchText = `Foreign ministers of Russia, Iran and Turkey met in Doha on Saturday to discuss the war in Syria, where
rebels have advanced on Damascus in recent days. The talks, which lasted more than four hours, ended without a joint
statement, officials said. Lavrov told reporters the three countries would meet again next week. "We agreed that the
fighting must stop now," he said. The rebel offensive began on November 27, 2024, and the army has lost Aleppo, Hama
and Homs since then. The United Nations said 370,000 people had fled their homes, up from 280,000 a week earlier.
Prices in the capital have doubled this month, and the currency fell 20% in the third quarter. The six-year-old
ceasefire agreement, signed in March 2020, collapsed last month. Analysts said the government had been weakened
by years of sanctions and by the withdrawal of Russian aircraft earlier this year.
`

func BenchmarkFind(b *testing.B) {
	text := strings.Repeat(benchText+"\n", 20)
	_, sents, toks := segment.Segment(text, nil)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Find(text, sents, toks, dctSat)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
