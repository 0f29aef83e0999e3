package main

import (
	"strings"
	"testing"
	"time"
)

func TestConfigRetentionAndStories(t *testing.T) {
	cfg, err := parseConfig([]byte("seeds: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(cfg.Retention) != 90*24*time.Hour || time.Duration(cfg.Stories.Window) != 7*24*time.Hour {
		t.Errorf("defaults: retention %v, window %v", time.Duration(cfg.Retention), time.Duration(cfg.Stories.Window))
	}
	tests := []struct {
		yaml    string
		want    time.Duration
		wantErr string
	}{
		{"retention: 30d\n", 30 * 24 * time.Hour, ""},
		{"retention: 8d12h\n", 204 * time.Hour, ""},
		{"retention: 2160h\n", 2160 * time.Hour, ""},
		{"retention: 0s\n", 0, ""},
		{"retention: 1h\n", 0, "retention: must be 0 (keep everything) or at least stories.window"},
		{"retention: xd\n", 0, "retention: line 1: not a duration"},
		{"retention: -3d\n", 0, "retention: line 1: not a duration"},
		{"stories:\n  window: 0s\n", 0, "stories.window: must be positive"},
		{"stories:\n  window: 40d\n", 0, "stories.window: must be positive and at most 30d"},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			cfg, err := parseConfig([]byte(tt.yaml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := time.Duration(cfg.Retention); got != tt.want {
				t.Errorf("retention = %v, want %v", got, tt.want)
			}
		})
	}
}
