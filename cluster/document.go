package cluster

import (
	"slices"

	"newsgraph"
)

// FromDocument returns what clustering needs from an annotated document: its ID, title, text, site and date,
// its entities (entity ID -> mentions linked to it, of every kind, at least 1; Names from the entity names) and its main
// actor (Doc.Actors: the person with the most linked mentions, ties to the smaller ID; none when no person
// is linked). An unannotated document gives its text alone.
func FromDocument(d *newsgraph.Document) Doc {
	cd := Doc{ID: d.ID, Title: d.Title, Text: d.Text, Site: d.Site, Published: d.Published}
	if len(d.Entities) == 0 {
		return cd
	}
	cd.Entities, cd.Names = map[string]int{}, map[string]string{}
	people := map[string]int{}
	for _, m := range d.Mentions {
		if m.Entity < 0 || m.Entity >= len(d.Entities) {
			continue
		}
		e := d.Entities[m.Entity]
		if e.ID == "" {
			continue
		}
		cd.Entities[e.ID]++
		cd.Names[e.ID] = e.Name
		if e.Label == newsgraph.LabelPER {
			people[e.ID]++
		}
	}
	for _, e := range d.Entities {
		if _, ok := cd.Entities[e.ID]; !ok && e.ID != "" {
			cd.Entities[e.ID], cd.Names[e.ID] = 1, e.Name
		}
	}
	ids := make([]string, 0, len(people))
	for id := range people {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	best := ""
	for _, id := range ids {
		if best == "" || people[id] > people[best] {
			best = id
		}
	}
	if best != "" {
		cd.Actors = []string{best}
	}
	return cd
}
