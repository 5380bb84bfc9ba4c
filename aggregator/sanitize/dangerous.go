package sanitize

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// forbidden lists the elements that must never reach a reader: they run
// code, embed active or foreign content, change how the page resolves
// URLs or is styled, or submit data.
var forbidden = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "param": true, "base": true,
	"meta": true, "link": true, "form": true, "input": true, "button": true,
	"select": true, "textarea": true, "svg": true, "math": true, "noscript": true,
	"template": true, "portal": true, "isindex": true, "xml": true, "import": true,
}

// urlAttributes lists the attributes whose value is fetched or followed.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "srcset": true, "poster": true, "cite": true,
	"action": true, "formaction": true, "background": true, "dynsrc": true,
	"lowsrc": true, "longdesc": true, "usemap": true, "codebase": true,
	"data": true, "classid": true, "archive": true, "profile": true, "ping": true,
	"manifest": true, "icon": true, "xlink:href": true, "xml:base": true,
}

// Dangerous returns a description of every dangerous construct in s, in
// document order, or nil: forbidden elements (script, style, iframe,
// object, embed, form and its controls, base, meta, link, svg, math, ...),
// event handler attributes, style attributes, CSS expression(), and URLs
// with a scripting scheme (javascript:, vbscript:, livescript:) or a data:
// scheme other than a raster image in img src. It reads s both as a
// tokeniser and as a browser's tree builder would, so that markup that only
// becomes dangerous once parsed into a tree is caught too. It is an
// independent check of HTML's output for tests and fuzz targets, not part
// of sanitising.
func Dangerous(s string) []string {
	var found []string
	seen := map[string]bool{}
	report := func(format string, args ...any) {
		if f := fmt.Sprintf(format, args...); !seen[f] {
			seen[f] = true
			found = append(found, f)
		}
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			checkElement(tok.Data, tok.Attr, report)
		}
	}
	context := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), context)
	if err != nil {
		report("unparseable: %v", err)
	}
	for _, n := range nodes {
		for d := range n.Descendants() {
			if d.Type == html.ElementNode {
				checkElement(d.Data, d.Attr, report)
			}
		}
		if n.Type == html.ElementNode {
			checkElement(n.Data, n.Attr, report)
		}
	}
	return found
}

// checkElement reports what is dangerous about one element.
func checkElement(name string, attrs []html.Attribute, report func(string, ...any)) {
	name = strings.ToLower(name)
	if forbidden[name] {
		report("element <%s>", name)
	}
	for _, a := range attrs {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		if i := strings.LastIndexByte(key, ':'); i >= 0 && key != "xlink:href" && key != "xml:base" {
			key = key[i+1:]
		}
		switch {
		case strings.HasPrefix(key, "on"):
			report("event handler %s on <%s>", key, name)
		case key == "style":
			report("style attribute on <%s>", name)
		}
		if strings.Contains(squash(a.Val), "expression(") {
			report("CSS expression() in %s on <%s>", key, name)
		}
		if !urlAttributes[key] {
			continue
		}
		values := []string{a.Val}
		if key == "srcset" {
			values = strings.Split(a.Val, ",")
		}
		for _, v := range values {
			if scheme := dangerousScheme(v, name == "img" && key == "src"); scheme != "" {
				report("%s URL in %s on <%s>", scheme, key, name)
			}
		}
	}
}

// dangerousScheme returns the scheme of v if it may run script: a
// scripting scheme, or data: unless it is a raster image where imageOK.
func dangerousScheme(v string, imageOK bool) string {
	v = squash(v)
	for _, scheme := range []string{"javascript:", "vbscript:", "livescript:", "mocha:"} {
		if strings.HasPrefix(v, scheme) {
			return scheme
		}
	}
	if strings.HasPrefix(v, "data:") && !(imageOK && dataImage.MatchString(v)) {
		return "data:"
	}
	return ""
}

// squash lowercases v and removes whitespace, control characters and CSS
// comments, which browsers skip inside schemes and CSS functions.
func squash(v string) string {
	for {
		start := strings.Index(v, "/*")
		if start < 0 {
			break
		}
		end := strings.Index(v[start+2:], "*/")
		if end < 0 {
			v = v[:start]
			break
		}
		v = v[:start] + v[start+2+end+2:]
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7F || r == '\\' {
			return -1
		}
		return r
	}, strings.ToLower(v))
}
