package fetcher

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// toUTF8 returns body as UTF-8 text, deciding the encoding the way feeds
// need rather than the way the XML specification says, because declarations
// lie in both directions:
//
//  1. A byte order mark, or the NUL pattern of "<" in UTF-16 without one,
//     decides UTF-16 (or UTF-8).
//  2. A body that is valid UTF-8 is UTF-8, whatever it declares: a real
//     ISO-8859-1 or windows-125x text is almost never valid UTF-8, while
//     UTF-8 feeds declaring ISO-8859-1 are common.
//  3. Otherwise the encoding in the XML declaration, then the charset in
//     Content-Type, when it names a known encoding other than UTF-8.
//  4. Otherwise, text that is mostly UTF-8 keeps its valid parts (the rest
//     becomes U+FFFD), and anything else is read as windows-1252, the
//     superset of ISO-8859-1 that undeclared Western feeds are written in.
//
// The result never contains invalid UTF-8. Declarations are left in place;
// sniff cuts the prolog off before the XML parser sees it, so nothing
// decodes twice.
func toUTF8(body []byte, contentType string) string {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		body = body[3:]
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}), bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), body)
	case len(body) >= 4 && body[0] == 0 && body[2] == 0 && body[1] != 0 && body[1] < utf8.RuneSelf:
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body)
	case len(body) >= 4 && body[1] == 0 && body[3] == 0 && body[0] != 0 && body[0] < utf8.RuneSelf:
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body)
	}
	if utf8.Valid(body) {
		return string(body)
	}
	for _, label := range []string{declaredEncoding(body), contentTypeCharset(contentType)} {
		if enc := lookupEncoding(label); enc != nil {
			return decodeWith(enc, body)
		}
	}
	if mostlyUTF8(body) {
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	return decodeWith(charmap.Windows1252, body)
}

// lookupEncoding returns the decoder for a non-UTF-8 label, or nil for
// UTF-8, UTF-16 (only trusted with a BOM or NUL pattern) and unknown labels.
func lookupEncoding(label string) encoding.Encoding {
	if label == "" {
		return nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return nil
	}
	return enc
}

// decodeWith decodes body, falling back to repaired UTF-8 if the decoder
// fails (it only fails on broken input in stateful encodings).
func decodeWith(enc encoding.Encoding, body []byte) string {
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// declaredEncoding returns the encoding named in an XML declaration at the
// start of body, or "".
func declaredEncoding(body []byte) string {
	head := body[:min(len(body), 512)]
	head = bytes.TrimLeft(head, " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := string(head[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	rest, ok := strings.CutPrefix(rest, "=")
	rest = strings.TrimLeft(rest, " \t\r\n")
	if !ok || rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	value, _, ok := strings.Cut(rest[1:], rest[:1])
	if !ok {
		return ""
	}
	return strings.TrimSpace(value)
}

func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// mostlyUTF8 reports whether body has more valid multi-byte UTF-8 sequences
// than invalid bytes: a UTF-8 text with a few broken bytes, rather than a
// single-byte encoding.
func mostlyUTF8(body []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(body); {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid > invalid
}
