package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsgraph"
	"newsgraph/annotate/gazetteer"
)

func (m *Main) entityStore(ctx context.Context, db string) (newsgraph.EntityStore, error) {
	st, err := m.open(ctx, db)
	if err != nil {
		return nil, err
	}
	es, ok := st.(newsgraph.EntityStore)
	if !ok {
		return nil, fmt.Errorf("%s: this store keeps no entities", db)
	}
	return es, nil
}

// rolesDuring returns the roles of e held at some time between first and last (all roles when both are zero).
func rolesDuring(e newsgraph.Entity, first, last time.Time) []newsgraph.Role {
	var out []newsgraph.Role
	for _, r := range e.Roles {
		if gazetteer.HeldDuring(r, first, last) {
			out = append(out, r)
		}
	}
	return mergeRoles(out)
}

type entityCountJSON struct {
	newsgraph.Entity
	Mentions  int              `json:"mentions"`
	Documents int              `json:"documents"`
	First     string           `json:"first,omitempty"`
	Last      string           `json:"last,omitempty"`
	RolesThen []newsgraph.Role `json:"roles_then,omitempty"`
}

func toEntityCountJSON(c newsgraph.EntityCount) entityCountJSON {
	j := entityCountJSON{Entity: c.Entity, Mentions: c.Mentions, Documents: c.Documents, RolesThen: rolesDuring(c.Entity, c.First, c.Last)}
	if !c.First.IsZero() {
		j.First, j.Last = c.First.Format("2006-01-02"), c.Last.Format("2006-01-02")
	}
	return j
}

func (m *Main) entities(ctx context.Context, args []string) error {
	f := newFlags(m, "entities", true, true)
	label := f.String("type", "", "PER, ORG, LOC, NORP or MISC")
	top := f.Int("top", 20, "how many")
	offset := f.Int("offset", 0, "skip this many")
	name := f.String("name", "", "only entities whose name contains this")
	from := f.String("from", "", "count mentions in documents published from this date (YYYY-MM-DD, YYYY-MM or YYYY)")
	to := f.String("to", "", "... to this date")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q: %w", pos[0], errUsage)
	}
	q := newsgraph.EntityQuery{Label: strings.ToUpper(*label), Name: *name, Limit: *top, Offset: *offset}
	switch q.Label {
	case "", newsgraph.LabelPER, newsgraph.LabelORG, newsgraph.LabelLOC, newsgraph.LabelNORP, newsgraph.LabelMISC:
	default:
		return fmt.Errorf("--type %q: want PER, ORG, LOC, NORP or MISC: %w", *label, errUsage)
	}
	if q.From, err = parseDate(*from, "from", false); err != nil {
		return err
	}
	if q.To, err = parseDate(*to, "to", true); err != nil {
		return err
	}
	es, err := m.entityStore(ctx, f.db)
	if err != nil {
		return err
	}
	list, total, err := es.Entities(ctx, q)
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		for _, c := range list {
			if err := enc.Encode(toEntityCountJSON(c)); err != nil {
				return err
			}
		}
		return nil
	}
	g := gazetteer.Default()
	fmt.Fprintln(m.Stdout, countLine(total, len(list), q.Offset, "entities"))
	fmt.Fprintf(m.Stdout, "%-4s %8s %5s  %-34s %s\n", "type", "mentions", "docs", "entity", "roles at the time")
	for _, c := range list {
		roles := rolesDuring(c.Entity, c.First, c.Last)
		var rs []string
		for _, r := range roles {
			rs = append(rs, roleString(r, g))
		}
		if len(rs) == 0 {
			rs = []string{""}
		}
		fmt.Fprintf(m.Stdout, "%-4s %8d %5d  %-34s %s\n", c.Entity.Label, c.Mentions, c.Documents, c.Entity.Name, rs[0])
		for _, r := range rs[1:] {
			fmt.Fprintf(m.Stdout, "%55s%s\n", "", r)
		}
	}
	return nil
}

func (m *Main) entity(ctx context.Context, args []string) error {
	f := newFlags(m, "entity", true, true)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("no entity named: %w", errUsage)
	}
	es, err := m.entityStore(ctx, f.db)
	if err != nil {
		return err
	}
	p, err := es.EntityProfile(ctx, strings.Join(pos, " "))
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(toProfileJSON(p))
	}
	g := gazetteer.Default()
	w := m.Stdout
	e := p.Entity
	known := "met in the corpus"
	if e.Known {
		known = "gazetteer"
	}
	fmt.Fprintf(w, "%s\n  %s, %s, id %s (%s)\n", e.Name, e.Label, orDash(e.Kind), e.ID, known)
	if e.Country != "" {
		if c, ok := g.Entity(e.Country); ok {
			fmt.Fprintf(w, "  country: %s\n", c.Name)
		}
	}
	if e.CAMEO != "" {
		fmt.Fprintf(w, "  CAMEO:   %s\n", e.CAMEO)
	}
	if len(e.Aliases) > 0 {
		fmt.Fprintf(w, "  also:    %s\n", strings.Join(e.Aliases, "; "))
	}
	if len(e.Roles) > 0 {
		fmt.Fprintln(w, "\nRoles")
		for _, r := range mergeRoles(e.Roles) {
			fmt.Fprintf(w, "  %s\n", roleString(r, g))
		}
	}
	fmt.Fprintf(w, "\nMentions: %d in %d documents", p.Mentions, p.Documents)
	if !p.First.IsZero() {
		fmt.Fprintf(w, ", %s to %s", p.First.Format("2006-01-02"), p.Last.Format("2006-01-02"))
	}
	fmt.Fprintln(w)
	if len(p.Aliases) > 0 {
		var as []string
		for _, a := range p.Aliases {
			as = append(as, fmt.Sprintf("%q %d", oneLine(a.Key), a.N))
		}
		fmt.Fprintf(w, "  as:      %s\n", strings.Join(as, ", "))
	}
	if len(p.Months) > 0 {
		fmt.Fprintln(w, "\nOver time")
		peak := 0
		for _, c := range p.Months {
			peak = max(peak, c.N)
		}
		for _, c := range p.Months {
			fmt.Fprintf(w, "  %s %-30s %d\n", c.Key, strings.Repeat("█", max(1, c.N*30/peak)), c.N)
		}
	}
	if len(p.Related) > 0 {
		fmt.Fprintln(w, "\nMentioned with")
		for _, r := range p.Related {
			fmt.Fprintf(w, "  %-4s %-34s in %d documents\n", r.Entity.Label, r.Entity.Name, r.Documents)
		}
	}
	fmt.Fprintln(w, "\nDocuments")
	for _, dc := range p.Docs {
		fmt.Fprintf(w, "  %s  %s  %2d×  %s\n", day(dc.Doc.Published), dc.Doc.ID[:8], dc.N, oneLine(dc.Doc.Title))
	}
	if len(p.Ambiguous) > 0 {
		fmt.Fprintln(w, "\nThe name also matches")
		for _, a := range p.Ambiguous {
			fmt.Fprintf(w, "  %-4s %-34s %s (%d mentions)\n", a.Entity.Label, a.Entity.Name, a.Entity.ID, a.Mentions)
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type profileJSON struct {
	entityCountJSON
	Aliases   []newsgraph.Count `json:"aliases_seen"`
	Months    []newsgraph.Count `json:"months"`
	Related   []entityCountJSON `json:"related"`
	Documents []docCountJSON    `json:"documents_list"`
	Ambiguous []entityCountJSON `json:"also_matches,omitempty"`
}

type docCountJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Mentions  int    `json:"mentions"`
}

func toProfileJSON(p newsgraph.EntityProfile) profileJSON {
	j := profileJSON{entityCountJSON: toEntityCountJSON(p.EntityCount), Aliases: p.Aliases, Months: p.Months}
	for _, r := range p.Related {
		j.Related = append(j.Related, toEntityCountJSON(r))
	}
	for _, a := range p.Ambiguous {
		j.Ambiguous = append(j.Ambiguous, toEntityCountJSON(a))
	}
	for _, dc := range p.Docs {
		src := dc.Doc.URL
		if src == "" {
			src = dc.Doc.Origin.Path
		}
		j.Documents = append(j.Documents, docCountJSON{ID: dc.Doc.ID, Title: dc.Doc.Title, Published: jsonDate(dc.Doc), Source: src, Mentions: dc.N})
	}
	return j
}

// mergeRoles folds roles that read the same (one title of one country or organisation) into one, from the
// earliest start to the latest end: a president recorded as head of state and as head of government is one line.
func mergeRoles(roles []newsgraph.Role) []newsgraph.Role {
	var out []newsgraph.Role
	index := map[string]int{}
	for _, r := range roles {
		title := r.Title
		if title == "" {
			title = r.Role
		}
		k := strings.ToLower(title) + "\x00" + r.Of
		i, ok := index[k]
		if !ok {
			index[k] = len(out)
			out = append(out, r)
			continue
		}
		o := &out[i]
		if r.From < o.From {
			o.From = r.From
		}
		if o.To != "" && (r.To == "" || r.To > o.To) {
			o.To = r.To
		}
	}
	return out
}
