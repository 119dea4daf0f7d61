package cluster

import (
	"context"
	"fmt"
	"math"
	"testing"
)

// TestTrainJoinRecovers fits examples labelled by a known rule and checks that the model separates them and
// puts its weight on the features the rule uses, with the sign the rule gives them.
func TestTrainJoinRecovers(t *testing.T) {
	var ex []JoinExample
	for i := range 400 {
		var e JoinExample
		e.X[jfBest] = float64(i%20) / 20
		e.X[jfFactConflict] = float64(i / 20 % 2)
		e.X[jfSize] = float64(i%7) / 7 // noise
		e.Same = e.X[jfBest]-0.5*e.X[jfFactConflict] > 0.4
		ex = append(ex, e)
	}
	m := TrainJoin(ex, 0.01)
	wrong := 0
	for _, e := range ex {
		if (m.Prob(e.X) >= 0.5) != e.Same {
			wrong++
		}
	}
	if wrong > 10 {
		t.Errorf("TrainJoin: %d of %d training examples on the wrong side; model %#v", wrong, len(ex), m)
	}
	if m.W[jfBest] <= 0 || m.W[jfFactConflict] >= 0 || math.Abs(m.W[jfSize]) > math.Abs(m.W[jfBest])/4 {
		t.Errorf("TrainJoin weights best %.2f, factConflict %.2f, size %.2f: want +, -, small", m.W[jfBest],
			m.W[jfFactConflict], m.W[jfSize])
	}
	if got := TrainJoin(ex, 0.01); got != m {
		t.Errorf("TrainJoin is not deterministic: %#v then %#v", m, got)
	}
	if got := TrainJoin([]JoinExample{{Same: true}, {Same: true}}, 0.01); got != (JoinModel{}) {
		t.Errorf("TrainJoin on one class = %#v, want the zero model", got)
	}
}

// TestLinkRuleModel checks that the model standing for the fixed rule joins above the event threshold and
// not below it, and that a fact conflict lowers it.
func TestLinkRuleModel(t *testing.T) {
	m := LinkRuleModel()
	for _, tc := range []struct {
		best, cent, conflict float64
		join                 bool
	}{
		{0.4, 0.4, 0, true},
		{0.1, 0.1, 0, false},
		{0.3, 0.25, 0, true},
		{0.3, 0.25, 1, false},
	} {
		var x [NumJoinFeatures]float64
		x[jfBest], x[jfCentroid], x[jfFactConflict] = tc.best, tc.cent, tc.conflict
		if got := m.Prob(x) >= 0.5; got != tc.join {
			t.Errorf("LinkRuleModel().Prob(best %.2f, centroid %.2f, conflict %.0f) = %.3f; want join %v", tc.best,
				tc.cent, tc.conflict, m.Prob(x), tc.join)
		}
	}
}

// joinStream is a synthetic stream with the gold happening of every document.
func joinStream(n int) ([]Doc, map[string]string) {
	g := NewGenerator(7, 0)
	var docs []Doc
	gold := map[string]string{}
	for range n {
		d := g.Next()
		docs = append(docs, d.Doc)
		gold[d.Doc.ID] = fmt.Sprint(d.Event)
	}
	return docs, gold
}

// TestCollectJoins checks the invariants of the collected pairs: features in range, both labels present,
// and a forced run labels the same happening as same more often than not at high similarity.
func TestCollectJoins(t *testing.T) {
	docs, gold := joinStream(1500)
	ex, err := CollectJoins(context.Background(), docs, gold, Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	var pos, neg, hiPos, hi int
	for _, e := range ex {
		for i, v := range e.X {
			if math.IsNaN(v) || v < -1.0001 || v > 1.0001 {
				t.Fatalf("CollectJoins: feature %s = %v, outside [-1, 1]", JoinFeatureNames[i], v)
			}
		}
		if e.Same {
			pos++
		} else {
			neg++
		}
		if e.X[jfBest] > 0.6 {
			hi++
			if e.Same {
				hiPos++
			}
		}
	}
	if pos == 0 || neg == 0 || hi == 0 || 2*hiPos < hi {
		t.Errorf("CollectJoins: %d same, %d not; %d of %d pairs above cosine 0.6 same", pos, neg, hiPos, hi)
	}
	// With the model switched on, the Index stays deterministic and clusters the stream sensibly.
	run := func() []Cluster {
		x := New(Options{JoinThreshold: TrainedJoinThreshold})
		for _, d := range docs {
			x.Add(d)
		}
		return x.Clusters()
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("Index with the join model is not deterministic")
	}
	if len(a) < 10 || len(a) > len(docs)/2 {
		t.Errorf("Index with the join model made %d clusters of %d documents", len(a), len(docs))
	}
}
