package filters

import (
	"strings"
	"testing"
)

func TestParseVocabularyErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"entry before a section", "# c\nen slavery\n", "v.txt:2: entry before the first [section]"},
		{"unknown section", "[strongest]\n", "v.txt:1: unknown section [strongest]"},
		{"bad rule", "[weak]\nen (slavery\n", "v.txt:2: (slavery: column 1: '(' is never closed"},
		{"none entry that is not a span", "[none]\nen drug AND trafficking\n", "v.txt:2: drug AND trafficking: a none entry must be terms, phrases or NEAR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseVocabulary("v.txt", tt.text)
			if err == nil || err.Error() != tt.want {
				t.Errorf("parseVocabulary error = %v, want %s", err, tt.want)
			}
		})
	}
}

// TestShippedVocabularies compiles every built-in vocabulary and checks
// each entry names its language, so the per-language review stays possible.
func TestShippedVocabularies(t *testing.T) {
	vs, err := loadVocabularies()
	if err != nil {
		t.Fatal(err)
	}
	v, ok := vs["trafficking"]
	if !ok || len(v.entries) < 50 || len(v.none) < 10 {
		t.Fatalf("trafficking vocabulary: %d entries, %d none; want a full list", len(v.entries), len(v.none))
	}
	seen := map[string]bool{}
	for i, lang := range v.langs {
		if len(lang) != 2 || strings.ToLower(lang) != lang {
			t.Errorf("entry %q: language %q is not an ISO 639-1 code", v.entries[i].label, lang)
		}
		seen[lang] = true
	}
	for _, lang := range []string{"en", "fr", "es", "pt", "id", "th", "vi", "km", "ar", "ru", "sr", "de", "zh",
		"it", "nl", "pl", "ro", "uk", "tr", "et", "el", "tl", "my", "hi", "bn", "ne", "ur", "sw",
		"ko", "ja", "lo", "fa", "he", "cs", "hu", "bg", "sq", "lt", "lv", "ka", "si", "ta", "pa", "ha", "am"} {
		if !seen[lang] {
			t.Errorf("no %s entries", lang)
		}
	}
}
