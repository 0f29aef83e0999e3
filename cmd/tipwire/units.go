package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a time.Duration written in config as "30s", "15m", "2h",
// or with whole days first: "90d", "1d12h".
type Duration time.Duration

// UnmarshalYAML parses a Go duration string, optionally led by a number of
// days, and rejects negative values.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseDuration(strings.TrimSpace(n.Value))
	if err != nil {
		return fmt.Errorf("not a duration (want e.g. 30s, 15m, 2h, 90d): %q", n.Value)
	}
	if v < 0 {
		return fmt.Errorf("must not be negative: %q", n.Value)
	}
	*d = Duration(v)
	return nil
}

// parseDuration is time.ParseDuration plus a leading "<N>d" for days,
// which Go leaves out because not every day is 24 hours; for retention a
// day of 24 hours is what people mean.
func parseDuration(s string) (time.Duration, error) {
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.ParseInt(days, 10, 32)
	if err != nil || n < 0 || n > 100*365 {
		return 0, errors.New("bad number of days")
	}
	v := time.Duration(n) * 24 * time.Hour
	if rest == "" {
		return v, nil
	}
	r, err := time.ParseDuration(rest)
	if err != nil || r < 0 {
		return 0, errors.New("bad duration after the days")
	}
	return v + r, nil
}

// ByteSize is a size written in config as "8MiB", "512KiB" or a plain number of bytes.
type ByteSize int64

var errBadSize = errors.New("not a size (want e.g. 8MiB, 512KiB, 1000000)")

// UnmarshalYAML parses sizes with binary (KiB, MiB, GiB) or decimal (KB, MB, GB) units.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q", errBadSize, n.Value)
	}
	if v < 0 {
		return fmt.Errorf("must not be negative: %q", n.Value)
	}
	if v > (1<<62)/mult {
		return fmt.Errorf("too large: %q", n.Value)
	}
	*b = ByteSize(v * mult)
	return nil
}
