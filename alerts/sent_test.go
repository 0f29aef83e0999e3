package alerts

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// dueOutbox hands back everything queued as due.
type dueOutbox struct{ fakeOutbox }

func (d *dueOutbox) DueDeliveries(context.Context, time.Time, int) ([]tipwire.Delivery, error) {
	return d.queued, nil
}

type senderFunc func(context.Context, []Alert) error

func (f senderFunc) Send(ctx context.Context, a []Alert) error { return f(ctx, a) }

func TestSentHookSeesEveryAttempt(t *testing.T) {
	ob := &dueOutbox{fakeOutbox{state: map[string]string{}}}
	ob.queued = []tipwire.Delivery{
		{ID: 1, Channel: "up", StoryKey: "a", Payload: []byte(`{}`)},
		{ID: 2, Channel: "down", StoryKey: "b", Payload: []byte(`{}`)},
	}
	var sent, failed int
	n, err := New(fakeStories{}, ob, Options{
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
	if _, err := n.Dispatch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sent != 1 || failed != 1 {
		t.Errorf("Sent hook saw %d sent and %d failed, want 1 and 1", sent, failed)
	}
}
