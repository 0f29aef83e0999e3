package publish

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tipwire/tipwire"
)

// needXmllint finds xmllint (Debian's libxml2-utils). CI must have it, so
// there its absence fails the test; elsewhere the test skips and says why.
func needXmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint not found; install it with: apt-get install -y libxml2-utils")
		}
		t.Skip("xmllint not found (apt-get install -y libxml2-utils); Atom schema validation skipped")
	}
	return path
}

// TestAtomValidatesRFC4287 checks rendered feeds against the RELAX NG schema
// of RFC 4287 (testdata/atom-rfc4287.rng).
func TestAtomValidatesRFC4287(t *testing.T) {
	xmllint := needXmllint(t)
	tests := []struct {
		name, topic string
		items       []tipwire.Item
	}{
		{"all topics", "", testItems()},
		{"one topic", "cambodia", testItems()[:1]},
		{"empty", "", nil},
		{"hostile text", "", append(testItems(), hostileItem())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "feed.atom")
			doc := render(t, FormatAtom, FeedMetaFor(testOptions(), tt.topic, FormatAtom), tt.items)
			if err := os.WriteFile(path, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(xmllint, "--noout", "--relaxng", filepath.Join("testdata", "atom-rfc4287.rng"), path).CombinedOutput()
			if err != nil {
				t.Errorf("xmllint rejects the feed: %v\n%s\n%s", err, out, doc)
			}
		})
	}
}

// TestAtomSchemaCatchesErrors proves the validation can fail: a feed without
// the required atom:id must be rejected.
func TestAtomSchemaCatchesErrors(t *testing.T) {
	xmllint := needXmllint(t)
	path := filepath.Join(t.TempDir(), "bad.atom")
	bad := `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><updated>2025-01-01T00:00:00Z</updated></feed>`
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(xmllint, "--noout", "--relaxng", filepath.Join("testdata", "atom-rfc4287.rng"), path).Run(); err == nil {
		t.Error("xmllint accepted a feed without atom:id; the schema check proves nothing")
	}
}
