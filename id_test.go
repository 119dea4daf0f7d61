package newsgraph

import "testing"

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Hello\n\n World  ", "hello world"},
		{"\u201cQuoted\u201d \u2014 it\u2019s", "\"quoted\" - it's"},
		{"ＦＵＬＬ width", "full width"},
		{"tab\tand\r\nnewline", "tab and newline"},
	}
	for _, tt := range tests {
		got := NormalizeText(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := NormalizeText(got); again != got {
			t.Errorf("NormalizeText not idempotent on %q: %q then %q", tt.in, got, again)
		}
	}
}

func TestDocumentID(t *testing.T) {
	a := DocumentID("Lavrov met Fidan.\n\nThey talked.")
	b := DocumentID("  lavrov met fidan. they talked.  ")
	c := DocumentID("Lavrov met Araghchi. They talked.")
	if a != b {
		t.Errorf("DocumentID differs for layout-only changes: %s vs %s", a, b)
	}
	if a == c {
		t.Errorf("DocumentID(%q) equals ID of different text", "Lavrov met Araghchi...")
	}
	if len(a) != 16 {
		t.Errorf("DocumentID length = %d, want 16", len(a))
	}
}

func FuzzNormalizeText(f *testing.F) {
	f.Add("Hello \u201cworld\u201d")
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeText(s)
		if NormalizeText(n) != n {
			t.Errorf("not idempotent: %q -> %q -> %q", s, n, NormalizeText(n))
		}
	})
}
