package tipwire

import "time"

// Delivery is one alert in the outbox: a story to send to one channel. A
// story is queued at most once per channel (Channel, StoryKey is unique),
// so it alerts once even when more outlets report it later.
type Delivery struct {
	ID       int64
	Channel  string // channel name from the configuration
	StoryKey string // the story's stable key (Item.Key)
	Route    string // the route that queued it, for the log
	Digest   bool   // sent with the channel's other due digest alerts in one message
	Payload  []byte // the alert as JSON, fixed when it was queued

	CreatedAt time.Time
	// NextAttemptAt is when the delivery is due: when queued for an
	// immediate route, the schedule's next run for a digest, and later
	// after each failed attempt (backoff).
	NextAttemptAt time.Time
	Attempts      int
	DeliveredAt   time.Time // zero while pending
	LastError     string    // of the last failed attempt
}

// DeliveryAttempt is one line of the delivery log.
type DeliveryAttempt struct {
	DeliveryID int64
	Channel    string
	StoryKey   string
	At         time.Time
	Error      string // "" when the attempt delivered
}
