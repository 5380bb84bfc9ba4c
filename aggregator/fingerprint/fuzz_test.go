package fingerprint

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// FuzzOf feeds arbitrary titles and texts (untrusted feed content) through
// Of, Keys and Compare: no panic, at most 8 keys, bounded and sorted lists,
// a symmetric decision, and signatures that survive JSON and binary.
func FuzzOf(f *testing.F) {
	f.Add(wire.title, wire.text, wireUpdate.title, wireUpdate.text)
	f.Add(noText.title, "", oneDropped.title, metadataText.text)
	f.Add(stock.title, stock.text, named.title, named.text)
	f.Add("U.S. 20,000 don't Café ﬁnal 東京", "(x/AP Photo)", "'s's'", "LISBON (AP) — #tag http://x")
	f.Add("\xff\xfe", "a\x00b", "", "Points: 1\n# Comments: 2")
	f.Add("", "Ab Cd. Ef: Gh \"Ij\" Kl-Mn 1,2 Київ Łódź O'Neil Tuesday", "", "ALL CAPS TEXT WITH NO END")
	f.Fuzz(func(t *testing.T, t1, x1, t2, x2 string) {
		a, b := Of(t1, x1), Of(t2, x2)
		for _, s := range []Signature{a, b} {
			if n := len(s.Keys()); n > 8 {
				t.Fatalf("%d keys", n)
			}
			if len(s.Head) > maxHeadWords || len(s.Lede) > ledeWords || len(s.Pairs) >= ledeWords || len(s.Names) > maxNames {
				t.Fatalf("sizes: head %d, lede %d, pairs %d, names %d", len(s.Head), len(s.Lede), len(s.Pairs), len(s.Names))
			}
			if len(s.Lede) == 0 && (len(s.Pairs) > 0 || len(s.Names) > 0) || len(s.Lede) > 0 && len(s.Pairs) == 0 {
				t.Fatalf("lists of no text: lede %d, pairs %d, names %d", len(s.Lede), len(s.Pairs), len(s.Names))
			}
			if !isSet(s.Lede) || !isSet(s.Pairs) {
				t.Fatalf("sets not sorted and distinct: %v %v", s.Lede, s.Pairs)
			}
			for i, n := range s.Names {
				if slices.Contains(s.Names[:i], n) {
					t.Fatalf("repeated name in %v", s.Names)
				}
			}
			data, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var back Signature
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			if !equalSig(back, s) {
				t.Fatalf("JSON round trip changed %+v into %+v", s, back)
			}
			bin, _ := s.MarshalBinary()
			back = Signature{}
			if err := back.UnmarshalBinary(bin); err != nil || !equalSig(back, s) {
				t.Fatalf("binary round trip changed %+v into %+v (%v)", s, back, err)
			}
		}
		if Compare(a, b) != Compare(b, a) || Conflict(a, b) != Conflict(b, a) {
			t.Fatalf("asymmetric: %v / %v", Compare(a, b), Compare(b, a))
		}
		if !equalSig(Of(t1, x1), a) {
			t.Fatal("Of is not deterministic")
		}
		if want := namesOf(x1); len(a.Lede) > 0 && !slices.Equal(a.Names, want) {
			t.Fatalf("Of read names %v, every word gives %v", a.Names, want)
		}
	})
}

// FuzzUnmarshalBinary feeds arbitrary bytes (a store's values, which may
// be corrupt) to UnmarshalBinary: no panic, and what decodes as the
// current Version encodes back to the same bytes.
func FuzzUnmarshalBinary(f *testing.F) {
	for _, it := range []item{wire, noText, named, {}} {
		b, _ := it.sig().MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0, 9, 0})
	f.Add([]byte{Version, 0, 0, 0, 0, 0, 0, 0, 7, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Signature
		if err := s.UnmarshalBinary(data); err != nil || s.Version != Version {
			return
		}
		back, _ := s.MarshalBinary()
		if !bytes.Equal(back, data) {
			t.Fatalf("%x decoded to %+v, which encodes as %x", data, s, back)
		}
		Compare(s, s)
		s.Keys()
	})
}

func isSet(ws Words) bool {
	for i := 1; i < len(ws); i++ {
		if ws[i-1] >= ws[i] {
			return false
		}
	}
	return true
}

// namesOf reads the names of a text from all its words, without the
// shortcut Of takes once it has its lede.
func namesOf(text string) Words {
	var l nameList
	for w, sh := range tokens(prose(text)) {
		l.add(w, sh)
	}
	l.end()
	return Words(l.names[:l.n])
}
