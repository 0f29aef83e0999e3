package canonurl

import (
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Canonicalize(tt.in); got != tt.want {
				t.Errorf("Canonicalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
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
