package sanitize

import (
	"strings"

	"golang.org/x/net/html"
)

// contentSkipped lists the elements whose content bluemonday drops with
// them: its defaults and skippedContent.
var contentSkipped = func() map[string]bool {
	m := map[string]bool{
		"title": true, "iframe": true, "noscript": true, "noembed": true,
		"noframes": true, "frameset": true, "nostyle": true,
	}
	for _, name := range skippedContent {
		m[name] = true
	}
	return m
}()

// hasSkippedEndTag reports whether s may hold an end tag of an element in
// contentSkipped: a cheap test that keeps the common case free of
// dropStrayEndTags.
func hasSkippedEndTag(s string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			return false
		}
		i += j + 2
		end := i
		for end < len(s) && end-i < 10 && isASCIILetter(s[end]) {
			end++
		}
		if contentSkipped[strings.ToLower(s[i:end])] {
			return true
		}
	}
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// dropStrayEndTags removes the end tags of content-skipping elements that
// were never opened. bluemonday counts them anyway, and once its count is
// off it drops everything after the next such element: a stray </svg>
// would make the rest of an article vanish. Every other token is copied
// byte for byte (tag names lowercased), so bluemonday tokenises the result
// as it would have tokenised s.
func dropStrayEndTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	open := map[string]int{}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		if tt == html.StartTagToken || tt == html.EndTagToken {
			name, _ := z.TagName()
			if n := string(name); contentSkipped[n] {
				if tt == html.StartTagToken {
					open[n]++
				} else if open[n] == 0 {
					continue
				} else {
					open[n]--
				}
			}
		}
		b.Write(z.Raw())
	}
}
