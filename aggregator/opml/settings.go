package opml

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// The attributes feedloom reads beyond OPML's own. On a folder or topic
// outline (or on <head>, for every output): maxItems and maxAge. On a
// source outline: interval, paused, maxItems, headers and authEnv.
const (
	attrMaxItems = "maxItems"
	attrMaxAge   = "maxAge"
	attrInterval = "interval"
	attrPaused   = "paused"
	attrHeaders  = "headers"
	attrAuthEnv  = "authEnv"
)

// sourceSettings are the attributes only a source outline takes.
var sourceSettings = []string{attrInterval, attrPaused, attrMaxItems, attrHeaders, attrAuthEnv}

// hasAttr reports whether se has the attribute name at all.
func hasAttr(se xml.StartElement, name string) bool {
	for _, a := range se.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			return true
		}
	}
	return false
}

// limits reads the maxItems and maxAge attributes of an output's outline
// (or of <head>); what is wrong is a problem on line.
func (l *opmlLoader) limits(line int, se xml.StartElement, what string) aggregator.LimitsOverride {
	var o aggregator.LimitsOverride
	if hasAttr(se, attrMaxItems) {
		if n, ok := l.count(line, se, attrMaxItems, what, "the most items the output shows; 0 = no limit"); ok {
			o.MaxItems = &n
		}
	}
	if hasAttr(se, attrMaxAge) {
		if d, ok := l.duration(line, se, attrMaxAge, what, "the oldest item the output shows, such as 720h or 30d; 0 = no limit"); ok {
			o.MaxAge = &d
		}
	}
	return o
}

// count reads a whole number of zero or more.
func (l *opmlLoader) count(line int, se xml.StartElement, name, what, meaning string) (int, bool) {
	v := attr(se, name)
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		l.problem(line, "%s: %s=%q is not a number of zero or more (%s)", what, name, v, meaning)
		return 0, false
	}
	return n, true
}

// duration reads a duration of zero or more: Go's form (90m, 2h30m) or a
// number of days (30d).
func (l *opmlLoader) duration(line int, se xml.StartElement, name, what, meaning string) (time.Duration, bool) {
	v := attr(se, name)
	d, err := parseDuration(v)
	if err != nil || d < 0 {
		l.problem(line, "%s: %s=%q is not a duration (%s)", what, name, v, meaning)
		return 0, false
	}
	return d, true
}

func parseDuration(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n > 100_000 {
			return 0, fmt.Errorf("bad number of days %q", days)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// headerName is an HTTP header field name (RFC 9110 token).
var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// envRef is $NAME or ${NAME} in a header value.
var envRef = regexp.MustCompile(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)

// settings reads a source outline's own settings into s. Secrets come from
// the environment: the file names variables, never holds their values.
func (l *opmlLoader) settings(line int, se xml.StartElement, s *aggregator.Source) {
	what := fmt.Sprintf("source %s", s.URL)
	if hasAttr(se, attrInterval) {
		if d, ok := l.duration(line, se, attrInterval, what, "a fixed time between polls, such as 2h"); ok {
			if d < time.Minute {
				l.problem(line, "%s: interval=%q is shorter than a minute; poll no more often than that", what, attr(se, attrInterval))
			}
			s.Interval = d
		}
	}
	if hasAttr(se, attrPaused) {
		switch strings.ToLower(attr(se, attrPaused)) {
		case "true", "yes", "1":
			s.Paused = true
		case "false", "no", "0", "":
		default:
			l.problem(line, "%s: paused=%q: write paused=\"true\" to stop polling it, or remove the attribute", what, attr(se, attrPaused))
		}
	}
	if hasAttr(se, attrMaxItems) {
		s.MaxItems, _ = l.count(line, se, attrMaxItems, what, "the most items kept from each of its documents; 0 = all")
	}
	if name := attr(se, attrAuthEnv); name != "" {
		s.AuthEnv = name
		v, ok := os.LookupEnv(name)
		user, pass, found := strings.Cut(v, ":")
		switch {
		case !ok:
			l.problem(line, "%s: authEnv=%q, but the environment variable %s is not set; set it to user:password", what, name, name)
		case !found || user == "":
			l.problem(line, "%s: the environment variable %s must hold user:password (it holds no colon or no user)", what, name)
		default:
			s.Username, s.Password = user, pass
		}
	}
	if hv := attr(se, attrHeaders); hv != "" {
		s.Header = http.Header{}
		for _, field := range strings.Split(hv, ";") {
			if strings.TrimSpace(field) == "" {
				continue
			}
			name, value, ok := strings.Cut(field, ":")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if !ok || !headerName.MatchString(name) {
				l.problem(line, "%s: headers=%q: write \"Name: value; Other-Name: $ENV_VAR\"", what, hv)
				continue
			}
			value = envRef.ReplaceAllStringFunc(value, func(ref string) string {
				m := envRef.FindStringSubmatch(ref)
				v := m[1] + m[2]
				s.HeaderEnv = append(s.HeaderEnv, v)
				got, ok := os.LookupEnv(v)
				if !ok {
					l.problem(line, "%s: header %s uses $%s, but that environment variable is not set", what, name, v)
				}
				return got
			})
			if strings.ContainsAny(value, "\r\n\x00") {
				l.problem(line, "%s: header %s would hold a line break; check its value", what, name)
				continue
			}
			s.Header.Add(name, value)
		}
	}
}

// sameSettings reports whether a second outline of one source says
// nothing about its settings; a reader's export lists a feed in several
// folders, but settings belong on one outline.
func sameSettings(se xml.StartElement) bool {
	for _, name := range sourceSettings {
		if hasAttr(se, name) {
			return false
		}
	}
	return true
}
