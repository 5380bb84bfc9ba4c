package query

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

var testLists = Lists{
	"frontline": {"bakhmut", "avdiivka", "kryvyi rih", "zaporizh*"},
	"leaders":   {"zelenskyy|zelensky", "lukashenk*"},
	"empty":     {},
}

func TestListsMatch(t *testing.T) {
	doc := Prepare(&Doc{
		Title:   "Shelling in Kryvyi Rih overnight",
		Content: "Officials in Zaporizhzhia said the strikes continued. Zelensky spoke later.",
	})
	tests := []struct {
		query string
		want  bool
	}{
		{"@frontline", true},
		{"title:@frontline", true}, // the phrase entry, in the title
		{"title:@leaders", false},  // leaders only in the content
		{"content:@leaders", true}, // "zelensky", an alternative after |
		{"-@frontline", false},
		{"@leaders NEAR/3 spoke", true},
		{"(@leaders NEAR/1 officials)", false},
		{"@frontline shelling", true},
	}
	for _, tc := range tests {
		q, err := CompileWith(tc.query, testLists)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		if got := q.Match(doc); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestListsErrors(t *testing.T) {
	tests := []struct {
		query, lists string
		col          int
		msg          string
	}{
		{"war @front", "", 5, "unknown @front"},
		{"title:@nope", "", 7, "unknown @nope"},
		{"@empty", "", 1, "at least one entry"},
		{"x @bad", "bad", 3, `entry "*x"`},
	}
	for _, tc := range tests {
		lists := testLists
		if tc.lists == "bad" {
			lists = Lists{"bad": {"*x"}}
		}
		_, err := CompileWith(tc.query, lists)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%s: got %v, want a *SyntaxError", tc.query, err)
		}
		if se.Col != tc.col || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("%s: got column %d %q, want column %d containing %q", tc.query, se.Col, se.Msg, tc.col, tc.msg)
		}
	}
}

func TestListsUsedAndCanonical(t *testing.T) {
	q, err := CompileWith("@leaders OR title:@frontline OR @leaders", testLists)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Lists(); !slices.Equal(got, []string{"frontline", "leaders"}) {
		t.Errorf("Lists() = %v", got)
	}
	// The canonical form holds the entries, so editing a list changes the
	// topic's key and its membership is rebuilt.
	q2, _ := CompileWith("@leaders", Lists{"leaders": {"zelenskyy"}})
	q3, _ := CompileWith("@leaders", Lists{"leaders": {"zelenskyy", "putin"}})
	if q2.String() == q3.String() {
		t.Errorf("canonical form does not change with the list: %s", q2)
	}
}

func TestParseWords(t *testing.T) {
	got, err := ParseWords("Bakhmut  \"Kryvyi Rih\" zelensk* kyiv|kiev \"\"\u00a0херсон*\nЗапоріжжя")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Bakhmut", "Kryvyi Rih", "zelensk*", "kyiv|kiev", "херсон*", "Запоріжжя"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := ParseWords(`a "b c`); err == nil {
		t.Error("unclosed quote: no error")
	}
	if got := ParseListFile("# places\nBakhmut\n\n  Kryvyi Rih \n"); !slices.Equal(got, []string{"Bakhmut", "Kryvyi Rih"}) {
		t.Errorf("ParseListFile = %q", got)
	}
}
