package store

import (
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/aggregator/media"
)

// storyField reads the story an item record names without decoding it,
// whatever text the item holds, and refuses a damaged record.
func TestStoryFieldReadsTheRecordsOwnStory(t *testing.T) {
	tricky := `,"story":1,"topics":[2]} ,\"story\":3 \\",\"story\":4`
	for _, tc := range []struct {
		name string
		rec  fold.ItemRecord
	}{
		{"plain", fold.ItemRecord{Item: aggregator.Item{Title: "t"}, Story: 42}},
		{"with topics and near keys", fold.ItemRecord{Item: aggregator.Item{Title: "t"}, Story: 1 << 60, Topics: []aggregator.TopicKey{9, 10}, Near: []uint64{11}}},
		{"story-like text in every string", fold.ItemRecord{Item: aggregator.Item{
			Title: tricky, Summary: tricky, Content: tricky + `"story":5}`, Categories: []string{tricky},
			Authors: []aggregator.Person{{Name: tricky}}, Podcast: &media.Podcast{Summary: tricky},
		}, Story: 77, Topics: []aggregator.TopicKey{1}}},
		{"story zero", fold.ItemRecord{Story: 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := u64(12)
			b, err := encode(key, &tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := storyField(key, b)
			if !ok || got != tc.rec.Story {
				t.Errorf("storyField = %d, %v; want %d, true", got, ok, tc.rec.Story)
			}
			b[len(b)-2] ^= 1 // damage: the checksum fails
			if _, ok := storyField(key, b); ok {
				t.Error("a damaged record was read")
			}
		})
	}
}
