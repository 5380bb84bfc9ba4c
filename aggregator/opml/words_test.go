package opml

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
)

func TestOPMLWordLists(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "lists"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lists", "people.txt"), []byte("# war figures\nzelensk*|зеленськ*\nKim Jong Un\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := `<opml version="2.0"><body>
<outline text="News" xmlUrl="https://example.org/feed.xml"/>
<outline type="topic" text="War" query="title:@frontline OR @people"/>
<outline type="words" name="frontline" words="Bakhmut &quot;Kryvyi Rih&quot;"/>
<outline type="words" name="people" file="lists/people.txt"/>
<outline type="words" name="spare" words="x y"/>
</body></opml>`
	col, err := Parse([]byte(doc), "feeds.opml", dir, aggregator.CompileQuery)
	if err != nil {
		t.Fatal(err)
	}
	if len(col.WordLists) != 3 || strings.Join(col.WordLists[1].Entries, ",") != "zelensk*|зеленськ*,Kim Jong Un" {
		t.Fatalf("lists: %+v", col.WordLists)
	}
	if len(col.Warnings) != 1 || col.Warnings[0].Line != 6 || !strings.Contains(col.Warnings[0].Msg, "@spare is not used") {
		t.Errorf("warnings: %+v", col.Warnings)
	}
	m := col.Topics[0].Matcher
	for _, tc := range []struct {
		title string
		want  bool
	}{
		{"Strikes on Kryvyi Rih", true},
		{"Kryvyi and Rih", false},
		{"Зеленський у Вашингтоні", true},
		{"Kim Jong Un visits", true},
		{"Avdiivka holds", false},
	} {
		if got := m.Match(query.Prepare(&query.Doc{Title: tc.title})); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.title, got, tc.want)
		}
	}
}

func TestOPMLWordListErrors(t *testing.T) {
	tests := []struct{ outlines, want string }{
		{`<outline type="topic" text="War" query="war @frontlin"/><outline type="words" name="frontline" words="a"/>`,
			`feeds.opml:3: topic "War": query does not parse at column 5: expected a defined word list, found unknown @frontlin`},
		{`<outline type="words" name="a" words="x"/><outline type="words" name="a" words="y"/>`, "already defined on line 3"},
		{`<outline type="words" name="b" file="missing.txt"/>`, "word list @b: cannot read the list file"},
		{`<outline type="words" name="c" words=""/>`, "word list @c is empty"},
		{`<outline type="words" name="d" words="&quot;open"/>`, "closing"},
		{`<outline type="words" words="x"/>`, "needs a name"},
	}
	for _, tc := range tests {
		doc := "<opml version=\"2.0\"><body>\n<outline text=\"News\" xmlUrl=\"https://example.org/feed.xml\"/>\n" + tc.outlines + "\n</body></opml>"
		_, err := Parse([]byte(doc), "feeds.opml", t.TempDir(), aggregator.CompileQuery)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\ngot  %v\nwant %q", tc.outlines, err, tc.want)
		}
	}
}

// TestOPMLProblemsInLineOrder: topics are compiled after the walk, but
// their problems are reported among the others in line order.
func TestOPMLProblemsInLineOrder(t *testing.T) {
	doc := `<opml version="2.0"><body>
<outline text="News" xmlUrl="https://example.org/feed.xml"/>
<outline type="topic" text="A" query="("/>
<outline text="Dup" xmlUrl="https://example.org/feed.xml" interval="1h"/>
<outline type="topic" text="B" query="@nope"/>
</body></opml>`
	_, err := Parse([]byte(doc), "feeds.opml", t.TempDir(), aggregator.CompileQuery)
	var ce *ConfigError
	if !errors.As(err, &ce) || len(ce.Problems) != 3 {
		t.Fatalf("got %v", err)
	}
	for i, want := range []int{3, 4, 5} {
		if ce.Problems[i].Line != want {
			t.Errorf("problem %d on line %d, want %d: %v", i, ce.Problems[i].Line, want, err)
		}
	}
}

// TestShippedOPMLWordLists: the example configuration's topic is written
// with lists of places, people and organisations, and uses every list it
// defines (check would warn otherwise).
func TestShippedOPMLWordLists(t *testing.T) {
	c, err := Load("../../feeds.opml", aggregator.CompileQuery)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) > 0 {
		t.Errorf("feeds.opml warnings: %v", c.Warnings)
	}
	have := map[string]bool{}
	for _, w := range c.WordLists {
		have[w.Name] = true
	}
	for _, name := range []string{"ukraine", "russia", "leaders", "frontline", "weapons"} {
		if !have[name] {
			t.Errorf("feeds.opml has no @%s list", name)
		}
	}
}
