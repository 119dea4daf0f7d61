package shared

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadSections(t *testing.T) {
	for _, c := range []struct {
		in      string
		want    []Section
		wantErr bool
	}{
		{in: "# header\n\n[a.txt]\n+ one\n  ? two  \n[b.txt]\n", want: []Section{
			{Name: "a.txt", Lines: []Line{{N: 4, Text: "+ one"}, {N: 5, Text: "? two"}}}, {Name: "b.txt"}}},
		{in: "[a]\n# skipped\nx # kept whole\n", want: []Section{{Name: "a", Lines: []Line{{N: 3, Text: "x # kept whole"}}}}},
		{in: "", want: nil},
		{in: "stray\n[a]\n", wantErr: true},
	} {
		path := filepath.Join(t.TempDir(), "x.golden")
		if err := os.WriteFile(path, []byte(c.in), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadSections(path)
		if (err != nil) != c.wantErr || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ReadSections(%q) = %+v, %v; want %+v, error %v", c.in, got, err, c.want, c.wantErr)
		}
	}
	if _, err := ReadSections(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Errorf("ReadSections(missing file) = nil error")
	}
}
