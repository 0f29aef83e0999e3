package tipwire

// TagCount is how many published stories carry a tag (Item.Tags): a
// country code such as "KH" or a type such as "labour".
type TagCount struct {
	Tag     string
	Stories int
}
