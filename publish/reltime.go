package publish

import (
	"fmt"
	"time"
)

// relTime is a moment as the pages show it: relative to now ("3 h ago",
// "in 12 min") for reading at a glance, with the UTC time as a tooltip and
// in the <time> element's datetime. The zero value is "never".
type relTime struct {
	Text, UTC, Datetime string
}

func newRelTime(t, now time.Time) relTime {
	if t.IsZero() {
		return relTime{}
	}
	return relTime{
		Text:     relText(t.Sub(now)),
		UTC:      t.UTC().Format("2006-01-02 15:04 UTC"),
		Datetime: t.UTC().Format(time.RFC3339),
	}
}

// newDueTime is newRelTime for a deadline: one already past reads
// "overdue by 3 h", which on a running daemon means it is stuck.
func newDueTime(t, now time.Time) relTime {
	r := newRelTime(t, now)
	if d := now.Sub(t); !t.IsZero() && d >= time.Minute {
		r.Text = "overdue by " + amount(d)
	}
	return r
}

// relText says how far d (a time minus now) lies.
func relText(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return "in " + amount(d)
	case d > 0:
		return "in under a minute"
	case d > -time.Minute:
		return "just now"
	}
	return amount(-d) + " ago"
}

// amount is a positive duration in its largest whole unit: minutes below
// two hours, hours below two days, then days.
func amount(d time.Duration) string {
	switch {
	case d < 2*time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}
