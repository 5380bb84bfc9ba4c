package fingerprint

import (
	"regexp"
	"testing"
)

func TestProse(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "Rescuers reached the valley on Monday.", "Rescuers reached the valley on Monday."},
		{"empty", "   ", ""},
		{"aggregator metadata", "Article URL: https://example.com/a\nComments URL: https://news.example.com/item?id=1\nPoints: 18\n# Comments: 1", ""},
		{"metadata on one line", "Article URL: https://example.com/a Comments URL: https://news.example.com/item?id=1 Points: 18 # Comments: 1", ""},
		{"label followed by prose kept", "Analysis: the storm changed the coast", "Analysis: the storm changed the coast"},
		{"URL inside prose removed", "Read more at https://example.com/a today", "Read more at \n today"},
		{"hashtags removed", "The bridge reopened after repairs.  #bridge #repairs", "The bridge reopened after repairs."},
		{"hashtag-only text", " #downturn", ""},
		{"wire dateline", "LISBON, Portugal (AP) — Firefighters contained the blaze", "Firefighters contained the blaze"},
		{"wire dateline with double hyphen", "Lisbon (Reuters) -- Firefighters contained the blaze", "Firefighters contained the blaze"},
		{"capitals dateline", "LISBON — Firefighters contained the blaze", "Firefighters contained the blaze"},
		{"photo caption", "Firefighters on a hillside above the town on Aug. 3. (Jane Doe/AP Photo)", ""},
		{"screenshot caption", "A map shows the fire area. (Screenshot via Example Times)", ""},
		{"closing parenthesis kept", "The minister resigned (for the second time)", "The minister resigned (for the second time)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := prose(tt.in); got != tt.want {
				t.Errorf("prose(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzCutPrefix holds cutPrefix to what prose did before it: each of the
// anchored patterns removed with ReplaceAllString.
func FuzzCutPrefix(f *testing.F) {
	for _, s := range []string{
		"LISBON, Portugal (AP) — Firefighters", "Lisbon (Reuters) -- Firefighters", "LISBON — Firefighters",
		"LISBON — (AP) — A — B", "(AP)(AP) x", "A (AP) — (AP) — x", "NEW YORK - LONDON - x", "x", "",
		"É — x", "ÉÉ — Ü — x", "\xff (AP) x", "a\n(AP) x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, re := range []*regexp.Regexp{wireRE, datelineRE} {
			if got, want := cutPrefix(re, s), re.ReplaceAllString(s, ""); got != want {
				t.Fatalf("cutPrefix(%s, %q) = %q, ReplaceAllString %q", re, s, got, want)
			}
		}
	})
}
