package tipwire

import "time"

// Source origins: where a source in the store came from.
const (
	OriginConfig = "config" // listed in config.yaml
	OriginSeeds  = "seeds"  // from seeds/sources.opml, when seeds: true
	OriginCLI    = "cli"    // added with `tipwire sources add` or import
)

// Source is one feed tipwire polls.
type Source struct {
	ID     int64
	URL    string
	Name   string
	Origin string // OriginConfig, OriginSeeds or OriginCLI
	State  FetchState
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
}
