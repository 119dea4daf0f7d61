package entity

import (
	"slices"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

// output builds the document's mentions and entities. Entities come in the order of their first mention;
// groups of entities the gazetteer does not hold that end up with one ID (the same name written twice but not
// grouped) share one entity. Name mentions of such an entity take its label, except nationalities (NORP).
func (d *doc) output() ([]newsgraph.Mention, []newsgraph.DocEntity) {
	type first struct{ pos, group int }
	var order []first
	for gi := range d.groups {
		g := &d.groups[gi]
		if g.dead || len(g.ments) == 0 {
			continue
		}
		pos := -1
		for _, mi := range g.ments {
			if m := d.ments[mi]; !m.dead && (pos < 0 || m.span.Start < pos) {
				pos = m.span.Start
			}
		}
		if pos >= 0 {
			order = append(order, first{pos, gi})
		}
	}
	slices.SortFunc(order, func(a, b first) int { return a.pos - b.pos })

	entityOf := make([]int, len(d.groups))
	for i := range entityOf {
		entityOf[i] = -1
	}
	byID := map[string]int{}
	var ents []newsgraph.DocEntity
	for _, o := range order {
		g := &d.groups[o.group]
		e := d.entity(g)
		if idx, ok := byID[e.ID]; ok {
			entityOf[o.group] = idx
			continue
		}
		idx := len(ents)
		byID[e.ID] = idx
		entityOf[o.group] = idx
		ents = append(ents, newsgraph.DocEntity{Entity: e, RolesAt: gazetteer.RolesAt(e, d.date)})
	}

	out := make([]newsgraph.Mention, 0, len(d.ments))
	for _, m := range d.ments {
		if m.dead || m.group < 0 || entityOf[m.group] < 0 {
			continue
		}
		label := m.label
		if e := ents[entityOf[m.group]]; m.kind == newsgraph.MentionName && !e.Known && label != newsgraph.LabelNORP {
			label = e.Label
		}
		out = append(out, newsgraph.Mention{Span: m.span, Label: label, Kind: m.kind, Sentence: d.sentence(m.first),
			Entity: entityOf[m.group]})
	}
	slices.SortFunc(out, func(a, b newsgraph.Mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	// Mentions never overlap by construction; keep the guarantee cheap to check.
	w := 0
	for _, m := range out {
		if w > 0 && m.Start < out[w-1].End {
			continue
		}
		out[w] = m
		w++
	}
	return out[:w], ents
}

// entity returns the canonical entity of a group: its gazetteer entry, or an entity named after the longest
// name the document wrote, with the country and offices its titles say.
func (d *doc) entity(g *group) newsgraph.Entity {
	if g.gid != "" {
		e := *d.r.ent(g.gid)
		e.Aliases = slices.Clone(e.Aliases)
		e.Roles = slices.Clone(e.Roles)
		return e
	}
	label := d.label(g)
	e := newsgraph.Entity{ID: unknownID(label, g.name), Name: g.name, Label: label}
	if label == newsgraph.LabelPER {
		e.Kind = "person"
		e.Country = g.ev.country
		e.Roles = slices.Clone(g.ev.roles)
	}
	return e
}
