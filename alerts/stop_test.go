package alerts

import (
	"context"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// Stopping the dispatcher while a receiver is taking an alert lets that
// send finish and records it delivered, so a clean stop repeats nothing
// at the next start.
func TestStopLetsSendInFlightFinish(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	st := testStore(t)
	if _, err := st.SaveItems(ctx, []tipwire.Item{{GUID: "g", Link: "https://news.example/raid", Title: "Raid",
		Outlet: "A", Published: time.Now(), Matches: []tipwire.Match{{Topic: "trafficking", Score: 5}}}}); err != nil {
		t.Fatal(err)
	}
	sends := 0
	n, err := New(st, st, Options{
		Routes: []Route{{Name: "chat", Channel: "chat"}},
		Channels: map[string]Sender{"chat": senderFunc(func(sendCtx context.Context, _ []Alert) error {
			sends++
			stop() // SIGTERM arrives while the receiver is answering
			return sendCtx.Err()
		})},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n.AfterPass(ctx)
	n.Run(ctx, nil) // returns once the worker recorded its send
	if sends != 1 {
		t.Fatalf("%d sends, want 1", sends)
	}
	pending, _, err := st.PendingDeliveries(context.Background(), []string{"chat"})
	if err != nil || pending != 0 {
		t.Errorf("%d deliveries pending after a clean stop (err %v), want 0", pending, err)
	}
	log, err := st.DeliveryLog(context.Background(), 10)
	if err != nil || len(log) != 1 || log[0].Error != "" {
		t.Errorf("delivery log %+v (err %v), want one successful attempt", log, err)
	}
}
