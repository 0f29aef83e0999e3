package cluster

import (
	"reflect"
	"testing"
)

func TestEncodeRoundTrip(t *testing.T) {
	docs := []Doc{
		{},
		NewDoc("", ""),
		NewDoc("UN Report Counts Record Number Of Trafficking Victims", ""),
		NewDoc("Court jails trafficker for 12 years", "A court in Lagos sentenced a man to 12 years in prison, the agency NAPTIP said."),
		NewDoc("Polícia resgata 23 vítimas de tráfico", "Autoridades em São Paulo resgataram 23 pessoas; o caso é investigado."),
	}
	for _, m := range maeSot {
		docs = append(docs, NewDoc(m.title, m.lead))
	}
	for _, d := range docs {
		got, err := DecodeDoc(d.Encode())
		if err != nil {
			t.Fatalf("DecodeDoc(%q): %v", d.Encode(), err)
		}
		if !reflect.DeepEqual(normalise(got), normalise(d)) {
			t.Errorf("round trip changed the doc:\n got %#v\nwant %#v", got, d)
		}
	}
	// Decoded docs compare exactly as the originals do.
	for _, a := range docs {
		for _, b := range docs {
			da, _ := DecodeDoc(a.Encode())
			if got, want := Compare(da, b), Compare(a, b); got != want {
				t.Errorf("Compare(decoded %q, %q) = %+v, want %+v", a.title, b.title, got, want)
			}
		}
	}
}

// normalise makes empty and nil lists equal, which Compare cannot tell apart.
func normalise(d Doc) Doc {
	for _, l := range []*[]string{&d.words, &d.sorted, &d.marks} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	return d
}

func TestDecodeDocRefuses(t *testing.T) {
	for _, s := range []string{"", "d1", "d0\n0\n\n\n\n", "d1\nx\n\n\n\n", "d1\n-1\n\n\n\n", "d1\n0\n\n\n"} {
		if _, err := DecodeDoc(s); err == nil {
			t.Errorf("DecodeDoc(%q) succeeded", s)
		}
	}
}

func BenchmarkDecodeDoc(b *testing.B) {
	s := NewDoc(maeSot[0].title, maeSot[0].lead).Encode()
	for b.Loop() {
		if _, err := DecodeDoc(s); err != nil {
			b.Fatal(err)
		}
	}
}
