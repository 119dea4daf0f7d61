package graph

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// Attribute names shared by the GEXF and GraphML outputs.
var edgeAttrs = []struct{ id, title, typ string }{
	{"events", "events", "integer"},
	{"happenings", "happenings", "integer"},
	{"verbal_coop", "verbal cooperation", "integer"},
	{"material_coop", "material cooperation", "integer"},
	{"verbal_conflict", "verbal conflict", "integer"},
	{"material_conflict", "material conflict", "integer"},
	{"goldstein", "mean Goldstein", "double"},
	{"quotes", "quotes", "integer"},
}

func (s Stats) values() []string {
	return []string{strconv.Itoa(s.Events), strconv.Itoa(s.Happenings), strconv.Itoa(s.Quad[0]), strconv.Itoa(s.Quad[1]),
		strconv.Itoa(s.Quad[2]), strconv.Itoa(s.Quad[3]), strconv.FormatFloat(s.Goldstein, 'f', -1, 64), strconv.Itoa(s.Quotes)}
}

// GEXF 1.3 document (https://gexf.net/schema.html), the subset written here.
type (
	gexfDoc struct {
		XMLName xml.Name  `xml:"gexf"`
		XMLNS   string    `xml:"xmlns,attr"`
		Version string    `xml:"version,attr"`
		Meta    gexfMeta  `xml:"meta"`
		Graph   gexfGraph `xml:"graph"`
	}
	gexfMeta struct {
		Creator     string `xml:"creator"`
		Description string `xml:"description"`
	}
	gexfGraph struct {
		Mode       string      `xml:"mode,attr"`
		EdgeType   string      `xml:"defaultedgetype,attr"`
		TimeFormat string      `xml:"timeformat,attr"`
		TimeRepr   string      `xml:"timerepresentation,attr"`
		Start      string      `xml:"start,attr,omitempty"`
		End        string      `xml:"end,attr,omitempty"`
		Attributes []gexfAttrs `xml:"attributes"`
		Nodes      []gexfNode  `xml:"nodes>node"`
		Edges      []gexfEdge  `xml:"edges>edge"`
	}
	gexfAttrs struct {
		Class string     `xml:"class,attr"`
		Mode  string     `xml:"mode,attr"`
		Attrs []gexfAttr `xml:"attribute"`
	}
	gexfAttr struct {
		ID    string `xml:"id,attr"`
		Title string `xml:"title,attr"`
		Type  string `xml:"type,attr"`
	}
	gexfNode struct {
		ID     string      `xml:"id,attr"`
		Label  string      `xml:"label,attr"`
		Values []gexfValue `xml:"attvalues>attvalue"`
		Spells []gexfSpell `xml:"spells>spell"`
	}
	gexfEdge struct {
		ID     string      `xml:"id,attr"`
		Source string      `xml:"source,attr"`
		Target string      `xml:"target,attr"`
		Weight int         `xml:"weight,attr"`
		Values []gexfValue `xml:"attvalues>attvalue"`
		Spells []gexfSpell `xml:"spells>spell"`
	}
	gexfValue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
		Start string `xml:"start,attr,omitempty"`
		End   string `xml:"end,attr,omitempty"`
	}
	gexfSpell struct {
		Start string `xml:"start,attr,omitempty"`
		End   string `xml:"end,attr,omitempty"`
	}
)

// span returns the dated bounds of a window, "" for an open end.
func span(w Window) gexfSpell { return gexfSpell{Start: date(w.From), End: date(w.To)} }

// WriteGEXF writes g as a dynamic, directed GEXF 1.3 graph with dates as time: each node and edge has a spell per
// window in which it takes part in events; edge attributes (events, happenings, the four QuadClass counts, mean
// Goldstein, quotes) hold a value per spell, and the edge weight is its event count over the whole graph.
func (g *Graph) WriteGEXF(w io.Writer) error {
	doc := gexfDoc{XMLNS: "http://gexf.net/1.3", Version: "1.3",
		Meta:  gexfMeta{Creator: "newsgraph", Description: "actor relations from coded news events"},
		Graph: gexfGraph{Mode: "dynamic", EdgeType: "directed", TimeFormat: "date", TimeRepr: "interval"}}
	if len(g.Windows) > 0 {
		doc.Graph.Start, doc.Graph.End = date(g.Windows[0].From), date(g.Windows[len(g.Windows)-1].To)
	}
	nodeAttrs := gexfAttrs{Class: "node", Mode: "static", Attrs: []gexfAttr{{"type", "type", "string"}, {"cameo", "CAMEO", "string"}, {"events", "events", "integer"}}}
	edgeA := gexfAttrs{Class: "edge", Mode: "dynamic"}
	for _, a := range edgeAttrs {
		edgeA.Attrs = append(edgeA.Attrs, gexfAttr{a.id, a.title, a.typ})
	}
	doc.Graph.Attributes = []gexfAttrs{nodeAttrs, edgeA}
	for _, n := range g.Nodes {
		gn := gexfNode{ID: n.ID, Label: n.Name, Values: []gexfValue{{For: "type", Value: n.Type}, {For: "cameo", Value: n.CAMEO}, {For: "events", Value: strconv.Itoa(n.Events)}}}
		for _, s := range n.Spells {
			if sp := span(s); sp != (gexfSpell{}) {
				gn.Spells = append(gn.Spells, sp)
			}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for i, e := range g.Edges {
		ge := gexfEdge{ID: strconv.Itoa(i), Source: e.Source, Target: e.Target, Weight: e.Events}
		for _, s := range e.Spells {
			sp := span(s.Window)
			if sp != (gexfSpell{}) {
				ge.Spells = append(ge.Spells, sp)
			}
			for j, v := range s.values() {
				ge.Values = append(ge.Values, gexfValue{For: edgeAttrs[j].id, Value: v, Start: sp.Start, End: sp.End})
			}
		}
		doc.Graph.Edges = append(doc.Graph.Edges, ge)
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write graph: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// GraphML document (http://graphml.graphdrawing.org/), the subset written here.
type (
	graphmlDoc struct {
		XMLName xml.Name     `xml:"graphml"`
		XMLNS   string       `xml:"xmlns,attr"`
		Keys    []graphmlKey `xml:"key"`
		Graph   graphmlGraph `xml:"graph"`
	}
	graphmlKey struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	graphmlGraph struct {
		ID       string        `xml:"id,attr"`
		EdgeType string        `xml:"edgedefault,attr"`
		Data     []graphmlData `xml:"data"`
		Nodes    []graphmlNode `xml:"node"`
		Edges    []graphmlEdge `xml:"edge"`
	}
	graphmlNode struct {
		ID   string        `xml:"id,attr"`
		Data []graphmlData `xml:"data"`
	}
	graphmlEdge struct {
		ID     string        `xml:"id,attr"`
		Source string        `xml:"source,attr"`
		Target string        `xml:"target,attr"`
		Data   []graphmlData `xml:"data"`
	}
	graphmlData struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
)

// WriteGraphML writes g as a directed GraphML graph: node keys label, type, cameo, events, first and last
// (event dates); edge keys weight (events), the edge attributes of WriteGEXF over the whole graph, first and
// last. GraphML has no time: the graph's window is in the graph's from and to data.
func (g *Graph) WriteGraphML(w io.Writer) error {
	doc := graphmlDoc{XMLNS: "http://graphml.graphdrawing.org/xmlns", Graph: graphmlGraph{ID: "newsgraph", EdgeType: "directed"}}
	doc.Keys = []graphmlKey{{"from", "graph", "from", "string"}, {"to", "graph", "to", "string"},
		{"label", "node", "label", "string"}, {"type", "node", "type", "string"}, {"cameo", "node", "cameo", "string"}, {"nevents", "node", "events", "int"},
		{"weight", "edge", "weight", "double"}}
	for _, a := range edgeAttrs {
		typ := map[string]string{"integer": "int", "double": "double"}[a.typ]
		doc.Keys = append(doc.Keys, graphmlKey{a.id, "edge", a.id, typ})
	}
	doc.Keys = append(doc.Keys, graphmlKey{"first", "edge", "first", "string"}, graphmlKey{"last", "edge", "last", "string"})
	if len(g.Windows) > 0 {
		doc.Graph.Data = []graphmlData{{"from", date(g.Windows[0].From)}, {"to", date(g.Windows[len(g.Windows)-1].To)}}
	}
	for _, n := range g.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphmlNode{ID: n.ID, Data: []graphmlData{{"label", n.Name}, {"type", n.Type}, {"cameo", n.CAMEO}, {"nevents", strconv.Itoa(n.Events)}}})
	}
	for i, e := range g.Edges {
		ge := graphmlEdge{ID: "e" + strconv.Itoa(i), Source: e.Source, Target: e.Target, Data: []graphmlData{{"weight", strconv.Itoa(e.Events)}}}
		for j, v := range e.Stats.values() {
			ge.Data = append(ge.Data, graphmlData{edgeAttrs[j].id, v})
		}
		ge.Data = append(ge.Data, graphmlData{"first", e.First}, graphmlData{"last", e.Last})
		doc.Graph.Edges = append(doc.Graph.Edges, ge)
	}
	return writeXML(w, doc)
}

// JSON form of a graph.
type (
	jsonGraph struct {
		From  string     `json:"from,omitempty"`
		To    string     `json:"to,omitempty"`
		Nodes []jsonNode `json:"nodes"`
		Edges []jsonEdge `json:"edges"`
	}
	jsonNode struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Type   string `json:"type"`
		CAMEO  string `json:"cameo,omitempty"`
		Events int    `json:"events"`
	}
	jsonStats struct {
		Events           int     `json:"events"`
		Happenings       int     `json:"happenings"`
		VerbalCoop       int     `json:"verbal_coop"`
		MaterialCoop     int     `json:"material_coop"`
		VerbalConflict   int     `json:"verbal_conflict"`
		MaterialConflict int     `json:"material_conflict"`
		Goldstein        float64 `json:"goldstein"`
		Quotes           int     `json:"quotes"`
		First            string  `json:"first,omitempty"`
		Last             string  `json:"last,omitempty"`
	}
	jsonSpell struct {
		From string `json:"from,omitempty"`
		To   string `json:"to,omitempty"`
		jsonStats
	}
	jsonEdge struct {
		Source string `json:"source"`
		Target string `json:"target"`
		jsonStats
		Spells   []jsonSpell    `json:"spells,omitempty"`
		Evidence []jsonEvidence `json:"evidence,omitempty"`
	}
	jsonEvidence struct {
		Document string `json:"document"`
		Title    string `json:"title,omitempty"`
		Source   string `json:"source,omitempty"`
		Date     string `json:"date,omitempty"`
		Code     string `json:"code"`
		Sentence string `json:"sentence"`
	}
)

func (s Stats) json() jsonStats {
	return jsonStats{s.Events, s.Happenings, s.Quad[0], s.Quad[1], s.Quad[2], s.Quad[3], s.Goldstein, s.Quotes, s.First, s.Last}
}

// WriteJSON writes g as one JSON object: from, to, nodes and edges, each edge with its stats, its spells when
// the graph has more than one window, and its evidence (document, title, source, date, code, sentence).
func (g *Graph) WriteJSON(w io.Writer) error {
	out := jsonGraph{Nodes: []jsonNode{}, Edges: []jsonEdge{}}
	if len(g.Windows) > 0 {
		out.From, out.To = date(g.Windows[0].From), date(g.Windows[len(g.Windows)-1].To)
	}
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, jsonNode{n.ID, n.Name, n.Type, n.CAMEO, n.Events})
	}
	for _, e := range g.Edges {
		je := jsonEdge{Source: e.Source, Target: e.Target, jsonStats: e.Stats.json()}
		if len(g.Windows) > 1 {
			for _, s := range e.Spells {
				je.Spells = append(je.Spells, jsonSpell{date(s.From), date(s.To), s.Stats.json()})
			}
		}
		for _, h := range e.Evidence {
			src := h.Doc.URL
			if src == "" {
				src = h.Doc.Origin.String()
			}
			je.Evidence = append(je.Evidence, jsonEvidence{h.Doc.ID, h.Doc.Title, src, h.Date, h.Code, h.Sentence})
		}
		out.Edges = append(out.Edges, je)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
