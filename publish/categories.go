package publish

import (
	"strings"

	"github.com/tipwire/tipwire"
)

// category is one feed category a reader can file or filter by: a topic, a
// country or an exploitation or event type. The matched terms are no
// category: they are matcher internals ("traffick*") and live on the story
// page.
type category struct {
	term   string // machine value: topic name, country code, type tag
	scheme string // IRI of the vocabulary (…/topics/, …/countries/, …/tags/); "" without a site URL
	label  string // what a reader is shown: topic title, country name, type in words
}

// categories lists the item's topics, then its countries and types.
func (d *document) categories(it *tipwire.Item) []category {
	var out []category
	seen := make(map[string]bool)
	add := func(c category) {
		if c.term != "" && !seen[c.scheme+"\x00"+c.term] {
			seen[c.scheme+"\x00"+c.term] = true
			out = append(out, c)
		}
	}
	for _, m := range it.Matches {
		name := cleanText(m.Topic)
		add(category{term: name, scheme: d.scheme("topics/"), label: d.topicLabel(name)})
	}
	for _, t := range it.Tags {
		add(d.tagCategory(cleanText(t)))
	}
	return out
}

// scheme is the category scheme under the site URL, "" without one.
func (d *document) scheme(path string) string {
	if d.meta.SiteURL == "" {
		return ""
	}
	return strings.TrimSuffix(d.meta.SiteURL, "/") + "/" + path
}

func (d *document) topicLabel(name string) string {
	if d.meta.TopicTitle != nil {
		if t := cleanText(strings.TrimSpace(d.meta.TopicTitle(name))); t != "" {
			return t
		}
	}
	return name
}

// tagCategory is a country under the /countries/ scheme (where its page and
// feeds are) or a type under /tags/.
func (d *document) tagCategory(tag string) category {
	if !isCountryTag(tag) {
		return category{term: tag, scheme: d.scheme("tags/"), label: typeLabel(tag)}
	}
	label := tag
	if d.meta.CountryName != nil {
		if n, ok := d.meta.CountryName(tag); ok && n != "" {
			label = cleanText(n)
		}
	}
	return category{term: tag, scheme: d.scheme("countries/"), label: label}
}

// isCountryTag tells a country code ("KH") from a type tag ("labour"), as
// package tags defines them: two upper-case ASCII letters.
func isCountryTag(tag string) bool {
	return len(tag) == 2 && tag[0] >= 'A' && tag[0] <= 'Z' && tag[1] >= 'A' && tag[1] <= 'Z'
}

// typeLabel names an exploitation or event type tag in words; a tag this
// list does not know has its hyphens turned into spaces and a capital.
func typeLabel(tag string) string {
	switch tag {
	case "sexual":
		return "Sexual exploitation"
	case "labour":
		return "Labour exploitation"
	case "child":
		return "Child victims"
	case "organ":
		return "Organ removal"
	case "arrest-raid":
		return "Arrest or raid"
	case "prosecution-conviction":
		return "Prosecution or conviction"
	case "legislation-policy":
		return "Legislation or policy"
	case "report-data":
		return "Report or data"
	}
	s := strings.ReplaceAll(tag, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
