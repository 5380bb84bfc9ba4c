package fingerprint_test

import (
	"fmt"

	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

func Example() {
	agency := fingerprint.Of("Ferry runs aground off Greek island, all passengers safe",
		"ATHENS, Greece (AP) — A ferry carrying 300 passengers ran aground off the island of Naxos on Friday, and all on board were taken off safely, the coast guard said.")
	portal := fingerprint.Of("Ferry runs aground off Greek island, all passengers safe", "") // a copy without a description
	update := fingerprint.Of("Ferry with 312 aboard runs aground off Naxos; no injuries",
		"A ferry carrying 312 passengers ran aground off the island of Naxos on Friday, and all on board were taken off safely, the coast guard said.")
	own := fingerprint.Of("Ferry runs aground off Greek island, all passengers safe",
		"Holidaymakers describe a night of confusion on deck as crew handed out life jackets while tugs struggled in rising winds.")

	fmt.Println(fingerprint.Compare(agency, portal))
	fmt.Println(fingerprint.Compare(agency, update))
	fmt.Println(fingerprint.Compare(agency, own))
	fmt.Println(fingerprint.Joins(own, []fingerprint.Signature{agency, portal}))
	// Output:
	// identical headline
	// same lede
	// no match
	// false
}
