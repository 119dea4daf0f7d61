package cli

import (
	"fmt"
	"reflect"
	"testing"
)

func TestListPages(t *testing.T) {
	items := []int{0, 1, 2, 3, 4, 5, 6}
	for _, c := range []struct {
		limit, size int
		want        []int
		calls       []string
	}{
		{0, 3, items, []string{"3@0", "3@3", "3@6"}},
		{5, 3, items[:5], []string{"3@0", "2@3"}},
		{2, 500, items[:2], []string{"2@0"}},
		{0, 7, items, []string{"7@0"}},
	} {
		var got []int
		var calls []string
		listed, total, err := listPages(c.limit, c.size, func(limit, offset int) ([]int, int, error) {
			calls = append(calls, fmt.Sprintf("%d@%d", limit, offset))
			return items[offset:min(offset+limit, len(items))], len(items), nil
		}, func(i int) error {
			got = append(got, i)
			return nil
		})
		if err != nil || listed != len(c.want) || total != len(items) || !reflect.DeepEqual(got, c.want) || !reflect.DeepEqual(calls, c.calls) {
			t.Errorf("listPages(%d, %d) = %d, %d, %v listing %v with fetches %v; want %d, %d listing %v with fetches %v",
				c.limit, c.size, listed, total, err, got, calls, len(c.want), len(items), c.want, c.calls)
		}
	}
}

func TestCountLine(t *testing.T) {
	for _, tc := range []struct {
		total, shown, offset int
		want                 string
	}{
		{0, 0, 0, "no events"},
		{5, 5, 0, "5 events"},
		{120, 20, 0, "120 events; showing 1-20"},
		{120, 20, 20, "120 events; showing 21-40"},
		{120, 0, 200, "120 events; none from 201"},
		{3, 1, 2, "3 events; showing 3-3"},
	} {
		if got := countLine(tc.total, tc.shown, tc.offset, "events"); got != tc.want {
			t.Errorf("countLine(%d, %d, %d) = %q, want %q", tc.total, tc.shown, tc.offset, got, tc.want)
		}
	}
}
