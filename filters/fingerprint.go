package filters

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/tipwire/tipwire"
)

// algorithm names the matching and scoring rules of this package. Change it
// whenever a change here alters any verdict, so stored matches are redone.
const algorithm = "filters/3"

// fingerprint hashes everything a verdict depends on: the algorithm, the
// topics, the built-in vocabularies and the seed corpus.
func fingerprint(topics []tipwire.Topic, corpus []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", algorithm)
	for _, t := range topics {
		fmt.Fprintf(h, "topic %q %q %q %q %q %q %q %v\n", t.Name, t.Title, t.Any, t.All, t.None, t.Rule, t.Vocabulary, t.Threshold)
	}
	names, _ := fs.Glob(vocabFiles, "vocab/*.txt") // the pattern is valid
	for _, n := range names {
		b, _ := vocabFiles.ReadFile(n) // embedded: cannot fail
		fmt.Fprintf(h, "vocab %s %d\n%s\n", n, len(b), b)
	}
	fmt.Fprintf(h, "stopwords %d\n%s\n", len(stopwordsTxt), stopwordsTxt)
	for _, c := range corpus {
		fmt.Fprintf(h, "corpus %d\n%s\n", len(c), c)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprint identifies what the Set decides: two Sets with the same
// fingerprint give every item the same verdicts. The store keeps it to know
// when stored matches are out of date.
func (s *Set) Fingerprint() string { return s.fp }
