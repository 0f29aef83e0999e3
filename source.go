package tipwire

import "time"

// Source origins: where a source in the store came from.
const (
	OriginConfig = "config" // listed in config.yaml
	OriginSeeds  = "seeds"  // from seeds/sources.opml, when seeds: true
	OriginCLI    = "cli"    // added with `tipwire sources add` or import
)

// Source statuses. A source is never disabled for good: a gone source is
// still polled, rarely, in case it comes back.
const (
	StatusActive  = ""        // polled on its schedule
	StatusGone    = "gone"    // answered 410 Gone; kept, visible, polled at the maximum interval
	StatusRemoved = "removed" // removed with `tipwire sources remove`; kept for its items, not polled
)

// Source is one feed tipwire polls.
type Source struct {
	ID     int64
	URL    string
	Name   string
	Origin string // OriginConfig, OriginSeeds or OriginCLI
	Status string // StatusActive, StatusGone or StatusRemoved
	State  FetchState
}

// SourceStats is a source with what it has contributed, for operators.
type SourceStats struct {
	Source
	Polled  bool // fetched by the daemon: configured now, or added from the command line
	Items   int  // stored items this source carried
	Matches int  // of those, items that matched a topic
}

// FetchState is what tipwire remembers about polling a source. It is saved in
// the same transaction as the items of a fetch, so the validators never run
// ahead of the stored items.
type FetchState struct {
	ETag         string // validator from the last successful fetch
	LastModified string // validator from the last successful fetch

	LastCheckedAt time.Time // last attempt, successful or not
	LastSuccessAt time.Time // last attempt that ended in 200 or 304
	NextCheckAt   time.Time // earliest time the source is due again

	ConsecutiveErrors int
	ErrorCategory     string // category of the last error ("" after a success)
	LastError         string // message of the last error ("" after a success)
}

// SaveStats counts what storing one batch of items did.
type SaveStats struct {
	New       int // items never seen before
	Duplicate int // items already stored (by GUID, canonical URL or content)
	Updated   int // stored items whose publisher changed title or content
	Matched   int // new items that matched at least one topic
	// Merged counts new copies that joined a story already stored (another
	// outlet's near-duplicate): not New, since the story is not new.
	Merged int
}
