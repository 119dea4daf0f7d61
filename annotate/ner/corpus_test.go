package ner

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadCoNLL(t *testing.T) {
	tests := []struct {
		name, in  string
		wantDocs  int
		wantSents []int // sentences per document
		wantTags  [][]string
		wantErr   string
	}{
		{name: "two documents",
			in:        "-DOCSTART-\n\nAnna tok grp B-PER\nsang tok grp O\n\nHi tok grp O\n-DOCSTART-\n\nOslo tok grp B-LOC\n",
			wantDocs:  2,
			wantSents: []int{2, 1},
			wantTags:  [][]string{{"B-PER", "O"}, {"O"}},
		},
		{name: "no docstart, CRLF, extra blank lines",
			in:        "\r\n\r\nAnna X X B-PER\r\nKarenina X X I-PER\r\n\r\n\r\n",
			wantDocs:  1,
			wantSents: []int{1},
			wantTags:  [][]string{{"B-PER", "I-PER"}},
		},
		{name: "token only gets O", in: "word\n", wantDocs: 1, wantSents: []int{1}, wantTags: [][]string{{"O"}}},
		{name: "empty", in: "", wantDocs: 0},
		{name: "docstart only", in: "-DOCSTART-\n\n-DOCSTART-\n", wantDocs: 0},
		{name: "bad tag", in: "-DOCSTART- x\n\nAnna tok grp PER\n", wantErr: "example.txt:3"},
		{name: "bad tag bare B", in: "x X X B-\n", wantErr: "example.txt:1"},
	}
	for _, tt := range tests {
		docs, err := ReadCoNLL(strings.NewReader(tt.in), "example.txt")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: ReadCoNLL(%q) error = %v, want one naming %s", tt.name, tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: ReadCoNLL(%q) error: %v", tt.name, tt.in, err)
			continue
		}
		if len(docs) != tt.wantDocs {
			t.Errorf("%s: ReadCoNLL(%q) = %d documents, want %d", tt.name, tt.in, len(docs), tt.wantDocs)
			continue
		}
		for i, d := range docs {
			if len(d.Sentences) != tt.wantSents[i] {
				t.Errorf("%s: ReadCoNLL(%q) document %d has %d sentences, want %d", tt.name, tt.in, i, len(d.Sentences), tt.wantSents[i])
			}
		}
		if len(docs) > 0 && tt.wantTags != nil && !reflect.DeepEqual(docs[0].Tags, tt.wantTags[:len(docs[0].Tags)]) {
			t.Errorf("%s: ReadCoNLL(%q) first document tags = %q, want %q", tt.name, tt.in, docs[0].Tags, tt.wantTags)
		}
	}
}

func TestSpans(t *testing.T) {
	tests := []struct {
		tags []string
		want []Span
	}{
		{nil, nil},
		{[]string{"O", "O"}, nil},
		{[]string{"B-PER", "I-PER", "O", "B-LOC"}, []Span{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{[]string{"B-PER", "B-PER"}, []Span{{0, 1, "PER"}, {1, 2, "PER"}}},
		{[]string{"I-ORG", "I-ORG", "I-LOC"}, []Span{{0, 2, "ORG"}, {2, 3, "LOC"}}}, // IOB1 / broken IOB2
		{[]string{"O", "I-MISC"}, []Span{{1, 2, "MISC"}}},
		{[]string{"B-PER", "junk", "I-PER"}, []Span{{0, 1, "PER"}, {2, 3, "PER"}}},
	}
	for _, tt := range tests {
		if got := Spans(tt.tags); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Spans(%q) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}

func TestBILOURoundTrip(t *testing.T) {
	spans := []Span{{0, 1, "PER"}, {2, 5, "ORG"}, {5, 7, "MISC"}, {8, 9, "LOC"}}
	labels := spansToBILOU(spans, 10)
	if got := bilouToSpans(labels); !reflect.DeepEqual(got, spans) {
		t.Errorf("bilouToSpans(spansToBILOU(%v)) = %v", spans, got)
	}
	for i := 1; i < len(labels); i++ {
		if !allowed(int(labels[i-1]), int(labels[i])) {
			t.Errorf("spansToBILOU(%v): %s after %s is not allowed", spans, labelNames[labels[i]], labelNames[labels[i-1]])
		}
	}
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add("-DOCSTART-\n\nAnna tok grp B-PER\nsang tok grp O\n\n")
	f.Add("a b c I-LOC\nd e f I-LOC\n\n\nx O\n")
	f.Add("x B-\n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ReadCoNLL(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz:") {
				t.Errorf("ReadCoNLL(%q) error %q does not name the file", in, err)
			}
			return
		}
		for _, d := range docs {
			if len(d.Sentences) == 0 || len(d.Tags) != len(d.Sentences) {
				t.Fatalf("ReadCoNLL(%q): document %s with %d sentences, %d tag lists", in, d.Name, len(d.Sentences), len(d.Tags))
			}
			for s, toks := range d.Sentences {
				if len(toks) == 0 || len(toks) != len(d.Tags[s]) {
					t.Fatalf("ReadCoNLL(%q): sentence with %d tokens, %d tags", in, len(toks), len(d.Tags[s]))
				}
				end := 0
				for _, sp := range Spans(d.Tags[s]) {
					if sp.Start < end || sp.End <= sp.Start || sp.End > len(toks) {
						t.Fatalf("Spans(%q) gives %v: out of order or range", d.Tags[s], sp)
					}
					end = sp.End
				}
			}
		}
	})
}
