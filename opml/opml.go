// Package opml reads and writes OPML 2.0 subscription lists, the format feed
// readers use to import and export the feeds a person follows.
//
// Parse flattens nested outlines into a list of feeds: an outline with an
// xmlUrl attribute is a feed, any other outline is a folder whose text names
// the category of the feeds directly inside it. Write produces the same shape
// (one folder per category), so Parse(Write(x)) gives x back with feeds
// grouped by category.
//
// Only the standard library is used. encoding/xml expands no external or
// custom entities and limits nesting depth, and Parse reads at most MaxSize
// bytes, so hostile documents fail with an error instead of exhausting memory.
package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxSize is the largest document Parse accepts, in bytes. Real subscription
// lists of thousands of feeds stay well under a megabyte.
const MaxSize = 4 << 20

// ErrTooLarge is returned by Parse for a document larger than MaxSize.
var ErrTooLarge = errors.New("opml: document larger than 4 MiB")

// Outline is one feed of a subscription list.
type Outline struct {
	Title    string // display name (the outline's text, else its title)
	XMLURL   string // the feed's URL, as written
	HTMLURL  string // the site's URL, or ""
	Category string // the category attribute, else the enclosing folder's text, or ""
}

// document is the subset of OPML that tipwire reads and writes.
type document struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    head     `xml:"head"`
	Body    *body    `xml:"body"`
}

type head struct {
	Title       string `xml:"title,omitempty"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type body struct {
	Outlines []outline `xml:"outline"`
}

// outline is one <outline> element. Attribute names are matched
// case-insensitively on input (see UnmarshalXML) because exporters disagree
// on "xmlUrl", "xmlURL" and "xmlurl".
type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Category string    `xml:"category,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// UnmarshalXML decodes an outline, reading its attributes without regard to
// case and its child outlines recursively.
func (o *outline) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch strings.ToLower(a.Name.Local) {
		case "text":
			o.Text = a.Value
		case "title":
			o.Title = a.Value
		case "type":
			o.Type = a.Value
		case "xmlurl":
			o.XMLURL = a.Value
		case "htmlurl":
			o.HTMLURL = a.Value
		case "category":
			o.Category = a.Value
		}
	}
	var children struct {
		Outlines []outline `xml:"outline"`
	}
	if err := d.DecodeElement(&children, &start); err != nil {
		return err
	}
	o.Outlines = children.Outlines
	return nil
}

// Parse reads an OPML document (any version) and returns its feeds in
// document order, nested folders flattened. A feed's Category is its category
// attribute when present, else the text of the folder directly containing it.
// Outlines without an xmlUrl are folders, not feeds, and are not returned.
func Parse(r io.Reader) ([]Outline, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("opml: read: %w", err)
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	var doc document
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	if err := dec.Decode(&doc); err != nil {
		return nil, parseError(err)
	}
	if doc.Body == nil {
		return nil, errors.New("opml: document has no <body>")
	}
	var out []Outline
	flatten(doc.Body.Outlines, "", &out)
	return out, nil
}

// parseError turns the decoder's errors into messages that say what is wrong
// with the document.
func parseError(err error) error {
	var unexpected xml.UnmarshalError
	if errors.As(err, &unexpected) && strings.HasPrefix(string(unexpected), "expected element type <opml>") {
		return fmt.Errorf("opml: not an OPML document: %w", err)
	}
	if errors.Is(err, io.EOF) {
		return errors.New("opml: no XML element found (empty document or not XML)")
	}
	return fmt.Errorf("opml: parse: %w", err)
}

// flatten appends the feeds among outlines to out; category is the text of
// the folder that contains them.
func flatten(outlines []outline, category string, out *[]Outline) {
	for _, o := range outlines {
		name := strings.TrimSpace(o.Text)
		if name == "" {
			name = strings.TrimSpace(o.Title)
		}
		if feed := strings.TrimSpace(o.XMLURL); feed != "" {
			cat := strings.TrimSpace(o.Category)
			if cat == "" {
				cat = category
			}
			*out = append(*out, Outline{
				Title:    name,
				XMLURL:   feed,
				HTMLURL:  strings.TrimSpace(o.HTMLURL),
				Category: cat,
			})
		}
		flatten(o.Outlines, name, out)
	}
}

// charsetReader decodes the legacy encodings OPML exporters still declare.
// encoding/xml handles UTF-8 itself and calls this for anything else. The
// input is already capped at MaxSize, so converting it in one go is bounded.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
	default:
		return nil, fmt.Errorf("unsupported charset %q (use UTF-8)", charset)
	}
	raw, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	// Latin-1 bytes are the first 256 code points, and ASCII is a subset.
	out := make([]byte, 0, len(raw)+len(raw)/8)
	for _, b := range raw {
		out = utf8.AppendRune(out, rune(b))
	}
	return bytes.NewReader(out), nil
}

// Write writes outlines as an OPML 2.0 document titled title. Feeds are
// grouped into one folder outline per non-empty Category, folders in order of
// first appearance and feeds in their given order inside each; feeds without a
// category come first, at the top level. Every feed is written with
// type="rss". A zero dateCreated is omitted.
func Write(w io.Writer, title string, dateCreated time.Time, outlines []Outline) error {
	doc := document{Version: "2.0", Head: head{Title: title}, Body: &body{}}
	if !dateCreated.IsZero() {
		// OPML 2.0 dates are RFC 822 with a four-digit year, as in RSS.
		doc.Head.DateCreated = dateCreated.Format(time.RFC1123Z)
	}
	folders := map[string]int{} // category -> index in doc.Body.Outlines
	var top []outline
	for i, o := range outlines {
		if strings.TrimSpace(o.XMLURL) == "" {
			return fmt.Errorf("opml: outlines[%d] (%s): empty XMLURL", i, o.Title)
		}
		feed := feedOutline(o)
		if o.Category == "" {
			top = append(top, feed)
			continue
		}
		j, ok := folders[o.Category]
		if !ok {
			j = len(doc.Body.Outlines)
			folders[o.Category] = j
			doc.Body.Outlines = append(doc.Body.Outlines, outline{Text: o.Category, Title: o.Category})
		}
		doc.Body.Outlines[j].Outlines = append(doc.Body.Outlines[j].Outlines, feed)
	}
	doc.Body.Outlines = append(top, doc.Body.Outlines...)
	return encode(w, doc)
}

// feedOutline is the <outline> written for one feed. OPML requires text, so
// a feed without a title is shown by its URL.
func feedOutline(o Outline) outline {
	text := o.Title
	if text == "" {
		text = o.XMLURL
	}
	return outline{Text: text, Title: text, Type: "rss", XMLURL: o.XMLURL, HTMLURL: o.HTMLURL}
}

func encode(w io.Writer, doc document) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	return nil
}
