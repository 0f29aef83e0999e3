package tipwire

import "time"

// Delivery is one alert in the outbox: a story to send to one channel. A
// story is queued at most once per channel (Channel, StoryKey is unique),
// so it alerts once even when more outlets report it later.
type Delivery struct {
	ID       int64
	Channel  string // channel name from the configuration
	StoryKey string // the story's stable key (Item.Key)
	Route    string // the route that queued it
	Digest   bool   // sent with the channel's other due digest alerts in one message
	// Payload is the alert as JSON when it was queued; what is sent is
	// built from the story as it is at sending time, and the payload only
	// stands in when the story or its route is gone.
	Payload []byte

	CreatedAt time.Time
	// NextAttemptAt is when the delivery is due: when queued for an
	// immediate route, the schedule's next run for a digest, and later
	// after each failed attempt (backoff).
	NextAttemptAt time.Time
	Attempts      int
	DeliveredAt   time.Time // zero while pending
	LastError     string    // of the last failed attempt
	// ClaimedBy names the dispatcher's claim while it sends the delivery;
	// the claim ends at ClaimExpiresAt, after which another may send it.
	ClaimedBy      string
	ClaimExpiresAt time.Time
}

// DeliveryAttempt is one line of the delivery log.
type DeliveryAttempt struct {
	DeliveryID int64
	Channel    string
	StoryKey   string
	At         time.Time // when the attempt began
	Finished   time.Time // when its outcome was known
	Error      string    // "" when the attempt delivered
}
