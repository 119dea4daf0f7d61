package rowkit

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/zeebo/xxh3"

	"newsgraph"
	"newsgraph/store/internal/codec"
)

// RawHash returns the identity of raw bytes: 16 hex digits of their XXH3-128 hash.
func RawHash(b []byte) string {
	h := xxh3.Hash128(b).Bytes()
	return fmt.Sprintf("%x", h[:8])
}

// container is the JSON form of an item's container metadata.
type container struct {
	Title     string            `json:"title,omitempty"`
	Author    string            `json:"author,omitempty"`
	Site      string            `json:"site,omitempty"`
	Language  string            `json:"language,omitempty"`
	Published string            `json:"published,omitempty"`
	Meta      map[string]string `json:"meta,omitempty"`
}

// EncodeContainer returns the stored JSON form of an item's container metadata: its title, author, site,
// language, publication time and meta.
func EncodeContainer(it *newsgraph.Item) []byte {
	c := container{Title: it.Title, Author: it.Author, Site: it.Site, Language: it.Language, Meta: it.Meta}
	if !it.Published.IsZero() {
		c.Published = it.Published.Format(time.RFC3339)
	}
	cj, _ := json.Marshal(c) // strings and a map of strings always marshal
	return cj
}

// FinishRaw fills in r from the stored text of its format and status, its content in encoding enc (see
// codec.Decompress) and its container JSON (see EncodeContainer).
func FinishRaw(r *newsgraph.Raw, format, status, enc string, content []byte, cj string) error {
	r.Item.Format = newsgraph.Format(format)
	r.Status = newsgraph.RawStatus(status)
	var err error
	if r.Item.Raw, err = codec.Decompress(content, enc); err != nil {
		return fmt.Errorf("raw item %d: %w", r.ID, err)
	}
	var c container
	if err := json.Unmarshal([]byte(cj), &c); err != nil {
		return fmt.Errorf("raw item %d container: %w", r.ID, err)
	}
	r.Item.Title, r.Item.Author, r.Item.Site, r.Item.Language, r.Item.Meta = c.Title, c.Author, c.Site, c.Language, c.Meta
	if c.Published != "" {
		r.Item.Published, _ = time.Parse(time.RFC3339, c.Published)
	}
	return nil
}
