package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// stateOK is the state after a successful fetch that returned validators.
func stateOK() tipwire.FetchState {
	return tipwire.FetchState{
		ETag:          `"v1"`,
		LastModified:  "Sat, 01 Mar 2025 11:00:00 GMT",
		LastCheckedAt: t0,
		LastSuccessAt: t0,
		NextCheckAt:   t0.Add(15 * time.Minute),
	}
}

func TestEnsureSourcesIsIdempotent(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	in := []tipwire.Source{
		{URL: "https://b.example/rss", Name: "B", Origin: tipwire.OriginConfig},
		{URL: "https://a.example/atom", Name: "A", Origin: tipwire.OriginSeeds},
		{URL: "https://b.example/rss", Name: "B again", Origin: tipwire.OriginConfig},
	}
	first, err := s.EnsureSources(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 3 || first[0].ID == 0 || first[0].ID != first[2].ID || first[1].ID == first[0].ID {
		t.Fatalf("ids = %d %d %d; want B, A, B in the given order with B stored once", first[0].ID, first[1].ID, first[2].ID)
	}
	if first[1].URL != in[1].URL || first[1].Origin != tipwire.OriginSeeds {
		t.Errorf("second source = %+v, want %+v", first[1], in[1])
	}
	if err := s.SaveState(ctx, first[0].ID, stateOK()); err != nil {
		t.Fatal(err)
	}

	again, err := s.EnsureSources(ctx, []tipwire.Source{
		{URL: "https://a.example/atom", Name: "A renamed", Origin: tipwire.OriginCLI},
		{URL: "https://b.example/rss", Name: "", Origin: tipwire.OriginCLI},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantA := tipwire.Source{ID: first[1].ID, URL: "https://a.example/atom", Name: "A renamed", Origin: tipwire.OriginSeeds}
	wantB := tipwire.Source{ID: first[0].ID, URL: "https://b.example/rss", Name: "B again", Origin: tipwire.OriginConfig, State: stateOK()}
	assertSource(t, again[0], wantA)
	assertSource(t, again[1], wantB)

	all, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("Sources() = %d sources, want 2", len(all))
	}
	assertSource(t, all[0], wantB) // oldest first
	assertSource(t, all[1], wantA)
}

func TestEnsureSourcesRejectsEmptyURL(t *testing.T) {
	s, _ := newStore(t)
	_, err := s.EnsureSources(context.Background(), []tipwire.Source{{URL: "https://a.example/"}, {Name: "no url"}})
	if err == nil {
		t.Fatal("EnsureSources accepted a source without URL")
	}
	if got := count(t, s, "sources"); got != 0 {
		t.Errorf("a failed EnsureSources stored %d sources, want 0", got)
	}
}

func TestFetchStateRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		state tipwire.FetchState
	}{
		{"success", stateOK()},
		{"failure", tipwire.FetchState{
			ETag:              `W/"x"`,
			LastCheckedAt:     time.Date(2025, 3, 1, 13, 14, 15, 999999999, time.FixedZone("ICT", 7*3600)),
			LastSuccessAt:     time.Date(2024, 12, 31, 23, 59, 59, 1, time.UTC),
			NextCheckAt:       time.Date(2025, 3, 1, 14, 0, 0, 0, time.Local),
			ConsecutiveErrors: 7,
			ErrorCategory:     "http_status",
			LastError:         "GET https://a.example/feed: 503 Service Unavailable",
		}},
		{"never checked", tipwire.FetchState{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			ids := addSources(t, s, "https://a.example/feed")
			if err := s.SaveState(context.Background(), ids[0], tt.state); err != nil {
				t.Fatal(err)
			}
			all, err := s.Sources(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			assertState(t, all[0].State, tt.state)
		})
	}
}

func TestSaveStateOfUnknownSource(t *testing.T) {
	s, _ := newStore(t)
	err := s.SaveState(context.Background(), 42, stateOK())
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if want := "store: save state of source 42: not found"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func assertSource(t *testing.T, got, want tipwire.Source) {
	t.Helper()
	gotState, wantState := got.State, want.State
	got.State, want.State = tipwire.FetchState{}, tipwire.FetchState{}
	if got != want {
		t.Errorf("source = %+v, want %+v", got, want)
	}
	assertState(t, gotState, wantState)
}

// assertState compares states by instant: stored times come back in UTC.
func assertState(t *testing.T, got, want tipwire.FetchState) {
	t.Helper()
	for _, p := range []struct {
		name      string
		got, want time.Time
	}{
		{"LastCheckedAt", got.LastCheckedAt, want.LastCheckedAt},
		{"LastSuccessAt", got.LastSuccessAt, want.LastSuccessAt},
		{"NextCheckAt", got.NextCheckAt, want.NextCheckAt},
	} {
		if !p.got.Equal(p.want) {
			t.Errorf("%s = %v, want %v", p.name, p.got, p.want)
		}
	}
	got.LastCheckedAt, got.LastSuccessAt, got.NextCheckAt = time.Time{}, time.Time{}, time.Time{}
	want.LastCheckedAt, want.LastSuccessAt, want.NextCheckAt = time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("state = %+v, want %+v", got, want)
	}
}
