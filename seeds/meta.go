package seeds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"time"
)

// meta is a corpus sidecar, corpus/ID.json.
type meta struct {
	Title         string   `json:"title"`
	Outlet        string   `json:"outlet"`
	Link          string   `json:"link"`           // "" when the URL is not known; never guessed
	Language      string   `json:"language"`       // BCP 47
	Published     string   `json:"published"`      // RFC 3339 or YYYY-MM-DD; "" when unknown
	PublishedNote string   `json:"published_note"` // how the date was established
	Boilerplate   []string `json:"boilerplate"`    // exact leading lines that are page furniture
	SHA256        string   `json:"sha256"`         // of the text file, lowercase hex

	published time.Time
}

func loadMeta(id string) (meta, error) {
	name := path.Join("corpus", id+".json")
	data, err := files.ReadFile(name)
	if err != nil {
		return meta{}, fmt.Errorf("seeds: %s: missing sidecar: %w", name, err)
	}
	var m meta
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return meta{}, fmt.Errorf("seeds: %s: %w", name, err)
	}
	if err := m.validate(); err != nil {
		return meta{}, fmt.Errorf("seeds: %s: %w", name, err)
	}
	return m, nil
}

// validate checks the required fields and parses the date.
func (m *meta) validate() error {
	switch {
	case m.Title == "":
		return errors.New("title: empty")
	case m.Outlet == "":
		return errors.New("outlet: empty")
	case m.Language == "":
		return errors.New("language: empty")
	case len(m.SHA256) != 64:
		return fmt.Errorf("sha256: %q is not 64 hex digits", m.SHA256)
	}
	if m.Link != "" {
		if err := checkHTTPURL(m.Link); err != nil {
			return fmt.Errorf("link: %w", err)
		}
	}
	t, err := parseDate(m.Published)
	if err != nil {
		return fmt.Errorf("published: %w", err)
	}
	m.published = t
	return nil
}

// parseDate accepts RFC 3339 or a bare date (taken as midnight UTC).
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
	}
	return t, nil
}

// checkHTTPURL accepts only absolute http and https URLs with a host.
func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	return nil
}
