package store

import (
	"reflect"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

func TestNearValueRoundTripsEverySignatureField(t *testing.T) {
	sig := fingerprint.Of("Storm Ciarán closes Cornwall schools and Plymouth ferries",
		"Storm Ciarán closed 200 schools in Cornwall on Thursday, and Brittany Ferries cancelled "+
			"every sailing from Plymouth to Roscoff as winds reached 90mph, the Met Office said. "+
			"Devon and Cornwall Police urged drivers to stay at home.")
	rv := reflect.ValueOf(sig)
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Fatalf("test signature leaves %s empty: use a richer text", rv.Type().Field(i).Name)
		}
	}
	src, got, err := decodeSig(encodeSig(aggregator.SourceID(7), &sig))
	if err != nil {
		t.Fatal(err)
	}
	if src != 7 || !reflect.DeepEqual(got, sig) {
		t.Errorf("decodeSig(encodeSig(sig)) = %d, %+v; want 7, %+v", src, got, sig)
	}
}

func FuzzDecodeNear(f *testing.F) {
	sig := fingerprint.Of("A headline of several words here", "Some text that is long enough to have a lede of words.")
	f.Add(encodeSig(1, &sig))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		src, s, err := decodeSig(b)
		if err != nil {
			return
		}
		if again := encodeSig(src, &s); len(again) > len(b)+4 {
			t.Errorf("re-encoded value %d bytes from %d", len(again), len(b))
		}
	})
}
