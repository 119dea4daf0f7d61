package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"newsgraph"
	"newsgraph/api"
	"newsgraph/api/apitest"
	"newsgraph/internal/shared"
	"newsgraph/store/sqlite"
	"newsgraph/web"
)

// chromium returns the path of a Chromium or Chrome binary, or skips the test saying none was found.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("skipped: no chromium, chromium-browser or google-chrome on PATH for the browser tests")
	return ""
}

// artifacts returns the directory for screenshots: $NEWSGRAPH_ARTIFACTS/<test> when set, else a temporary one.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NEWSGRAPH_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, t.Name())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is a headless Chromium on a served store, collecting the page's script errors and policy
// violations: a test fails when there is any.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string

	mu       sync.Mutex
	problems []string
}

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newBrowser(t *testing.T, st newsgraph.Store, o web.Options) *browser {
	t.Helper()
	path := chromium(t)
	srv := httptest.NewServer(web.New(st, o))
	t.Cleanup(srv.Close)
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "en-US"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	b := &browser{t: t, ctx: ctx, base: srv.URL, dir: artifacts(t)}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			b.problem("exception: " + ev.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.problem("console.error: " + strings.Join(args, " "))
			}
		case *cdplog.EventEntryAdded:
			// Content-Security-Policy violations and failed loads land here.
			if ev.Entry.Level == cdplog.LevelError && !strings.Contains(ev.Entry.Text, "status of 404") && !strings.Contains(ev.Entry.Text, "status of 400") {
				b.problem(fmt.Sprintf("log %s: %s", ev.Entry.Source, ev.Entry.Text))
			}
		}
	})
	if err := chromedp.Run(ctx, cdplog.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			t.Errorf("in the page: %s", p)
		}
	})
	t.Logf("screenshots in %s", b.dir)
	return b
}

func (b *browser) problem(s string) {
	b.mu.Lock()
	b.problems = append(b.problems, s)
	b.mu.Unlock()
}

func (b *browser) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// shot saves a full-page screenshot as name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	var png []byte
	b.run("screenshot "+name, chromedp.FullScreenshot(&png, 100)) // quality 100 makes a PNG
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// wait polls a script until it returns true.
func (b *browser) wait(what, script string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ok bool
		if err := chromedp.Run(b.ctx, chromedp.Evaluate(script, &ok)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var html string
			chromedp.Run(b.ctx, chromedp.Evaluate(`document.getElementById('main')?.innerText.slice(0, 600)`, &html))
			b.t.Fatalf("waiting for %s (%s): timed out; the page says:\n%s", what, script, html)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// eval runs a script and decodes its result.
func (b *browser) eval(script string, v any) {
	b.t.Helper()
	b.run("evaluate "+script, chromedp.Evaluate(script, v))
}

// hover moves the mouse over the centre of the first element matching sel.
func (b *browser) hover(sel string) {
	b.t.Helper()
	var nodes []*cdp.Node
	b.run("find "+sel, chromedp.ScrollIntoView(sel, chromedp.ByQuery), chromedp.Nodes(sel, &nodes, chromedp.ByQuery))
	b.run("hover "+sel, chromedp.ActionFunc(func(ctx context.Context) error {
		box, err := domBox(ctx, nodes[0])
		if err != nil {
			return err
		}
		return input.DispatchMouseEvent(input.MouseMoved, box[0], box[1]).Do(ctx)
	}))
}

func domBox(ctx context.Context, n *cdp.Node) ([2]float64, error) {
	quads, err := dom.GetContentQuads().WithNodeID(n.NodeID).Do(ctx)
	if err != nil {
		return [2]float64{}, err
	}
	if len(quads) == 0 || len(quads[0]) < 8 {
		return [2]float64{}, fmt.Errorf("node %s has no box", n.NodeName)
	}
	q := quads[0]
	return [2]float64{(q[0] + q[2] + q[4] + q[6]) / 4, (q[1] + q[3] + q[5] + q[7]) / 4}, nil
}

// TestBrowserSeeds walks the UI over the seed articles as a reader would: search, open an article, hover a
// quote, open Lavrov's page, move the graph's time slider, read an edge's evidence, open a cluster, and look
// at the search page at phone width, saving a screenshot of each.
func TestBrowserSeeds(t *testing.T) {
	seeds := shared.Need(t, "seeds")
	chromium(t)
	st := openStore(t)
	if _, err := apitest.Ingest(context.Background(), st, seeds); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, st, web.Options{})

	// Search, by typing into the box.
	b.run("open the search page", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#q", chromedp.ByID))
	b.run("search", chromedp.SendKeys("#q", "Lavrov"+kb.Enter, chromedp.ByID))
	b.wait("hits", `location.hash.includes('q=Lavrov') && document.querySelectorAll('.hit mark').length > 0`)
	var marks []string
	b.eval(`[...document.querySelectorAll('.hit mark')].map(m => m.textContent)`, &marks)
	if len(marks) == 0 || !strings.EqualFold(marks[0], "Lavrov") {
		t.Errorf("highlighted matches = %q, want Lavrov", marks)
	}
	b.wait("facets", `document.querySelectorAll('.facets a').length > 0`)
	b.shot("1-search")

	// Open the first article.
	b.run("open the first hit", chromedp.Click(".hit-title a", chromedp.ByQuery))
	b.wait("the article", `document.querySelector('#article-text p') !== null`)
	var counts map[string]int
	b.eval(`({ents: document.querySelectorAll('#article-text .ent').length, quotes: document.querySelectorAll('#article-text .quote').length,
		timexes: document.querySelectorAll('#article-text .timex').length, events: document.querySelectorAll('#article-text .event').length})`, &counts)
	if counts["ents"] == 0 || counts["quotes"] == 0 || counts["timexes"] == 0 || counts["events"] == 0 {
		t.Errorf("the article shows %v annotations; want entities, quotes, dates and events", counts)
	}
	b.shot("2-article")

	// Hover a quote of Lavrov's: the tooltip names him.
	b.hover(`#article-text q.quote[data-speaker="Sergei Lavrov"]`)
	b.wait("the quote's tooltip", `!document.getElementById('tip').hidden`)
	var tip string
	b.eval(`document.getElementById('tip').textContent`, &tip)
	if !strings.Contains(tip, "Speaker: Sergei Lavrov") {
		t.Errorf("tooltip over Lavrov's quote = %q, want his name as speaker", tip)
	}
	b.shot("3-quote-hover")
	// A time expression shows its resolved value.
	b.hover(`#article-text time.timex`)
	b.wait("the date's tooltip", `!document.getElementById('tip').hidden && /\d{4}/.test(document.getElementById('tip').textContent)`)

	// Lavrov's page, through the link in the article.
	b.run("open Lavrov's page", chromedp.Click(`aside a[href^="#/entity/"].ent-PER[href*="lavrov" i]`, chromedp.ByQuery))
	b.wait("Lavrov's page", `document.querySelector('.entity-page h1')?.textContent === 'Sergei Lavrov'`)
	b.wait("his quotes and events", `document.querySelectorAll('#entity-quotes li').length > 0 && document.querySelectorAll('#entity-events-actor li').length > 0`)
	var roles, bars int
	b.eval(`document.querySelectorAll('.roles li').length`, &roles)
	b.eval(`document.querySelectorAll('.chart .bar').length`, &bars)
	if roles == 0 || bars == 0 {
		t.Errorf("Lavrov's page shows %d roles and %d chart bars; want both", roles, bars)
	}
	b.shot("4-entity-lavrov")

	// The graph: yearly windows, the newest first; the slider, moved with the keyboard, changes it.
	b.run("open the graph", chromedp.Navigate(b.base+"/#/graph?window=year"))
	b.wait("the graph", `document.getElementById('graph-svg')?.dataset.edges > 0`)
	type state struct {
		Window string
		Edges  []string
	}
	const read = `({window: document.getElementById('graph-svg').dataset.window,
		edges: [...document.querySelectorAll('#graph-svg .edge')].map(e => e.dataset.source + '>' + e.dataset.target).sort()})`
	var before, after state
	b.eval(read, &before)
	b.shot("5-graph-newest")
	b.run("move the slider", chromedp.Focus("#graph-slider", chromedp.ByID), chromedp.KeyEvent(kb.Home))
	b.wait("the graph to change window", fmt.Sprintf(`document.getElementById('graph-svg').dataset.window !== %q`, before.Window))
	b.wait("the graph to redraw", `document.getElementById('graph-svg').dataset.edges > 0`)
	b.eval(read, &after)
	if after.Window == before.Window || slices.Equal(after.Edges, before.Edges) {
		t.Errorf("moving the slider from %s to %s left the graph as it was: %v", before.Window, after.Window, after.Edges)
	}
	if !strings.HasPrefix(after.Window, "2017-") || !strings.HasPrefix(before.Window, "2024-") {
		t.Errorf("windows %s then %s, want 2024 then 2017 (the seeds' years)", before.Window, after.Window)
	}
	b.shot("6-graph-oldest")
	// Read an edge's evidence, with the keyboard.
	b.run("choose an edge", chromedp.Focus("#graph-svg .edge", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	b.wait("the evidence", `document.querySelectorAll('.evidence-list li .sentence').length > 0`)
	b.shot("7-graph-evidence")

	// A cluster.
	b.run("open the stories", chromedp.Navigate(b.base+"/#/stories"))
	b.wait("the clusters", `document.querySelectorAll('.clusters a').length > 0`)
	b.run("open a cluster", chromedp.Click(".clusters a", chromedp.ByQuery))
	b.wait("the cluster", `document.querySelectorAll('#timeline li').length > 0`)
	b.shot("8-cluster")

	// Phone width: one column, nothing wider than the screen.
	b.run("phone width", emulation.SetDeviceMetricsOverride(390, 844, 3, true), chromedp.Navigate(b.base+"/#/search?q=Syria"))
	b.wait("hits at phone width", `document.querySelectorAll('.hit').length > 0`)
	for _, page := range []string{"search?q=Syria", "entity/Lavrov", "graph"} {
		b.run("open "+page, chromedp.Navigate(b.base+"/#/"+page))
		b.wait(page+" at phone width", `document.getElementById('main').childElementCount > 0 && !document.body.dataset.loading`)
		var overflow int
		b.eval(`document.documentElement.scrollWidth - window.innerWidth`, &overflow)
		if overflow > 0 {
			t.Errorf("at 390px, %s is %dpx wider than the screen", page, overflow)
		}
		b.shot("9-phone-" + strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(page))
	}
}

// TestBrowserKeyboard checks that the controls are reached with Tab and show where the focus is.
func TestBrowserKeyboard(t *testing.T) {
	chromium(t)
	st := openStore(t)
	f := apitest.NewFixture()
	if err := f.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, st, web.Options{})
	b.run("open", chromedp.Navigate(b.base+"/#/search?q=Kestrel"))
	b.wait("hits", `document.querySelectorAll('.hit').length === 2`)
	seen := map[string]bool{}
	for range 12 {
		var focus struct {
			Tag, ID, Text, Outline string
		}
		b.run("tab", chromedp.KeyEvent(kb.Tab))
		b.eval(`(() => { const el = document.activeElement; const cs = getComputedStyle(el);
			return {tag: el.tagName, id: el.id, text: el.outerHTML.slice(0, 80), outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + el.matches(':focus-visible') + ' ' + el.matches(':focus') + ' ' + el.matches(':focus-within') + ' ' + document.hasFocus()}; })()`, &focus)
		seen[focus.Tag+"#"+focus.ID] = true
		if focus.Tag != "BODY" && !strings.HasPrefix(focus.Outline, "solid") {
			t.Errorf("focused %s %q shows no outline (%s)", focus.Tag, focus.Text, focus.Outline)
		}
	}
	if !seen["INPUT#q"] || !seen["BUTTON#"] {
		t.Errorf("Tab did not reach the search box and its button: %v", seen)
	}
	// A query with a syntax error says why and keeps the form.
	b.run("a bad query", chromedp.Navigate(b.base+`/#/search?q=%22unclosed`))
	b.wait("the error", `document.getElementById('search-error') !== null && document.getElementById('q') !== null`)
	var msg string
	b.eval(`document.getElementById('search-error').textContent`, &msg)
	if !strings.Contains(msg, "quote") {
		t.Errorf("error for an unclosed quote = %q", msg)
	}
	b.run("back", chromedp.Navigate(b.base+"/#/search?q=Kestrel"))
	b.wait("hits", `document.querySelectorAll('.hit').length === 2`)
	// Enter on a focused hit opens it.
	b.run("open a hit with the keyboard", chromedp.Focus(`.hit-title a[href="#/doc/`+f.Meeting.ID+`"]`, chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	b.wait("the article", `document.querySelector('#article-text') !== null`)
	// A quote takes the focus and shows its speaker.
	b.run("focus a quote", chromedp.Focus("#article-text q.quote", chromedp.ByQuery))
	var tip string
	b.wait("the tooltip", `!document.getElementById('tip').hidden`)
	b.eval(`document.getElementById('tip').textContent`, &tip)
	if !strings.Contains(tip, "Mira Kestrel") {
		t.Errorf("focusing Kestrel's quote shows %q", tip)
	}
}

// TestBrowserScriptInText ingests, over HTTP, an article whose text holds a script and markup, and checks
// that nothing of it runs or becomes elements: the page shows it as text.
func TestBrowserScriptInText(t *testing.T) {
	chromium(t)
	st := openStore(t)
	const token = "test-token-0123456789"
	b := newBrowser(t, st, web.Options{API: api.Options{IngestToken: token, Ingest: api.Ingester(st, apitest.Setup(st))}})
	const attack = `<script>document.title='pwned';window.__pwned=1</script>`
	line := fmt.Sprintf(`{"title":"Zanzibar <img src=x onerror=\"window.__pwned=2\"> report","published":"2024-05-01","site":"<b>Evil</b> Site","text":%q}`,
		"Zanzibar officials met on Monday.\n\nThe page said "+attack+" and <b>bold</b> and <img src=x onerror=\"window.__pwned=3\"> and <a href=\"javascript:window.__pwned=4\">a link</a>.\n\n“We reject "+attack+",” Mira Kestrel said.")
	req, err := http.NewRequest("POST", b.base+"/api/v1/ingest", strings.NewReader(line+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("ingest over HTTP: %s", res.Status)
	}

	check := func(where string) {
		t.Helper()
		var r struct {
			Pwned                  any
			Title                  string
			Scripts, Imgs, BadLink int
		}
		b.eval(`({pwned: window.__pwned ?? null, title: document.title,
			scripts: document.querySelectorAll('main script').length, imgs: document.querySelectorAll('main img, main b').length,
			badLink: [...document.querySelectorAll('a')].filter(a => /^\s*javascript:/i.test(a.getAttribute('href') || '')).length})`, &r)
		if r.Pwned != nil || r.Title == "pwned" || r.Scripts > 0 || r.Imgs > 0 || r.BadLink > 0 {
			t.Errorf("%s: the article's markup took effect: %+v", where, r)
		}
	}
	b.run("search", chromedp.Navigate(b.base+"/#/search?q=Zanzibar"))
	b.wait("the hit", `document.querySelectorAll('.hit').length === 1`)
	check("search page")
	var title string
	b.eval(`document.querySelector('.hit-title a').textContent`, &title)
	if !strings.Contains(title, `<img src=x onerror=`) {
		t.Errorf("hit title = %q, want the markup shown as text", title)
	}
	b.shot("search-with-markup")
	b.run("open", chromedp.Click(".hit-title a", chromedp.ByQuery))
	b.wait("the article", `document.querySelector('#article-text p') !== null`)
	time.Sleep(200 * time.Millisecond) // let an injected handler fire, if there were one
	check("article page")
	var text string
	b.eval(`document.getElementById('article-text').textContent`, &text)
	for _, want := range []string{attack, "<b>bold</b>", `<img src=x onerror="window.__pwned=3">`} {
		if !strings.Contains(text, want) {
			t.Errorf("article text lacks %q as text:\n%s", want, text)
		}
	}
	b.shot("article-with-markup")
	var overflow int
	b.eval(`document.documentElement.scrollWidth - window.innerWidth`, &overflow)
	if overflow > 0 {
		t.Errorf("long unbroken text makes the page %dpx wider than the window", overflow)
	}
	// The title of the page carries the markup as text too.
	b.eval(`document.title`, &title)
	if !strings.Contains(title, "<img") {
		t.Errorf("document title = %q", title)
	}
}

// TestBrowserSpans checks, in the browser, how byte spans become string positions and how crossing
// annotations are laid out.
func TestBrowserSpans(t *testing.T) {
	chromium(t)
	b := newBrowser(t, openStore(t), web.Options{})
	b.run("open", chromedp.Navigate(b.base+"/#/stories"))
	b.wait("the page", `document.getElementById('main').childElementCount > 0`)
	var got []string
	b.run("run spans.js", chromedp.Evaluate(`import('/js/spans.js').then(m => {
		const out = [];
		// "Genève" has a 2-byte é; the emoji is 4 bytes and 2 UTF-16 units.
		const text = 'Genève 😀 talks: “yes”';
		const at = m.offsets(text);
		out.push([0, 4, 5, 7, 8, 12, 13, 19].map(at).join(','));
		const enc = new TextEncoder().encode(text);
		const sp = (s, e) => text.slice(at(s), at(e));
		out.push(sp(0, 7), sp(8, 12), sp(new TextEncoder().encode('Genève 😀 talks: ').length, enc.length));
		// Crossing spans: [0,10) and [5,15) become nested parts; equal spans nest by rank.
		const el = document.createElement('div');
		const mk = (name) => () => { const e = document.createElement('span'); e.className = name; return e; };
		const plain = 'abcdefghijklmnopqrst';
		m.render(el, plain, [{start: 0, end: 10, rank: 1, make: mk('a')}, {start: 5, end: 15, rank: 1, make: mk('b')},
			{start: 5, end: 15, rank: 0, make: mk('c')}, {start: 18, end: 18, rank: 0, make: mk('empty')}]);
		const walk = (n) => n.nodeType === 3 ? n.textContent : '[' + n.className + ':' + [...n.childNodes].map(walk).join('') + ']';
		out.push([...el.childNodes].map(walk).join(''));
		out.push(el.textContent);
		return out;
	})`, &got, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	want := []string{
		"0,3,4,6,7,9,10,16",
		"Genève", "😀", "“yes”",
		"[a:abcde[c:[b:fghij]]][c:[b:klmno]]pqrst",
		"abcdefghijklmnopqrst",
	}
	if !slices.Equal(got, want) {
		t.Errorf("spans.js:\n got %q\nwant %q", got, want)
	}
}
