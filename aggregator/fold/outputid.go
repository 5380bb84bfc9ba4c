package fold

import (
	"crypto/sha256"
	"fmt"
)

// OutputID is the id a story carries in every output: a name-based UUID
// (version 8, RFC 9562) derived from the story's key, so it never changes
// for a story and needs no central counter.
func OutputID(story uint64) string {
	h := sha256.Sum256(fmt.Appendf(nil, "feedloom story %016x", story))
	u := h[:16]
	u[6] = (u[6] & 0x0f) | 0x80
	u[8] = (u[8] & 0x3f) | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
