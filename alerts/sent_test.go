package alerts

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

type senderFunc func(context.Context, []Alert) error

func (f senderFunc) Send(ctx context.Context, a []Alert) error { return f(ctx, a) }

func TestSentHookSeesEveryAttempt(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	if _, err := st.SaveItems(ctx, []tipwire.Item{{GUID: "g", Link: "https://news.example/raid", Title: "Raid",
		Outlet: "A", Published: time.Now(), Matches: []tipwire.Match{{Topic: "trafficking", Score: 5}}}}); err != nil {
		t.Fatal(err)
	}
	var sent, failed int
	now := time.Now()
	n, err := New(st, st, Options{
		Now:    func() time.Time { return now },
		Routes: []Route{{Name: "up", Channel: "up"}, {Name: "down", Channel: "down"}},
		Channels: map[string]Sender{
			"up":   senderFunc(func(context.Context, []Alert) error { return nil }),
			"down": senderFunc(func(context.Context, []Alert) error { return errors.New("503") }),
		},
		Sent: func(err error) {
			if err != nil {
				failed++
			} else {
				sent++
			}
		},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n.AfterPass(ctx)
	for _, ch := range []string{"up", "down"} {
		n.drain(ctx, ch) // one channel after the other: the hook is not synchronised
	}
	if sent != 1 || failed != 1 {
		t.Errorf("Sent hook saw %d sent and %d failed, want 1 and 1", sent, failed)
	}
	// The failed delivery waits: the metric sees its age.
	now = now.Add(90 * time.Second)
	if age, err := n.OldestPending(ctx); err != nil || age != 90*time.Second {
		t.Errorf("oldest pending %v (err %v), want 1m30s", age, err)
	}
	if n.InFlight() != 0 {
		t.Errorf("%d deliveries in flight after the sends ended", n.InFlight())
	}
}

// A failed send pauses its channel until the retry time: a receiver that
// is down gets one attempt, not one per pending alert.
func TestFailurePausesChannel(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	for i, title := range []string{"Raid in Pattaya", "Verdict in Lagos", "Rescue at sea"} {
		if _, err := st.SaveItems(ctx, []tipwire.Item{{GUID: title, Link: "https://news.example/" + string(rune('a'+i)),
			Title: title, Outlet: "A", Published: time.Now(), Matches: []tipwire.Match{{Topic: "trafficking", Score: 5}}}}); err != nil {
			t.Fatal(err)
		}
	}
	now, calls := time.Now(), 0
	n, err := New(st, st, Options{
		Now:        func() time.Time { return now },
		Routes:     []Route{{Name: "down", Channel: "down"}},
		MinBackoff: time.Minute,
		Channels: map[string]Sender{"down": senderFunc(func(context.Context, []Alert) error {
			calls++
			return errors.New("503")
		})},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n.AfterPass(ctx)
	retry := n.drain(ctx, "down")
	if calls != 1 || !retry.Equal(now.Add(time.Minute)) {
		t.Fatalf("drain made %d attempts and returned %v, want 1 and the retry time", calls, retry)
	}
	if got := n.nextLook(ctx, "down", retry); got != time.Minute {
		t.Errorf("paused worker looks again in %v, want the backoff", got)
	}
	if got := n.nextLook(ctx, "down", time.Time{}); got != idleWait {
		t.Errorf("unpaused worker looks again in %v, want %v (two alerts are due)", got, idleWait)
	}
}
