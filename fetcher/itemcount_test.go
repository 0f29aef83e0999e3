package fetcher

import (
	"strings"
	"testing"
)

func TestXMLItemsExceed(t *testing.T) {
	tests := []struct {
		doc   string
		limit int
		want  bool
	}{
		{"<rss><channel><item/><item></item></channel></rss>", 2, false},
		{"<rss><channel><item/><item></item><item/></channel></rss>", 2, true},
		{"<feed><entry/><atom:entry/><rdf:item/></feed>", 2, true},
		{"<rss><!-- <item/><item/><item/> --><![CDATA[<item/><item/><item/>]]><items/><itemx/></rss>", 0, false},
		{"<rss><item attr='<item/>'/></rss>", 1, false},
	}
	for _, tt := range tests {
		if got := xmlItemsExceed(tt.doc, tt.limit); got != tt.want {
			t.Errorf("xmlItemsExceed(%q, %d) = %v, want %v", tt.doc, tt.limit, got, tt.want)
		}
	}
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[` +
		strings.TrimSuffix(strings.Repeat(`{},`, maxParsedItems+1), ",") + `]}`
	if !jsonItemsExceed(json, maxParsedItems) || jsonItemsExceed(`{"items":[{},{}],"x":[1]}`, 2) {
		t.Error("jsonItemsExceed miscounts")
	}
	flood := "<rss><channel>" + strings.Repeat("<item/>", maxParsedItems+1) + "</channel></rss>"
	f := newTestFetcher(t, Options{})
	_, err := parseString(t, f, flood, "", testNow)
	if CategoryOf(err) != CategoryTooLarge {
		t.Errorf("flood of %d items: %v, want too_large", maxParsedItems+1, err)
	}
}
