package fingerprint

import (
	"errors"
	"testing"
)

func TestBinary(t *testing.T) {
	for _, it := range []item{wire, noText, {}, {"", wire.text}, named, stock, {"", longText(400)}} {
		s := it.sig()
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if want := 1 + 8 + 4 + 2*(len(s.Head)+len(s.Lede)+len(s.Pairs)+len(s.Names)); len(b) != want {
			t.Errorf("%q: %d bytes, want %d", it.title, len(b), want)
		}
		var back Signature
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("%q: %v", it.title, err)
		}
		if !equalSig(back, s) {
			t.Errorf("round trip: got %+v, want %+v", back, s)
		}
		if Compare(back, s) != Compare(s, s) {
			t.Errorf("decoded signature compares differently")
		}
	}
}

// TestBinaryMax pins the largest binary signature: the store writes one
// beside every key.
func TestBinaryMax(t *testing.T) {
	s := Signature{Version: Version, Title: 1, Head: make(Words, maxHeadWords), Lede: make(Words, ledeWords),
		Pairs: make(Words, ledeWords-1), Names: make(Words, maxNames)}
	b, _ := s.MarshalBinary()
	if len(b) > 171 {
		t.Errorf("largest signature is %d bytes", len(b))
	}
}

func TestBinaryOtherVersion(t *testing.T) {
	for _, s := range []Signature{{}, {Version: Version + 1, Title: 9, Head: Words{1, 2}}} {
		b, _ := s.MarshalBinary()
		var back Signature
		if err := back.UnmarshalBinary(b); err != nil || len(b) != 1 || !equalSig(back, Signature{Version: s.Version}) {
			t.Errorf("%+v: encoded as %x, decoded as %+v (%v)", s, b, back, err)
		}
	}
}

func TestUnmarshalBinary(t *testing.T) {
	good, _ := wire.sig().MarshalBinary()
	tests := []struct {
		name    string
		in      []byte
		wantErr bool
		want    Signature
	}{
		{"empty", nil, true, Signature{}},
		{"title cut", good[:5], true, Signature{}},
		{"list cut", good[:len(good)-1], true, Signature{}},
		{"trailing byte", append(good[:len(good):len(good)], 0), true, Signature{}},
		// What the store wrote for version 1: version, title, head, lede.
		{"older version", []byte{1, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0, 9, 0}, false, Signature{Version: 1}},
		{"zero signature", []byte{0}, false, Signature{}},
		{"lists empty", []byte{Version, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0}, false, Signature{Version: Version, Title: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Signature
			err := s.UnmarshalBinary(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, errMalformed) {
				t.Errorf("err = %v, want errMalformed", err)
			}
			if !tt.wantErr && !equalSig(s, tt.want) {
				t.Errorf("got %+v, want %+v", s, tt.want)
			}
		})
	}
}
