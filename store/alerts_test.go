package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func delivery(channel, key string, due time.Time) tipwire.Delivery {
	return tipwire.Delivery{Channel: channel, StoryKey: key, Route: "r", Payload: []byte(`{"k":"` + key + `"}`),
		CreatedAt: t0, NextAttemptAt: due}
}

func digestDelivery(channel, key string, due time.Time) tipwire.Delivery {
	d := delivery(channel, key, due)
	d.Digest = true
	return d
}

func claimKeys(t *testing.T, s *Store, channel, claim string, now time.Time) []string {
	t.Helper()
	ds, err := s.ClaimDeliveries(context.Background(), channel, claim, now, now.Add(time.Minute), 100)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range ds {
		if d.ClaimedBy != claim || !d.ClaimExpiresAt.Equal(now.Add(time.Minute)) {
			t.Errorf("claimed %+v, want it held by %s for a minute", d, claim)
		}
		keys = append(keys, d.StoryKey)
	}
	return keys
}

func TestOutbox(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	added, err := s.EnqueueDeliveries(ctx, []tipwire.Delivery{
		delivery("hook", "a", t0), delivery("mail", "a", t0.Add(time.Hour)), delivery("hook", "b", t0),
	})
	if err != nil || added != 3 {
		t.Fatalf("added %d, err %v", added, err)
	}
	// The same story for the same channel again (another outlet reported it).
	if added, err = s.EnqueueDeliveries(ctx, []tipwire.Delivery{delivery("hook", "a", t0)}); err != nil || added != 0 {
		t.Fatalf("re-queue added %d, err %v", added, err)
	}
	// Immediate deliveries are claimed one at a time, oldest first; a
	// second claim skips the one held.
	if got := claimKeys(t, s, "hook", "c1", t0); fmt.Sprint(got) != "[a]" {
		t.Fatalf("first claim %v, want [a]", got)
	}
	if got := claimKeys(t, s, "hook", "c2", t0); fmt.Sprint(got) != "[b]" {
		t.Fatalf("second claim %v, want [b]", got)
	}
	if got := claimKeys(t, s, "mail", "c3", t0); len(got) != 0 {
		t.Fatalf("claimed %v before it was due", got)
	}
	ds, _ := s.ClaimDeliveries(ctx, "hook", "c4", t0, t0.Add(time.Minute), 10)
	if len(ds) != 0 {
		t.Fatalf("claimed held deliveries %+v", ds)
	}
	started, finished := t0.Add(time.Second), t0.Add(3*time.Second)
	if kept, err := s.DeliveryFailed(ctx, "c1", []int64{1}, started, finished, t0.Add(5*time.Minute), "503"); err != nil || kept != 1 {
		t.Fatalf("failed: kept %d, err %v", kept, err)
	}
	if kept, err := s.DeliveryDone(ctx, "c2", []int64{3}, started, finished); err != nil || kept != 1 {
		t.Fatalf("done: kept %d, err %v", kept, err)
	}
	if next, ok, err := s.NextDelivery(ctx, "hook"); err != nil || !ok || !next.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("next delivery %v %v %v, want the retry time", next, ok, err)
	}
	if got := claimKeys(t, s, "hook", "c5", t0.Add(5*time.Minute)); fmt.Sprint(got) != "[a]" {
		t.Errorf("claim after the backoff %v, want the retry", got)
	}
	n, oldest, err := s.PendingDeliveries(ctx, []string{"hook", "mail"})
	if err != nil || n != 2 || !oldest.Equal(t0) {
		t.Errorf("pending %d, oldest %v, err %v", n, oldest, err)
	}
	if n, _, err = s.PendingDeliveries(ctx, []string{"mail"}); err != nil || n != 1 {
		t.Errorf("pending %d, oldest %v, err %v", n, oldest, err)
	}
	log, err := s.DeliveryLog(ctx, 10)
	if err != nil || len(log) != 2 {
		t.Fatalf("log %+v err %v", log, err)
	}
	for _, a := range log {
		if !a.At.Equal(started) || !a.Finished.Equal(finished) {
			t.Errorf("log line %+v, want the attempt's own start and end", a)
		}
	}
}

// A digest alert is claimed with every other due digest alert of its
// channel; an immediate one alone.
func TestClaimDigestBatch(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.EnqueueDeliveries(ctx, []tipwire.Delivery{
		digestDelivery("mail", "a", t0), delivery("mail", "b", t0.Add(time.Second)),
		digestDelivery("mail", "c", t0.Add(2*time.Second)), digestDelivery("mail", "later", t0.Add(time.Hour)),
		digestDelivery("other", "d", t0),
	}); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Minute)
	if got := claimKeys(t, s, "mail", "c1", now); fmt.Sprint(got) != "[a c]" {
		t.Errorf("digest claim %v, want [a c]", got)
	}
	if got := claimKeys(t, s, "mail", "c2", now); fmt.Sprint(got) != "[b]" {
		t.Errorf("next claim %v, want [b]", got)
	}
}

// A killed dispatcher's claim lapses: the delivery goes to the next claim,
// and the old claim can no longer mark it.
func TestClaimExpires(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.EnqueueDeliveries(ctx, []tipwire.Delivery{delivery("hook", "a", t0)}); err != nil {
		t.Fatal(err)
	}
	claimKeys(t, s, "hook", "dead", t0)
	if next, ok, _ := s.NextDelivery(ctx, "hook"); !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("next delivery %v, want the claim's expiry", next)
	}
	if got := claimKeys(t, s, "hook", "live", t0.Add(59*time.Second)); len(got) != 0 {
		t.Fatalf("claimed %v under a live claim", got)
	}
	if got := claimKeys(t, s, "hook", "live", t0.Add(time.Minute)); fmt.Sprint(got) != "[a]" {
		t.Fatalf("claim after expiry %v, want [a]", got)
	}
	if kept, err := s.DeliveryDone(ctx, "dead", []int64{1}, t0, t0); err != nil || kept != 0 {
		t.Errorf("expired claim marked %d deliveries (err %v), want 0", kept, err)
	}
	if kept, err := s.DeliveryDone(ctx, "live", []int64{1}, t0, t0); err != nil || kept != 1 {
		t.Errorf("live claim marked %d deliveries (err %v), want 1", kept, err)
	}
	if _, ok, _ := s.NextDelivery(ctx, "hook"); ok {
		t.Error("a delivered delivery is still pending")
	}
}

// Two stores on one file (two processes) claiming at once never hold the
// same delivery.
func TestClaimRaceTwoStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tipwire.db")
	a, _ := openAt(t, path)
	b, _ := openAt(t, path)
	ctx := context.Background()
	var ds []tipwire.Delivery
	for i := range 60 {
		ds = append(ds, delivery("hook", fmt.Sprint(i), t0))
	}
	if _, err := a.EnqueueDeliveries(ctx, ds); err != nil {
		t.Fatal(err)
	}
	var (
		mu  sync.Mutex
		got = map[int64]int{}
		wg  sync.WaitGroup
	)
	for w := range 4 {
		st := []*Store{a, b}[w%2]
		wg.Go(func() {
			for busy := 0; ; {
				claimed, err := st.ClaimDeliveries(ctx, "hook", fmt.Sprint("w", w), t0, t0.Add(time.Hour), 10)
				// The other process may hold the write lock past the busy
				// timeout on a loaded machine; a dispatcher looks again later.
				if err != nil && strings.Contains(err.Error(), "SQLITE_BUSY") && busy < 10 {
					busy++
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				if len(claimed) == 0 {
					return
				}
				mu.Lock()
				for _, d := range claimed {
					got[d.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(got) != len(ds) {
		t.Errorf("%d deliveries claimed, want %d", len(got), len(ds))
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("delivery %d claimed %d times", id, n)
		}
	}
}

func TestMarkStoriesMatched(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	fresh, err := s.MarkStoriesMatched(ctx, []string{"a", "b"}, t0, t0.Add(-time.Hour))
	if err != nil || fmt.Sprint(fresh) != "[a b]" {
		t.Fatalf("fresh %v, err %v", fresh, err)
	}
	fresh, err = s.MarkStoriesMatched(ctx, []string{"a", "c"}, t0.Add(time.Hour), t0.Add(-time.Hour))
	if err != nil || fmt.Sprint(fresh) != "[c]" {
		t.Fatalf("fresh %v, err %v, want only the new story", fresh, err)
	}
	// Records older than the window are forgotten.
	fresh, err = s.MarkStoriesMatched(ctx, []string{"a"}, t0.Add(3*time.Hour), t0.Add(30*time.Minute))
	if err != nil || fmt.Sprint(fresh) != "[a]" {
		t.Fatalf("fresh %v, err %v, want the forgotten story", fresh, err)
	}
}

func TestStoriesByKey(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	keys := saveMatchedStory(t, s, "Police free 12 trafficking victims", "Outlet A")
	saveMatchedStory(t, s, "Police free 12 trafficking victims", "Outlet B")
	got, err := s.StoriesByKey(ctx, []string{keys, "no-such-story"})
	if err != nil || len(got) != 1 {
		t.Fatalf("stories %+v, err %v", got, err)
	}
	if len(got[0].Outlets) != 2 || len(got[0].Matches) != 1 || got[0].Key != keys {
		t.Errorf("story %+v, want both outlets and the match", got[0])
	}
}

// saveMatchedStory stores one matched copy of a story from outlet and
// returns the story's key.
func saveMatchedStory(t *testing.T, s *Store, title, outlet string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := s.SaveItems(ctx, []tipwire.Item{{
		GUID: outlet + title, Link: "https://" + outlet + ".example/x", Title: title, Outlet: outlet,
		Summary: "Police freed twelve victims of human trafficking.",
		Matches: []tipwire.Match{{Topic: "trafficking", Score: 3}},
	}}); err != nil {
		t.Fatal(err)
	}
	items, err := s.Items(ctx, tipwire.ItemQuery{})
	if err != nil || len(items) == 0 {
		t.Fatalf("items %v, err %v", items, err)
	}
	return items[0].Key
}
