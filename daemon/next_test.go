package daemon

import (
	"testing"
	"time"
)

func TestNextFunc(t *testing.T) {
	next, err := NextFunc("0 8 * * *")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	if got, want := next(from), time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next = %v, want %v", got, want)
	}
	if _, err := NextFunc("@every 0s"); err == nil {
		t.Error("a zero interval was accepted")
	}
}
