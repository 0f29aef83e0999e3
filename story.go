package tipwire

// Merge reasons: why an outlet's copy of an item was merged into a story
// (Outlet.Reason).
const (
	MergeSameURL       = "same canonical URL" // the links canonicalise alike
	MergeSameGUID      = "same GUID"          // the publisher's id, within one source
	MergeSameContent   = "same content"       // identical text, for items without link or GUID
	MergeSameTitle     = "same title"         // equal normalised headlines, no conflicting names
	MergeNearDuplicate = "near-duplicate"     // title and lead alike (see Outlet.Similarity)
	// MergeSameEvent is a report of the same event in other words or another
	// language: the reason is "same event: " and the specific names and
	// numbers both reports mention ("same event: benjina, 319").
	MergeSameEvent = "same event"
)
