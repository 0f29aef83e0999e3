package tipwire

import "time"

// DayCount is how many stories matching one topic were published on one
// UTC day (first seen, when undated or dated later); the web console charts
// them.
type DayCount struct {
	Topic string
	Day   time.Time // midnight UTC starting the day
	Count int
}
