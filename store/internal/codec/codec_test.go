package codec

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"newsgraph"
)

func TestCompressRoundTrip(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("short"), bytes.Repeat([]byte("news "), 2000)} {
		b, enc := Compress(in)
		if want := map[bool]string{true: "zstd", false: "identity"}[len(in) >= CompressAbove]; enc != want {
			t.Errorf("Compress(%d bytes) encoding %q, want %q", len(in), enc, want)
		}
		out, err := Decompress(b, enc)
		if err != nil || !bytes.Equal(out, in) {
			t.Errorf("Decompress(Compress(%d bytes)) = %d bytes, %v", len(in), len(out), err)
		}
	}
	if _, err := Decompress([]byte("x"), "brotli"); err == nil {
		t.Error("Decompress with an unknown encoding: no error")
	}
}

func TestAnnotationsRoundTrip(t *testing.T) {
	text := "Lavrov said: \u201cWe will help.\u201d He left on Saturday."
	d := newsgraph.Document{
		Text:      text,
		Tokens:    []newsgraph.Span{{Start: 0, End: 6}, {Start: 7, End: 11}},
		Sentences: []newsgraph.Sentence{{Span: newsgraph.Span{Start: 0, End: 29}, TokenStart: 0, TokenEnd: 2, Date: "2024-12-07"}},
		Mentions:  []newsgraph.Mention{{Span: newsgraph.Span{Start: 0, End: 6}, Label: "PER", Kind: newsgraph.MentionName, Entity: 0}},
		Entities:  []newsgraph.DocEntity{{Entity: newsgraph.Entity{ID: "sergei-lavrov", Name: "Sergei Lavrov", Label: "PER", Known: true}}},
		Timexes:   []newsgraph.Timex{{Span: newsgraph.Span{Start: strings.Index(text, "Saturday"), End: len(text) - 1}, Type: "DATE", Value: "2024-12-07"}},
		Quotes:    []newsgraph.Quote{{Span: newsgraph.Span{Start: 15, End: 28}, Direct: true, Mention: 0, Entity: 0, Date: "2024-12-07"}},
		Events:    []newsgraph.Event{{Code: "040", Source: newsgraph.EventActor{Entity: 0, CAMEO: "RUSGOV"}, Target: newsgraph.EventActor{Entity: -1}, Location: -1, Reporter: -1}},
	}
	b, err := EncodeAnnotations(&d)
	if err != nil {
		t.Fatal(err)
	}
	var got newsgraph.Document
	if err := DecodeAnnotations(b, &got); err != nil {
		t.Fatal(err)
	}
	for name, pair := range map[string][2]any{
		"tokens": {got.Tokens, d.Tokens}, "sentences": {got.Sentences, d.Sentences}, "mentions": {got.Mentions, d.Mentions},
		"entities": {got.Entities, d.Entities}, "timexes": {got.Timexes, d.Timexes}, "quotes": {got.Quotes, d.Quotes}, "events": {got.Events, d.Events},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s: got %+v, want %+v", name, pair[0], pair[1])
		}
	}
	if b, err := EncodeAnnotations(&newsgraph.Document{Text: "x"}); b != nil || err != nil {
		t.Errorf("EncodeAnnotations(no layers) = %d bytes, %v; want nil", len(b), err)
	}
	if err := DecodeAnnotations([]byte("not zstd"), &got); err == nil {
		t.Error("DecodeAnnotations(garbage): no error")
	}
}
