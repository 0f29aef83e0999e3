package publish

import (
	"fmt"
	"net/url"

	"github.com/tipwire/tipwire"
)

// mergeWhy says in words why an outlet's copy was merged into the story
// shown: "same canonical URL", "near-duplicate, 83% similar"; "" for the
// copy that opened it.
func mergeWhy(o tipwire.Outlet) string {
	if o.Reason == tipwire.MergeNearDuplicate && o.Similarity > 0 {
		return fmt.Sprintf("%s, %.0f%% similar", o.Reason, 100*o.Similarity)
	}
	return cleanText(o.Reason)
}

// storyPath is the root-relative route of the story page of a store key.
func storyPath(key string) string { return "/stories/" + url.PathEscape(key) }
