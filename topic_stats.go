package tipwire

import "time"

// DayCount is how many items matching one topic were first seen on one UTC
// day; the web console charts them.
type DayCount struct {
	Topic string
	Day   time.Time // midnight UTC starting the day
	Count int
}
