package store

import (
	"context"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func delivery(channel, key string, due time.Time) tipwire.Delivery {
	return tipwire.Delivery{Channel: channel, StoryKey: key, Route: "r", Payload: []byte(`{"k":"` + key + `"}`),
		CreatedAt: t0, NextAttemptAt: due}
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
	due, err := s.DueDeliveries(ctx, t0, 10)
	if err != nil || len(due) != 2 || string(due[0].Payload) != `{"k":"a"}` {
		t.Fatalf("due = %+v, err %v", due, err)
	}
	if err := s.DeliveryFailed(ctx, []int64{due[0].ID}, t0, t0.Add(time.Minute), "503"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeliveryDone(ctx, []int64{due[1].ID}, t0); err != nil {
		t.Fatal(err)
	}
	if due, _ = s.DueDeliveries(ctx, t0, 10); len(due) != 0 {
		t.Errorf("still due after the attempts: %+v", due)
	}
	if next, ok, err := s.NextDelivery(ctx); err != nil || !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("next delivery %v %v %v, want the retry time", next, ok, err)
	}
	due, _ = s.DueDeliveries(ctx, t0.Add(time.Hour), 10)
	if len(due) != 2 || due[0].Attempts != 1 || due[0].LastError != "503" || due[1].Channel != "mail" {
		t.Errorf("due an hour later = %+v", due)
	}
	log, err := s.DeliveryLog(ctx, 10)
	if err != nil || len(log) != 2 {
		t.Fatalf("log %+v err %v", log, err)
	}
	if err := s.SetAlertState(ctx, "watermark", "x"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.AlertState(ctx, "watermark"); err != nil || v != "x" {
		t.Errorf("state %q %v", v, err)
	}
}
