package canonurl

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
)

type param struct{ key, value string }

// canonicalQuery drops tracking parameters from a raw query and returns the
// rest re-encoded and sorted by key, then value; "" when nothing is left.
// A parameter without a value and one with an empty value ("a" and "a=")
// are treated alike.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var params []param
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, value := unescapeQuery(k), unescapeQuery(v)
		if key == "" || isTracking(strings.ToLower(key), strings.ToLower(value)) {
			continue
		}
		params = append(params, param{key, value})
	}
	slices.SortStableFunc(params, func(a, b param) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.value, b.value))
	})
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.key))
		if p.value != "" {
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(p.value))
		}
	}
	return b.String()
}

// unescapeQuery decodes a query component leniently: a '%' that does not
// start a valid escape stands for itself, as browsers treat it, so decoding
// then re-encoding is stable.
func unescapeQuery(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			b.WriteString("25")
		}
	}
	d, _ := url.QueryUnescape(b.String())
	return d
}

// queryValue returns the leniently decoded value of the first parameter
// named key in a raw query.
func queryValue(raw, key string) string {
	for part := range strings.SplitSeq(raw, "&") {
		k, v, _ := strings.Cut(part, "=")
		if unescapeQuery(k) == key {
			return unescapeQuery(v)
		}
	}
	return ""
}

// isTracking reports whether the parameter key=value (both lowercased) only
// tracks the reader or the referring channel and never selects content.
func isTracking(key, value string) bool {
	switch key {
	case "fbclid", "gclid", "gclsrc", "dclid", "wbraid", "gbraid", "msclkid",
		"yclid", "twclid", "ttclid", "igshid", "igsh", "li_fat_id", "srsltid",
		"mibextid", "_ga", "_gl", "mc_cid", "mc_eid", "mkt_tok", "rb_clickid",
		"ref", "ref_src", "ref_url", "refsrc", "referrer", "cmpid", "cmp",
		"icid", "ocid", "ncid", "cvid", "xtor", "ito", "smid", "smtyp",
		"sr_share", "s_cid", "s_kwcid", "ftag", "spm", "dicbo", "oborigurl",
		"taid", "hootpostid", "feedtype", "feedname", "soc_src", "soc_trk",
		"__twitter_impression", "_openstat", "trk", "trkcampaign",
		// AMP viewer and cache markers.
		"amp", "amp_js_v", "amp_gsa", "usqp", "__amp_source_origin":
		return true
	case "outputtype", "output":
		return value == "amp"
	case "emc", "partner", "from", "source", "src", "via", "mod", "feed",
		"channel", "medium", "campaign", "rss":
		// Shared names that some sites use for content; NYT (emc=rss,
		// partner=rss), CNN (partner=...rss...) and WSJ (mod=rss_...) use
		// them to tag the feed a click came from.
		return key == "rss" || strings.Contains(value, "rss") || strings.Contains(value, "feed")
	}
	for _, p := range []string{"utm_", "at_", "ns_", "pk_", "mtm_", "piwik_",
		"wt_", "wt.", "hsa_", "_hs", "__hs", "oly_", "vero_", "itm_", "fb_", "ga_"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}
