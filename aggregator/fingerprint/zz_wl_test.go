package fingerprint

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

func BenchmarkZZWorkloadOf(b *testing.B) {
	f, err := os.Open("/tmp/fpwork/items.jsonl")
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	type it struct{ Title, Text string }
	var items []it
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<24), 1<<24)
	for sc.Scan() {
		var x it
		json.Unmarshal(sc.Bytes(), &x)
		items = append(items, x)
	}
	items = items[:2000]
	loop(b, func() {
		for _, x := range items {
			Of(x.Title, x.Text)
		}
	})
}
