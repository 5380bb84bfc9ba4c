package fingerprint

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The text of a feed item is not always prose about the article. prose
// removes what is known not to be:
//
//   - URLs, and "label: value" lines whose value is a URL or a number: the
//     metadata a link aggregator puts in its descriptions (Hacker News'
//     "Article URL: …", "Comments URL: …", "Points: 18", "# Comments: 1");
//   - hashtags, which aggregators such as biztoc append to copies;
//   - a leading wire dateline ("MEXICO CITY (AP) —", "BAGHDAD —"), which
//     one copy of a wire story has and another has not;
//   - a photo caption, recognised by its closing credit in parentheses
//     ("(USGS/Screenshot via The Epoch Times)", "(Name/AP Photo)"): a
//     caption describes a picture, not the article, so the whole text is
//     no evidence either way.
var (
	urlRE      = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+`)
	metaLineRE = regexp.MustCompile(`^\s*(?:#?\s*[\p{L}\p{N}]+(?:[ \t]+[\p{L}\p{N}]+){0,2}[ \t]*:[ \t]*[\d.,]*\s*)+$`)
	hashtagRE  = regexp.MustCompile(`(?:^|\s)#[\p{L}\p{N}_]+`)
	wireRE     = regexp.MustCompile(`^[^()]{0,80}?\((?:AP|Reuters|AFP|PA|UPI|dpa)\)\s*(?:[-–—]+\s*)?`)
	datelineRE = regexp.MustCompile(`^\p{Lu}[\p{Lu} .,'’-]{1,40}\s[-–—]+\s`)
	captionRE  = regexp.MustCompile(`(?i)\([^()]{0,120}(?:/|\bphotos?\b|\bimages\b|\bvia\b)[^()]{0,120}\)\s*$`)
)

// maxProseBytes bounds how much of a text is examined: the lede is at its
// start, and a full article body need not be scanned to find it.
const maxProseBytes = 4096

// prose returns the part of an item's plain text that describes the
// article, or "" when it carries none.
func prose(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if len(text) > maxProseBytes { // a long text is never a bare caption
		cut := maxProseBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	} else if text[len(text)-1] == ')' && captionRE.MatchString(text) {
		return ""
	}
	if strings.Contains(text, "://") || strings.Contains(text, "www.") {
		text = urlRE.ReplaceAllString(text, "\n")
	}
	if strings.Contains(text, ":") {
		var kept []string
		for line := range strings.SplitSeq(text, "\n") {
			if strings.Contains(line, ":") && metaLineRE.MatchString(line) {
				continue
			}
			kept = append(kept, line)
		}
		text = strings.Join(kept, "\n")
	}
	if strings.Contains(text, "#") {
		text = hashtagRE.ReplaceAllString(text, " ")
	}
	text = strings.TrimSpace(text)
	if strings.Contains(text[:min(len(text), 100)], "(") {
		text = cutPrefix(wireRE, text)
	}
	return cutPrefix(datelineRE, text)
}

// cutPrefix removes the match of re, which is anchored at the start and
// never matches the empty string, from text. It is ReplaceAllString(text,
// "") without the copy that makes of every text, matched or not.
func cutPrefix(re *regexp.Regexp, text string) string {
	if loc := re.FindStringIndex(text); loc != nil {
		return text[loc[1]:]
	}
	return text
}
