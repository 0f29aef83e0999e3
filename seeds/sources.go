package seeds

import (
	"bytes"
	"fmt"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/opml"
)

// Sources returns the seed source list (sources.opml) as sources with origin
// tipwire.OriginSeeds, in file order. Every URL is an absolute http(s) URL
// and no URL appears twice.
func Sources() ([]tipwire.Source, error) {
	data, err := files.ReadFile("sources.opml")
	if err != nil {
		return nil, fmt.Errorf("seeds: %w", err)
	}
	outlines, err := opml.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("seeds: sources.opml: %w", err)
	}
	seen := make(map[string]int, len(outlines))
	out := make([]tipwire.Source, 0, len(outlines))
	for i, o := range outlines {
		if err := checkHTTPURL(o.XMLURL); err != nil {
			return nil, fmt.Errorf("seeds: sources.opml: outlines[%d] (%s): %w", i, o.Title, err)
		}
		if j, dup := seen[o.XMLURL]; dup {
			return nil, fmt.Errorf("seeds: sources.opml: outlines[%d] (%s): duplicate of outlines[%d]", i, o.Title, j)
		}
		seen[o.XMLURL] = i
		out = append(out, tipwire.Source{URL: o.XMLURL, Name: o.Title, Origin: tipwire.OriginSeeds})
	}
	return out, nil
}
