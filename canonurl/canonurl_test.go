package canonurl

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Rejected inputs.
		{"empty", "", ""},
		{"relative path", "/news/2024/story.html", ""},
		{"scheme-relative", "//example.com/a", ""},
		{"javascript", "javascript:alert(1)", ""},
		{"javascript mixed case", "JaVaScRiPt:alert(1)", ""},
		{"data", "data:text/html;base64,PHNjcmlwdD4=", ""},
		{"mailto", "mailto:news@example.com", ""},
		{"ftp", "ftp://example.com/file", ""},
		{"no host", "http:///path", ""},
		{"opaque http", "http:example.com/a", ""},
		{"bad escape", "http://exa mple.com/", ""},

		// Scheme, host, port, fragment, slash.
		{"http to https", "http://www.bbc.co.uk/news/world-asia-68912345", "https://bbc.co.uk/news/world-asia-68912345"},
		{"uppercase scheme and host", "HTTPS://WWW.Reuters.COM/world/asia-pacific/story-2024-05-01/", "https://reuters.com/world/asia-pacific/story-2024-05-01"},
		{"path case kept", "https://example.com/News/Story", "https://example.com/News/Story"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "https://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "https://example.com:8080/a"},
		{"fragment", "https://apnews.com/article/cambodia-scam-centers-abc123#comments", "https://apnews.com/article/cambodia-scam-centers-abc123"},
		{"root keeps slash", "https://example.com", "https://example.com/"},
		{"root slash", "https://example.com/", "https://example.com/"},
		{"trailing dot host", "https://example.com./a/", "https://example.com/a"},
		{"user info dropped", "https://user:pw@example.com/a", "https://example.com/a"},
		{"whitespace and newline", "\n   http://127.0.0.1/news/ws.html\n", "https://127.0.0.1/news/ws.html"},
		{"ipv6 literal", "http://[2001:DB8::1]:80/a", "https://[2001:db8::1]/a"},
		{"idn host", "https://bücher.example/x", "https://xn--bcher-kva.example/x"},
		{"m prefix", "https://m.example.org/story/1", "https://example.org/story/1"},
		{"short host keeps m", "https://m.co/x", "https://m.co/x"},

		// Path normalisation.
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"double slash", "https://example.com//a//b", "https://example.com/a/b"},
		{"percent unreserved", "https://example.com/%7Euser/caf%c3%a9", "https://example.com/~user/caf%C3%A9"},
		{"encoded slash kept", "https://example.com/a%2fb", "https://example.com/a%2Fb"},
		{"space in path", "http://127.0.0.1/news/a b c.html", "https://127.0.0.1/news/a%20b%20c.html"},
		{"non-ascii path", "https://fa.example/اخبار/1", "https://fa.example/%D8%A7%D8%AE%D8%A8%D8%A7%D8%B1/1"},

		// Tracking parameters.
		{"utm", "https://www.theguardian.com/world/2024/may/01/story?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://theguardian.com/world/2024/may/01/story"},
		{"utm uppercase", "https://example.com/a?UTM_Source=x&id=3", "https://example.com/a?id=3"},
		{"fbclid", "https://example.com/a?fbclid=IwAR0abc", "https://example.com/a"},
		{"gclid dclid msclkid", "https://example.com/a?gclid=1&dclid=2&msclkid=3&yclid=4", "https://example.com/a"},
		{"mailchimp", "https://example.org/post?mc_cid=abc&mc_eid=def", "https://example.org/post"},
		{"ref", "https://example.com/a?ref=hn", "https://example.com/a"},
		{"twitter ref_src", "https://twitter.com/x/status/1?ref_src=twsrc%5Etfw", "https://twitter.com/x/status/1"},
		{"instagram igshid", "https://www.instagram.com/p/Cabc/?igshid=MzRlODBiNWFlZA==", "https://instagram.com/p/Cabc"},
		{"ga", "https://example.com/a?_ga=2.1.2.3", "https://example.com/a"},
		{"nytimes emc partner", "https://www.nytimes.com/2020/01/01/world/asia/trafficking.html?emc=rss&partner=rss", "https://nytimes.com/2020/01/01/world/asia/trafficking.html"},
		{"nytimes emc newsletter kept", "https://example.com/a?emc=edit_nn_20200101", "https://example.com/a?emc=edit_nn_20200101"},
		{"cnn partner", "http://edition.cnn.com/2020/01/05/asia/story/index.html?eref=rss_world&partner=rss-world", "https://edition.cnn.com/2020/01/05/asia/story/index.html?eref=rss_world"},
		{"bbc at_ params", "https://www.bbc.com/news/articles/c1234?at_medium=RSS&at_campaign=KARANGA", "https://bbc.com/news/articles/c1234"},
		{"heise wt_mc", "https://www.heise.de/newsticker/meldung/Foo-4203245.html?wt_mc=rss.ho.beitrag.rdf", "https://heise.de/newsticker/meldung/Foo-4203245.html"},
		{"guardian CMP", "https://www.theguardian.com/global-development/2024/a?CMP=Share_iOSApp_Other", "https://theguardian.com/global-development/2024/a"},
		{"reuters feedType", "https://www.reuters.com/article/idUSKBN1?feedType=RSS&feedName=topNews", "https://reuters.com/article/idUSKBN1"},
		{"le monde xtor", "https://www.lemonde.fr/international/article/2024/05/01/x_123_3210.html?xtor=RSS-3208", "https://lemonde.fr/international/article/2024/05/01/x_123_3210.html"},
		{"wsj mod rss", "https://www.wsj.com/articles/story-11600000000?mod=rss_Top_Stories", "https://wsj.com/articles/story-11600000000"},
		{"mod kept when not rss", "https://example.com/index.php?mod=article&id=5", "https://example.com/index.php?id=5&mod=article"},

		// Article-identifying parameters are kept and sorted.
		{"id kept", "https://example.com/news.php?id=123&utm_source=x", "https://example.com/news.php?id=123"},
		{"wordpress p", "https://blog.example.org/?p=4521", "https://blog.example.org/?p=4521"},
		{"facebook story", "https://www.facebook.com/permalink.php?story_fbid=1234&id=5678", "https://facebook.com/permalink.php?id=5678&story_fbid=1234"},
		{"sorted", "https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"},
		{"empty query", "https://example.com/a?", "https://example.com/a"},
		{"empty pairs", "https://example.com/a?&&", "https://example.com/a"},
		{"plus and %20 alike", "https://example.com/s?q=human%20trafficking", "https://example.com/s?q=human+trafficking"},
		{"key without value", "https://example.com/a?print", "https://example.com/a?print"},

		// AMP.
		{"amp path suffix", "https://www.example.com/news/story-123/amp", "https://example.com/news/story-123"},
		{"amp path suffix slash", "https://www.example.com/news/story-123/amp/", "https://example.com/news/story-123"},
		{"bbc amp segment", "https://www.bbc.co.uk/news/amp/world-asia-123", "https://bbc.co.uk/news/world-asia-123"},
		{"amp html", "https://www.example.com/2020/01/01/x.amp.html", "https://example.com/2020/01/01/x.html"},
		{"amp outputType", "https://www.washingtonpost.com/world/2024/05/01/x/?outputType=amp", "https://washingtonpost.com/world/2024/05/01/x"},
		{"amp host", "https://amp.theguardian.com/world/2024/may/01/story", "https://theguardian.com/world/2024/may/01/story"},
		{"amp query flag", "https://example.com/a?amp", "https://example.com/a"},

		// Redirect wrappers.
		{"google alerts", "https://www.google.com/url?rct=j&sa=t&url=https://www.example.com/news/story%3Futm_source%3Dalerts&ct=ga&cd=CAIyG&usg=AOvVaw", "https://example.com/news/story"},
		{"google search q", "https://www.google.co.uk/url?q=http://example.com/a&sa=U", "https://example.com/a"},
		{"old google news", "https://news.google.com/news/url?sa=t&fd=R&ct2=us&url=http://www.example.com/a.html", "https://example.com/a.html"},
		{"facebook l.php", "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fa%3Ffbclid%3D1&h=AT0", "https://example.com/a"},
		{"bing news", "https://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1&url=https%3a%2f%2fexample.com%2fa&c=1", "https://example.com/a"},
		{"generic redirect", "https://tracker.example.net/redirect.php?url=https%3A%2F%2Fnews.example.com%2Fa", "https://news.example.com/a"},
		{"wrapper with bad target kept", "https://www.google.com/url?q=javascript:alert(1)", "https://google.com/url?q=javascript%3Aalert%281%29"},
		{"nested wrappers", "https://www.google.com/url?url=" + url.QueryEscape("https://l.facebook.com/l.php?u="+url.QueryEscape("http://example.com/x")), "https://example.com/x"},
		{"feedburner kept", "http://feedproxy.google.com/~r/example/~3/AbC/story.html", "https://feedproxy.google.com/~r/example/~3/AbC/story.html"},
		{"feedburner with tracking", "http://feedproxy.google.com/~r/example/~3/AbC/story.html?utm_source=feedburner&utm_medium=feed", "https://feedproxy.google.com/~r/example/~3/AbC/story.html"},
		{"google news article id", "https://news.google.com/rss/articles/" + gnewsID("https://www.reuters.com/world/asia-pacific/story-2024-05-01/") + "?oc=5", "https://reuters.com/world/asia-pacific/story-2024-05-01"},
		{"google news web article id", "https://news.google.com/articles/" + gnewsID("http://www.example.com/a.html?utm_source=gn"), "https://example.com/a.html"},
		{"google news opaque id kept", "https://news.google.com/rss/articles/AU_yqLMxyz123?oc=5", "https://news.google.com/rss/articles/AU_yqLMxyz123?oc=5"},
		{"google amp viewer", "https://www.google.com/amp/s/www.ndtv.com/india-news/story-4567/amp/1", "https://ndtv.com/india-news/story-4567"},
		{"google amp viewer http", "https://www.google.co.in/amp/example.com/news/x.amp", "https://example.com/news/x"},
		{"amp cache", "https://www-theguardian-com.cdn.ampproject.org/c/s/amp.theguardian.com/world/2024/may/01/story", "https://theguardian.com/world/2024/may/01/story"},
		{"ndtv amp page", "https://www.ndtv.com/world-news/story-4567/amp/1", "https://ndtv.com/world-news/story-4567"},
		{"times of india amp", "https://timesofindia.indiatimes.com/city/delhi/trafficking-ring/amp_articleshow/105123456.cms", "https://timesofindia.indiatimes.com/city/delhi/trafficking-ring/articleshow/105123456.cms"},
		{"amp=1", "https://www.hindustantimes.com/india-news/story-101.html?amp=1", "https://hindustantimes.com/india-news/story-101.html"},
		{"output=amp", "https://www.example.com/news/story?output=amp", "https://example.com/news/story"},
		{"yahoo search redirect", "https://r.search.yahoo.com/_ylt=AwrE;_ylu=Y29s/RV=2/RE=1700000000/RO=10/RU=https%3a%2f%2fwww.example.com%2fnews%2fstory%3futm_source%3dyahoo/RK=2/RS=abc-", "https://example.com/news/story"},
		{"duckduckgo", "https://duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2Fa&rut=abc", "https://example.com/a"},
		{"outlook safelinks", "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.example.org%2Fpost%3Fmc_cid%3D1&data=05%7C01&reserved=0", "https://example.org/post"},
		{"linkedin redirect", "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fexample.com%2Fa&urlhash=x", "https://example.com/a"},
		{"slack redirect", "https://slack-redir.net/link?url=https%3A%2F%2Fexample.com%2Fa", "https://example.com/a"},
		{"link path without url kept", "https://example.com/link?id=7", "https://example.com/link?id=7"},
		{"al jazeera", "https://www.aljazeera.com/news/2024/5/1/story-slug?traffic_source=rss", "https://aljazeera.com/news/2024/5/1/story-slug?traffic_source=rss"},
		{"ap news utm", "https://apnews.com/article/thailand-trafficking-0123abcd?utm_source=apnews.com&utm_medium=rss", "https://apnews.com/article/thailand-trafficking-0123abcd"},
		{"drupal node kept", "https://www.example.gov/node/12345?page=2", "https://example.gov/node/12345?page=2"},
		{"asp article id kept", "https://www.example.com.kh/article.aspx?ArticleID=98765&CategoryID=3&utm_campaign=rss", "https://example.com.kh/article.aspx?ArticleID=98765&CategoryID=3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Canonicalize(tt.in); got != tt.want {
				t.Errorf("Canonicalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// gnewsID builds a Google News article id the way Google does for older
// links: base64url of protobuf field 1 = 19, field 4 = the URL, then
// trailing fields.
func gnewsID(target string) string {
	b := []byte{0x08, 0x13, 0x22, byte(len(target))}
	b = append(b, target...)
	b = append(b, 0xd2, 0x01, 0x00)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestCanonicalizeSameStory checks that every variant a reader meets for one
// story collapses to one key.
func TestCanonicalizeSameStory(t *testing.T) {
	variants := []string{
		"https://www.example.com/world/asia/story-123",
		"http://www.example.com/world/asia/story-123",
		"https://example.com/world/asia/story-123/",
		"HTTPS://WWW.EXAMPLE.COM:443/world/asia/story-123?utm_source=rss",
		"https://www.example.com/world/asia/story-123#top",
		"https://amp.example.com/world/asia/story-123",
		"https://www.example.com/world/asia/story-123/amp",
		"https://m.example.com/world/asia/story-123?fbclid=x&emc=rss&partner=rss",
		"https://www.google.com/url?url=http://www.example.com/world/asia/story-123&ct=ga",
	}
	want := Canonicalize(variants[0])
	for _, v := range variants[1:] {
		if got := Canonicalize(v); got != want {
			t.Errorf("Canonicalize(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestCanonicalizeIdempotent checks that a canonical URL is its own
// canonical form, so keys stay stable if they are ever canonicalised again.
func TestCanonicalizeIdempotent(t *testing.T) {
	for _, in := range []string{
		"https://example.com/a%2fb?q=human%20trafficking&b=%C3%A9",
		"http://[2001:db8::1]:8080/x/./y/../z/",
		"https://bücher.example/caf%c3%a9?id=1&print",
		"https://example.com/a b?x=1+2",
	} {
		once := Canonicalize(in)
		if once == "" {
			t.Fatalf("Canonicalize(%q) = \"\"", in)
		}
		if twice := Canonicalize(once); twice != once {
			t.Errorf("not idempotent: %q -> %q -> %q", in, once, twice)
		}
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{
		"https://www.example.com/a/../b?utm_source=x&id=1#f",
		"http://[::1]:80/%7e",
		"https://www.google.com/url?url=https://example.com/a",
		"javascript:alert(1)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Canonicalize(in)
		if out == "" {
			return
		}
		if !strings.HasPrefix(out, "https://") || strings.Contains(out, "#") {
			t.Fatalf("Canonicalize(%q) = %q: not an https URL without fragment", in, out)
		}
		if again := Canonicalize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}

func BenchmarkCanonicalize(b *testing.B) {
	in := "https://www.nytimes.com/2020/01/01/world/asia/trafficking.html?emc=rss&partner=rss&id=3"
	for b.Loop() {
		Canonicalize(in)
	}
}
