package extract

import (
	"strings"
	"testing"

	"newsgraph/internal/shared"

	"golang.org/x/net/html"
)

// sharedData returns the path of rel under the project's shared/data folder (found by walking up from the
// package directory), "" when it is absent.
func sharedData(rel string) string { return shared.Dir("data", rel) }

func parse(t testing.TB, page string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
