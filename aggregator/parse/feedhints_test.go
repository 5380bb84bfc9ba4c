package parse

import (
	"testing"
	"time"
)

func TestFeedInterval(t *testing.T) {
	const sy = `xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"`
	tests := []struct {
		name, doc string
		want      time.Duration
	}{
		{"none", `<rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>`, 0},
		{"ttl", `<rss version="2.0"><channel><title>x</title><ttl> 90 </ttl><item><title>a</title></item></channel></rss>`, 90 * time.Minute},
		{"ttl after the items", `<rss version="2.0"><channel><title>x</title><item><title>a</title></item><ttl>120</ttl></channel></rss>`, 2 * time.Hour},
		{"ttl inside an item is not the channel's", `<rss version="2.0"><channel><title>x</title><item><title>a</title><ttl>600</ttl></item><item><title>b</title></item></channel></rss>`, 0},
		{"sy hourly twice", `<rss version="2.0" ` + sy + `><channel><title>x</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>`, 30 * time.Minute},
		{"sy weekly in atom", `<feed xmlns="http://www.w3.org/2005/Atom" ` + sy + `><title>x</title><sy:updatePeriod>Weekly</sy:updatePeriod></feed>`, 7 * 24 * time.Hour},
		{"sy frequency alone means daily", `<rss version="2.0" ` + sy + `><channel><title>x</title><sy:updateFrequency>4</sy:updateFrequency></channel></rss>`, 6 * time.Hour},
		{"sy bad frequency counts once", `<rss version="2.0" ` + sy + `><channel><title>x</title><sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency></channel></rss>`, 24 * time.Hour},
		{"the larger of ttl and sy", `<rss version="2.0" ` + sy + `><channel><title>x</title><ttl>60</ttl><sy:updatePeriod>daily</sy:updatePeriod></channel></rss>`, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.doc), "")
			if err != nil {
				t.Fatal(err)
			}
			if got := Interval(doc, []byte(tt.doc)); got != tt.want {
				t.Errorf("Interval = %v, want %v", got, tt.want)
			}
		})
	}
}
