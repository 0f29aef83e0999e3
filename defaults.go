package tipwire

import (
	"bytes"
	_ "embed" // the shipped config.yaml is the built-in default
)

//go:embed config.yaml
var defaultConfig []byte

// DefaultConfig returns the shipped config.yaml, so the binary runs with its
// documented defaults from any directory.
func DefaultConfig() []byte { return bytes.Clone(defaultConfig) }
