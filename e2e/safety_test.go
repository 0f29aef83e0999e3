package e2e

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Executable constructs: elements that run code, load active content, change
// the document's base or navigate, and attributes that carry code or URLs.
var (
	forbiddenElements = map[string]bool{
		"script": true, "iframe": true, "frame": true, "frameset": true, "object": true,
		"embed": true, "applet": true, "base": true, "form": true, "svg": true, "math": true,
		"noscript": true, "template": true, "portal": true, "xml": true, "xss": true,
	}
	urlAttrs = map[string]bool{
		"href": true, "src": true, "action": true, "formaction": true, "data": true,
		"poster": true, "background": true, "cite": true, "longdesc": true, "usemap": true,
		"codebase": true, "xlink:href": true, "dynsrc": true, "lowsrc": true, "manifest": true,
		"ping": true, "icon": true, "profile": true,
	}
	schemeRe = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.\-]*):`)
)

// unsafeURL reports why u, as a browser would read it, is not an http, https
// or mailto URL; relative URLs are fine (they cannot carry a scheme).
func unsafeURL(u string) string {
	// Browsers drop leading C0 controls and spaces and every tab and line
	// break before reading the scheme ("java\tscript:").
	s := strings.TrimLeftFunc(u, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	m := schemeRe.FindStringSubmatch(s)
	if m == nil {
		if strings.Contains(strings.ToLower(s), "script:") {
			return fmt.Sprintf("url %q hides a script scheme", u)
		}
		return ""
	}
	switch strings.ToLower(m[1]) {
	case "http", "https", "mailto":
		return ""
	}
	return fmt.Sprintf("url %q has scheme %q", u, m[1])
}

// htmlProblems parses doc as HTML (a page or a fragment) and lists every
// executable construct in it.
func htmlProblems(doc string) []string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return []string{"html parse: " + err.Error()}
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out = append(out, elementProblems(n)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func elementProblems(n *html.Node) []string {
	var out []string
	name := strings.ToLower(n.Data)
	if n.Namespace != "" || forbiddenElements[name] && !ownForm(n) {
		out = append(out, fmt.Sprintf("element <%s> (namespace %q)", name, n.Namespace))
	}
	if name == "link" && strings.Contains(strings.ToLower(attr(n, "rel")), "import") {
		out = append(out, "<link rel=import>")
	}
	if name == "style" && n.FirstChild != nil && activeCSS(n.FirstChild.Data) {
		out = append(out, fmt.Sprintf("style element %q", n.FirstChild.Data))
	}
	for _, a := range n.Attr {
		out = append(out, attrProblems(name, a)...)
	}
	return out
}

func attrProblems(elem string, a html.Attribute) []string {
	key := strings.ToLower(a.Key)
	if a.Namespace != "" {
		key = a.Namespace + ":" + key
	}
	switch {
	case strings.HasPrefix(key, "on"):
		return []string{fmt.Sprintf("<%s %s=%q>", elem, key, a.Val)}
	case key == "srcdoc", key == "srcset", key == "formaction":
		return []string{fmt.Sprintf("<%s %s=%q>", elem, key, a.Val)}
	case key == "style" && activeCSS(a.Val):
		return []string{fmt.Sprintf("<%s style=%q>", elem, a.Val)}
	case key == "http-equiv" && strings.EqualFold(strings.TrimSpace(a.Val), "refresh"):
		return []string{fmt.Sprintf("<%s http-equiv=refresh>", elem)}
	case urlAttrs[key]:
		if p := unsafeURL(a.Val); p != "" {
			return []string{fmt.Sprintf("<%s %s>: %s", elem, key, p)}
		}
	}
	return nil
}

// ownForm reports a form of the publisher's own pages (the search box): one
// that submits to a path on the same server. Sanitised content never keeps
// a form, so none can come from a feed.
func ownForm(n *html.Node) bool {
	action := attr(n, "action")
	return n.Data == "form" && strings.HasPrefix(action, "/") && !strings.HasPrefix(action, "//")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// activeCSS reports CSS that can load or run something.
func activeCSS(css string) bool {
	c := strings.ToLower(css)
	return strings.Contains(c, "@import") || strings.Contains(c, "expression(") ||
		strings.Contains(c, "javascript:") || strings.Contains(c, "behavior:") || strings.Contains(c, "-moz-binding")
}

// urlElements are feed elements whose text is a URL.
var urlElements = map[string]bool{"link": true, "comments": true, "uri": true, "docs": true, "icon": true, "logo": true}

// xmlProblems checks that doc is well-formed XML, that every URL it carries
// is http, https or mailto, and that no text in it, read as HTML (as feed
// readers read titles and descriptions), holds an executable construct.
func xmlProblems(doc []byte) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(doc))
	var stack []xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			return append(out, "not well-formed: "+err.Error())
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk)
			for _, a := range tk.Attr {
				if a.Name.Local == "href" || a.Name.Local == "url" || a.Name.Local == "src" || a.Name.Local == "base" {
					if p := unsafeURL(a.Value); p != "" {
						out = append(out, fmt.Sprintf("<%s %s>: %s", tk.Name.Local, a.Name.Local, p))
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			out = append(out, xmlTextProblems(stack, string(tk))...)
		}
	}
}

func xmlTextProblems(stack []xml.StartElement, text string) []string {
	if len(stack) == 0 || strings.TrimSpace(text) == "" {
		return nil
	}
	el := stack[len(stack)-1]
	var out []string
	if urlElements[el.Name.Local] || el.Name.Local == "guid" && permaLink(el) {
		if p := unsafeURL(strings.TrimSpace(text)); p != "" {
			out = append(out, fmt.Sprintf("<%s>: %s", el.Name.Local, p))
		}
	}
	for _, p := range htmlProblems(text) {
		out = append(out, fmt.Sprintf("<%s> text: %s", el.Name.Local, p))
	}
	return out
}

func permaLink(el xml.StartElement) bool {
	for _, a := range el.Attr {
		if a.Name.Local == "isPermaLink" {
			return a.Value != "false"
		}
	}
	return true
}

// jsonURLKeys are JSON Feed members holding URLs.
var jsonURLKeys = map[string]bool{
	"url": true, "external_url": true, "home_page_url": true, "feed_url": true, "next_url": true,
	"image": true, "banner_image": true, "icon": true, "favicon": true, "avatar": true,
}

// jsonProblems checks that doc is valid JSON whose URL members are http,
// https or mailto and whose strings, read as HTML, run nothing.
func jsonProblems(doc []byte) []string {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return []string{"invalid JSON: " + err.Error()}
	}
	var out []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(k, c)
			}
		case []any:
			for _, c := range x {
				walk(key, c)
			}
		case string:
			if jsonURLKeys[key] {
				if p := unsafeURL(x); p != "" {
					out = append(out, key+": "+p)
				}
			}
			for _, p := range htmlProblems(x) {
				out = append(out, key+": "+p)
			}
		}
	}
	walk("", v)
	return out
}

// outputProblems checks one published document by its path's extension.
func outputProblems(path string, doc []byte) []string {
	switch {
	case strings.HasSuffix(path, ".atom"), strings.HasSuffix(path, ".rss"):
		return xmlProblems(doc)
	case strings.HasSuffix(path, ".json"):
		return jsonProblems(doc)
	}
	return htmlProblems(string(doc))
}
