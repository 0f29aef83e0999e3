package main

import (
	"fmt"
	"time"
)

// maxStoryWindow bounds stories.window: a longer window merges unrelated
// events that reuse one wording and makes every save compare more.
const maxStoryWindow = 30 * 24 * time.Hour

// validateStories checks retention and stories.window.
func (c *Config) validateStories() error {
	w := time.Duration(c.Stories.Window)
	if w <= 0 || w > maxStoryWindow {
		return fmt.Errorf("stories.window: must be positive and at most 30d (720h), got %s", w)
	}
	if r := time.Duration(c.Retention); r != 0 && r < w {
		return fmt.Errorf("retention: must be 0 (keep everything) or at least stories.window (%s), got %s", w, r)
	}
	return nil
}
