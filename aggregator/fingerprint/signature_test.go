package fingerprint

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

// TestStable pins the hashes of two signatures. Signatures and keys are
// stored: if this test fails, the normalisation or hashing changed, and
// Version must be increased so that stores recompute what they hold.
func TestStable(t *testing.T) {
	s := wire.sig()
	if s.Version != 2 {
		t.Errorf("Version = %d; update this test together with the golden values", s.Version)
	}
	if want := uint64(0x71e4991ec8d8854d); s.Title != want {
		t.Errorf("Title = %#x, want %#x", s.Title, want)
	}
	if want := (Words{0xc8f3, 0x2213, 0x8c82, 0x9cd7, 0xad20, 0xe837, 0x6702}); !slices.Equal(s.Head, want) {
		t.Errorf("Head = %#v, want %#v", s.Head, want)
	}
	wantLede := Words{0x1445, 0x2213, 0x329c, 0x3cf0, 0x3e32, 0x588d, 0x5afb, 0x6702, 0x6845, 0x6cae,
		0x7ace, 0x8c82, 0x9cd7, 0x9f0f, 0xa1fe, 0xad20, 0xc8f3, 0xdea2, 0xe837}
	if !slices.Equal(s.Lede, wantLede) {
		t.Errorf("Lede = %#v, want %#v", s.Lede, wantLede)
	}
	wantPairs := Words{0x1f7, 0x1db3, 0x27d8, 0x2809, 0x2a7d, 0x6ca9, 0x6d04, 0x7378, 0x8c29, 0x9fe9,
		0xa2a8, 0xa75e, 0xad19, 0xad82, 0xb14e, 0xb78a, 0xbc48, 0xf2f6}
	if !slices.Equal(s.Pairs, wantPairs) {
		t.Errorf("Pairs = %#v, want %#v", s.Pairs, wantPairs)
	}
	if want := (Words{0x6702}); !slices.Equal(s.Names, want) {
		t.Errorf("Names = %#v, want %#v", s.Names, want)
	}
	// One name: the text keys are min-hashes of the lede's pairs.
	wantKeys := []uint64{0x5466539fded881d8, 0x89704a1b01284083, 0x580dcb102f77997d, 0xe050cc688a906ae8,
		0xd466c81550b6a875, 0xd76e5f1e9094a603, 0x5ed258e9a3438bb6, 0x2d3634a766964266}
	if got := s.Keys(); !slices.Equal(got, wantKeys) {
		t.Errorf("Keys = %#v, want %#v", got, wantKeys)
	}
	// An item with a text looks up the headline keys of items without one.
	wantLookup := []uint64{0x5466539fded881d8, 0xe050cc688a906ae8, 0xd466c81550b6a875, 0xd76e5f1e9094a603,
		0x5ed258e9a3438bb6, 0x2d3634a766964266, 0x426f3eb6d126d3c7, 0x5515a6182ea76089}
	if got := s.LookupKeys(); !slices.Equal(got, wantLookup) {
		t.Errorf("LookupKeys = %#v, want %#v", got, wantLookup)
	}
	// Seven names: the text keys are pairs of the first six.
	n := named.sig()
	if want := (Words{0x3030, 0x576e, 0x8610, 0x3c9d, 0x3ea8, 0xc0dd, 0x31d0}); !slices.Equal(n.Names, want) {
		t.Errorf("Names = %#v, want %#v", n.Names, want)
	}
	wantKeys = []uint64{0x5466539fded881d8, 0x89704a1b01284083, 0x580dcb102f77997d, 0xb1e2137d0a88799e,
		0x63021ccc0996b3f3, 0x4397968923449497, 0x9eaaeac4d0e94625, 0x2568fb6aeacd1217}
	if got := n.Keys(); !slices.Equal(got, wantKeys) {
		t.Errorf("Keys = %#v, want %#v", got, wantKeys)
	}
}

func TestOf(t *testing.T) {
	tests := []struct {
		name                           string
		it                             item
		title                          bool
		head, lede, pairs, names, keys int
	}{
		{"headline and text", wire, true, 7, 19, 18, 1, 8},
		{"headline only", noText, true, 7, 0, 0, 0, 3},
		{"text only", item{"", wire.text}, false, 0, 19, 18, 1, 5},
		{"short headline", shortTitle, true, 3, 0, 0, 0, 0},
		{"stopwords only", item{"What will they say?", "It is what it is."}, true, 0, 0, 0, 0, 0},
		{"empty", item{}, false, 0, 0, 0, 0, 0},
		{"long text capped", item{"", longText(400)}, false, 0, ledeWords, ledeWords - 1, 0, 5},
		{"names give text keys", named, true, 7, 17, 16, 7, 8},
		{"three names: two name keys and three min-hashes", stock, true, 7, 24, 23, 3, 8},
		{"caption: no text, no names", captionText, true, 7, 0, 0, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.it.sig()
			if s.Version != Version {
				t.Errorf("Version = %d", s.Version)
			}
			if (s.Title != 0) != tt.title || len(s.Head) != tt.head || len(s.Lede) != tt.lede || len(s.Pairs) != tt.pairs ||
				len(s.Names) != tt.names || len(s.Keys()) != tt.keys {
				t.Errorf("title %v, %d head words, %d lede words, %d pairs, %d names, %d keys; want %v, %d, %d, %d, %d, %d",
					s.Title != 0, len(s.Head), len(s.Lede), len(s.Pairs), len(s.Names), len(s.Keys()),
					tt.title, tt.head, tt.lede, tt.pairs, tt.names, tt.keys)
			}
			if !slices.IsSorted(s.Lede) || !slices.IsSorted(s.Pairs) {
				t.Errorf("sets not sorted: %v %v", s.Lede, s.Pairs)
			}
		})
	}
}

func longText(n int) string {
	b := make([]byte, 0, n*8)
	for i := range n {
		b = append(b, "word"...)
		b = append(b, byte('a'+i%26), byte('a'+i/26%26), ' ')
	}
	return string(b)
}

func TestJSON(t *testing.T) {
	for _, it := range []item{wire, noText, {}, {"", wire.text}, named} {
		s := it.sig()
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 200 {
			t.Errorf("JSON of %q is %d bytes: %s", it.title, len(b), b)
		}
		var back Signature
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !equalSig(back, s) {
			t.Errorf("round trip of %s: got %+v, want %+v", b, back, s)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	for _, in := range []string{`{"h":"AAE"}`, `{"h":"!!"}`, `{"h":12}`} {
		var s Signature
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want error", in, s)
		}
	}
}

func equalSig(a, b Signature) bool {
	return a.Version == b.Version && a.Title == b.Title && slices.Equal(a.Head, b.Head) && slices.Equal(a.Lede, b.Lede) &&
		slices.Equal(a.Pairs, b.Pairs) && slices.Equal(a.Names, b.Names)
}

// TestHeadlineKeysMeetOnlyWithoutText: two items with texts never meet
// through their headline start or end keys (rule 3 cannot join them), while
// an item without a text meets one with a text, whichever came first.
func TestHeadlineKeysMeetOnlyWithoutText(t *testing.T) {
	a := Of("Flood waters cut off mountain villages in northern Portugal", "Rescuers reached Vila Nova de Foz Côa by boat on Tuesday.")
	b := Of("Storm: flood waters cut off mountain villages in northern Portugal", "Officials in Lisbon said three bridges were closed to traffic.")
	bare := Of("Storm: flood waters cut off mountain villages in northern Portugal", "")
	if Meet(a, b) {
		t.Error("two items with texts and only a shared headline phrase meet as candidates")
	}
	if !Meet(a, bare) || !Meet(bare, a) {
		t.Error("an item without a text and one with a near-identical headline do not meet")
	}
}

// FuzzWordsJSON: Words decodes the strings MarshalJSON writes without
// encoding/json; whatever the JSON value, it must read what decoding it
// as a JSON string and then as base64 reads, and fail where that fails.
func FuzzWordsJSON(f *testing.F) {
	for _, w := range []Words{nil, {}, {1}, {0xffff, 0, 42}} {
		b, _ := json.Marshal(w)
		f.Add(b)
	}
	f.Add([]byte(`"AAE\u003d"`))
	f.Add([]byte("\"AA\nE=\""))
	f.Add([]byte(`null`))
	f.Add([]byte(`"AAE"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got Words
		gotErr := got.UnmarshalJSON(data)
		var want Words
		var s string
		wantErr := json.Unmarshal(data, &s)
		if wantErr == nil {
			var b []byte
			if b, wantErr = base64.StdEncoding.DecodeString(s); wantErr == nil && len(b)%2 != 0 {
				wantErr = errors.New("odd length")
			}
			for i := 0; wantErr == nil && i < len(b); i += 2 {
				want = append(want, binary.BigEndian.Uint16(b[i:]))
			}
		}
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("UnmarshalJSON(%q): error %v, want %v", data, gotErr, wantErr)
		}
		if gotErr == nil && !slices.Equal(got, want) {
			t.Errorf("UnmarshalJSON(%q) = %v, want %v", data, got, want)
		}
	})
}
