package eval

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"newsgraph/internal/shared"
)

// Baselines of event coding on the PETRARCH unit-test records, recorded when the coder was written;
// TestEvents fails when a change loses more than eventsSlack of one.
const (
	eventsRecall    = 0.454
	eventsPrecision = 0.787
	eventsSlack     = 0.01
)

func TestEvents(t *testing.T) {
	dir := shared.Need(t, "data", "events", "cameo", "validation")
	start := time.Now()
	s, err := Events(context.Background(), filepath.Join(dir, "petrarch2_PETR.UnitTest.records.xml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(s)
	t.Log("\n" + s.Table())
	if s.Sentences < 200 || s.Expected < 300 {
		t.Errorf("Events read %d sentences and %d expected codings, want at least 200 and 300", s.Sentences, s.Expected)
	}
	if s.Recall < eventsRecall-eventsSlack {
		t.Errorf("recall %.3f below the baseline %.3f", s.Recall, eventsRecall)
	}
	if s.Precision < eventsPrecision-eventsSlack {
		t.Errorf("precision %.3f below the baseline %.3f", s.Precision, eventsPrecision)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("Events took %v, want under 20 s", d)
	}
}
