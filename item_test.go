package tipwire

import (
	"regexp"
	"testing"
)

func TestItemID(t *testing.T) {
	uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	tests := []struct {
		key  string
		want string
	}{
		{"0123456789abcdef0123456789abcdef", "urn:uuid:01234567-89ab-5def-8123-456789abcdef"},
		{"ffffffffffffffffffffffffffffffff", "urn:uuid:ffffffff-ffff-5fff-bfff-ffffffffffff"},
		{"abc", "urn:uuid:abc00000-0000-5000-8000-000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			got := ItemID(tt.key)
			if got != tt.want {
				t.Errorf("ItemID(%q) = %q, want %q", tt.key, got, tt.want)
			}
			if !uuid.MatchString(got) {
				t.Errorf("ItemID(%q) = %q is not a version-5 urn:uuid", tt.key, got)
			}
			if ItemID(tt.key) != got {
				t.Error("ItemID is not deterministic")
			}
		})
	}
}
