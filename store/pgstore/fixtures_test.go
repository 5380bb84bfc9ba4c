package pgstore

import (
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// Hand-written items about one event: a wire story carried by two
// outlets under their own URLs and headlines, and an outlet's own report
// of the same event under a headline identical to the wire copy's.
const (
	wireLede = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 68 people, officials said. Rescuers searched the burning wreckage for the four " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	wireLedeUpdated = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 70 people, officials said. Rescuers searched the burning wreckage for the two " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	ownReport = "Our correspondent in Pokhara describes scenes of grief at the hospital, where families " +
		"waited through the night for news. Nepal's aviation authority has opened an inquiry into the " +
		"crash, the country's worst in three decades, and grounded the airline's remaining aircraft."
)

func nearItem(src, guid, link, title, text string, minutes int) aggregator.Item {
	it := raw(src, guid, link, title, minutes)
	it.Summary = text
	it.Sig = fingerprint.Of(title, text)
	return it
}

func daysAgo(src, id string, days int) aggregator.Item {
	it := raw(src, id, "https://"+id+".example/story", "Story "+id+" about the harbour works", -days*24*60)
	it.Summary = fmt.Sprintf("Story %s: the harbour works continue with a new phase of dredging, the council said on the day of the report number %d.", id, days)
	it.Sig = fingerprint.Of(it.Title, it.Summary)
	return it
}
