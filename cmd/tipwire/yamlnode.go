package main

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decodeStrict decodes a YAML document into out (a pointer to a struct),
// rejecting unknown keys and duplicate keys. Every error names the field path
// (`sources[2].url`) because yaml.v3's own messages name only a line and a Go
// type, which an operator cannot map back to config.yaml.
func decodeStrict(data []byte, out any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("not valid YAML: %w", err)
	}
	if doc.Kind == 0 { // empty document: keep defaults
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return errors.New("not a single YAML document")
	}
	return decodeNode(doc.Content[0], reflect.ValueOf(out).Elem(), "")
}

// unmarshalerType marks types (durations, sizes) that decode themselves.
var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

func decodeNode(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind == yaml.AliasNode {
		return fmt.Errorf("%s: YAML aliases are not supported", pathOrRoot(path))
	}
	if reflect.PointerTo(v.Type()).Implements(unmarshalerType) {
		return wrapPath(path, n, n.Decode(v.Addr().Interface()))
	}
	switch v.Kind() {
	case reflect.Struct:
		return decodeStruct(n, v, path)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct {
			return decodeSlice(n, v, path)
		}
	}
	return wrapPath(path, n, n.Decode(v.Addr().Interface()))
}

func decodeStruct(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: line %d: expected a mapping of keys, got %s", pathOrRoot(path), n.Line, kindName(n))
	}
	fields := yamlFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		p := joinPath(path, key)
		idx, ok := fields[key]
		if !ok {
			return fmt.Errorf("%s: line %d: unknown key (known keys: %s)", p, n.Content[i].Line, knownKeys(fields))
		}
		if seen[key] {
			return fmt.Errorf("%s: line %d: key given twice", p, n.Content[i].Line)
		}
		seen[key] = true
		if err := decodeNode(val, v.Field(idx), p); err != nil {
			return err
		}
	}
	return nil
}

func decodeSlice(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.SetLen(0)
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s: line %d: expected a list, got %s", pathOrRoot(path), n.Line, kindName(n))
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		if err := decodeNode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

func yamlFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

func knownKeys(fields map[string]int) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

func wrapPath(path string, n *yaml.Node, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	// yaml.v3 prefixes type errors with "yaml: unmarshal errors:\n  line N: ";
	// the path and line we add say the same thing more usefully.
	if _, after, ok := strings.Cut(msg, "\n  "); ok {
		msg = after
		if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "line ") {
			msg = rest
		}
	}
	return fmt.Errorf("%s: line %d: %s", pathOrRoot(path), n.Line, msg)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func pathOrRoot(path string) string {
	if path == "" {
		return "config"
	}
	return path
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}
