package bench

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Spec describes the synthetic workload.
type Spec struct {
	Feeds     int           // number of feeds
	Items     int           // items per feed
	DescBytes int           // approximate bytes of HTML per item description
	Shared    float64       // share of each feed's items that are stories carried by other feeds too
	Relevant  float64       // share of stories that are on topic (their titles name human trafficking)
	Latency   time.Duration // added before every response, 200 and 304 alike
	Seed      uint64        // varies the generated text; the same Spec gives the same bytes
	// SmallVocabulary draws every word from the 200 common news words, as
	// the farm did at first. Then any two unrelated stories have a word
	// similarity of about 0.27 (real feeds: 0.014), and the story clustering
	// compares every new item with its candidates in vain: a worst case.
	SmallVocabulary bool
}

// sharedPerFeed is how many of a feed's items are shared stories.
func (s Spec) sharedPerFeed() int {
	return min(s.Items, max(0, int(float64(s.Items)*s.Shared+0.5)))
}

// sharedPool is the number of distinct shared stories: each is carried by
// about five feeds.
func (s Spec) sharedPool() int {
	n := s.Feeds * s.sharedPerFeed()
	return min(n, max(s.sharedPerFeed(), n/5))
}

// Expected is the number of distinct stories in the farm: what a reader
// that loses nothing and deduplicates perfectly stores.
func (s Spec) Expected() int {
	return s.Feeds*(s.Items-s.sharedPerFeed()) + s.sharedPool()
}

// Farm generates the feeds of a Spec and serves them with ETags, answering
// 304 to a matching If-None-Match.
type Farm struct {
	spec   Spec
	common []string  // the common news words
	rare   []string  // invented words, drawn in Zipf frequencies
	epoch  time.Time // items are dated back from here
}

// NewFarm returns the farm for spec.
func NewFarm(spec Spec) *Farm {
	return &Farm{spec: spec, common: strings.Fields(wordList), rare: inventWords(),
		epoch: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

// inventWords returns the farm's rare words: every word of two and three
// syllables from a fixed set, 8,400 in all. None has a digit (a digit makes
// a word a number to the clustering) or is a topic term.
func inventWords() []string {
	syl := strings.Fields("ba ko ri su tem vo lan dir mes pol gu ner fa ti zor hel mik sa ron de")
	var out []string
	for _, a := range syl {
		for _, b := range syl {
			out = append(out, a+b)
			for _, c := range syl {
				out = append(out, a+b+c)
			}
		}
	}
	return out
}

// Spec returns the farm's workload.
func (f *Farm) Spec() Spec { return f.spec }

// Path is the URL path of feed i.
func Path(i int) string { return "/feed/" + strconv.Itoa(i) + ".xml" }

// etag is feed i's validator; feeds never change during a run.
func etag(i int) string { return `"synthetic-` + strconv.Itoa(i) + `"` }

// Bodies generates every feed's document, indexed by feed number.
func (f *Farm) Bodies() [][]byte {
	out := make([][]byte, f.spec.Feeds)
	for i := range out {
		out[i] = f.Feed(i)
	}
	return out
}

// Handler serves bodies (from Bodies) at Path(i).
func (f *Farm) Handler(bodies [][]byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/feed/%d.xml", &i); err != nil || i < 0 || i >= len(bodies) {
			http.NotFound(w, r)
			return
		}
		if f.spec.Latency > 0 {
			time.Sleep(f.spec.Latency) // simulated network and server time
		}
		w.Header().Set("ETag", etag(i))
		if r.Header.Get("If-None-Match") == etag(i) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(bodies[i])))
		_, _ = w.Write(bodies[i])
	})
}

// Feed generates feed i: an RSS 2.0 document whose items are its own
// stories and its share of the shared pool, newest first.
func (f *Farm) Feed(i int) []byte {
	var b bytes.Buffer
	b.Grow(f.spec.Items * (f.spec.DescBytes + 600))
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Synthetic outlet %d</title><link>https://outlet%d.example/</link>
<description>A generated feed for tipwire bench</description>
`, i, i)
	shared := f.spec.sharedPerFeed()
	for j := range f.spec.Items {
		story, link := f.story(i, j, shared)
		f.item(&b, i, j, story, link)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

// story returns the story id of feed i's item j and its link. Shared
// stories carry this feed's tracking parameters, which canonicalisation
// must strip for them to deduplicate.
func (f *Farm) story(i, j, shared int) (int, string) {
	own := f.spec.Items - shared
	if j < own {
		id := i*own + j
		return id, fmt.Sprintf("https://outlet%d.example/news/%d.html", i, id)
	}
	k := (i*shared + j - own) % f.spec.sharedPool()
	id := f.spec.Feeds*own + k
	return id, fmt.Sprintf("https://wire%d.example/story/%d?utm_source=outlet%d&utm_medium=rss&fbclid=IwAR%d",
		k%20, id, i, i)
}

// relevant reports whether story is on topic: a share Spec.Relevant of
// the stories, spread evenly over the feeds by a multiplicative hash.
func (s Spec) relevant(story int) bool {
	return float64(uint64(story)*0x9e3779b97f4a7c15>>11)/(1<<53) < s.Relevant
}

// item writes one <item>. The text depends only on the story, so a shared
// story reads the same in every feed.
func (f *Farm) item(b *bytes.Buffer, feed, j, story int, link string) {
	rng := rand.New(rand.NewPCG(f.spec.Seed, uint64(story)))
	title := f.sentence(rng, 8+rng.IntN(6))
	if f.spec.relevant(story) {
		title = "Police rescue victims of human trafficking: " + title
	}
	pub := f.epoch.Add(-time.Duration(j)*time.Hour - time.Duration(story%60)*time.Minute)
	fmt.Fprintf(b, `<item><title>%s</title><link>%s</link><guid isPermaLink="false">outlet%d-%d</guid>
<pubDate>%s</pubDate><category>World</category><description><![CDATA[`,
		title, strings.ReplaceAll(link, "&", "&amp;"), feed, story, pub.Format(time.RFC1123Z))
	f.description(b, rng, story)
	b.WriteString("]]></description></item>\n")
}

// description writes about DescBytes of typical feed HTML: paragraphs, a
// link, emphasis and, in half the stories, an image.
func (f *Farm) description(b *bytes.Buffer, rng *rand.Rand, story int) {
	start := b.Len()
	if story%2 == 0 {
		fmt.Fprintf(b, `<p><img src="https://cdn.example/img/%d.jpg" alt="photo" width="640" height="360"></p>`, story)
	}
	for b.Len()-start < f.spec.DescBytes {
		fmt.Fprintf(b, `<p>%s <a href="https://outlet.example/topic/%d">%s</a> <em>%s</em> %s</p>`,
			f.sentence(rng, 20), rng.IntN(1000), f.sentence(rng, 3), f.sentence(rng, 2), f.sentence(rng, 25))
	}
}

// sentence returns n words. A third are common news words and the rest
// rare ones, Zipf-distributed, as in news text: unrelated stories share
// their common words and seldom their rare ones, for a word similarity of
// about 0.04 between two stories (0.014 between the items of the real feeds
// in testdata/realworld, of many topics and languages).
func (f *Farm) sentence(rng *rand.Rand, n int) string {
	var zipf *rand.Zipf
	if !f.spec.SmallVocabulary {
		zipf = rand.NewZipf(rng, 1.2, 100, uint64(len(f.rare)-1))
	}
	var s strings.Builder
	for k := range n {
		if k > 0 {
			s.WriteByte(' ')
		}
		if zipf == nil || rng.IntN(3) == 0 {
			s.WriteString(f.common[rng.IntN(len(f.common))])
		} else {
			s.WriteString(f.rare[zipf.Uint64()])
		}
	}
	return s.String()
}

// wordList is the vocabulary of the generated text: news words, none of
// them a topic term on its own.
const wordList = `the a of in on to and for with by from at as after before during under over
police court report government ministry officials said says told reported according sources
city region border province capital village district coast port island country nation
workers migrants families children women men people residents authorities investigators
arrested charged detained released accused convicted sentenced fined raided inspected
company factory farm fishing vessel construction site shipment cargo network group
investigation operation inquiry hearing trial case evidence documents records statement
week month year morning evening night Monday Tuesday Wednesday Thursday Friday weekend
new old large small several many few hundreds thousands dozens local national international
economy market prices wages jobs contracts debt loans recruitment agency visa passport
election parliament minister president council mayor governor police chief prosecutor judge`
