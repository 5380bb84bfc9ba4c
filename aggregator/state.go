package aggregator

import "time"

// SourceState is everything feedloom remembers about polling one source:
// the validators for the next conditional request, when it is next due,
// and its health, which `feedloom status` shows.
type SourceState struct {
	URL string `json:"url"`
	// Title, SiteURL and FeedID are what the source's own document says
	// about itself (the OPML may name it differently).
	Title   string `json:"title,omitempty"`
	SiteURL string `json:"site_url,omitempty"`
	FeedID  string `json:"feed_id,omitempty"`

	LastAttempt time.Time `json:"last_attempt"`
	LastSuccess time.Time `json:"last_success"`
	// LastStatus is the HTTP status of the last response (0 when the
	// request failed before one arrived, 200 for local files).
	LastStatus int `json:"last_status,omitempty"`
	// LastError is the last failure in words; empty after a success.
	LastError string `json:"last_error,omitempty"`
	// ErrorKind classifies LastError for scripts (see the Err* kinds).
	ErrorKind           string    `json:"error_kind,omitempty"`
	ConsecutiveFailures int       `json:"consecutive_failures,omitempty"`
	FailingSince        time.Time `json:"failing_since"`
	NextDue             time.Time `json:"next_due"`

	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// BodyHash is a hash of the last body parsed, so an unchanged body
	// served without validators is not parsed again.
	BodyHash string `json:"body_hash,omitempty"`

	// ItemsLastFetch is how many items the last parsed document held;
	// ItemsNew how many of those were new; ItemsStored how many items of
	// this source the store holds.
	ItemsLastFetch int `json:"items_last_fetch"`
	ItemsNew       int `json:"items_new"`
	ItemsStored    int `json:"items_stored"`

	// Identity is how the source's items are identified: "" by GUID (the
	// default) or "link" once its GUIDs proved unusable, for the reason in
	// IdentityReason. The store decides it (see IdentityMode) and keeps it.
	Identity       IdentityMode `json:"identity,omitempty"`
	IdentityReason string       `json:"identity_reason,omitempty"`
}

// Failing reports whether the last poll of the source failed.
func (s *SourceState) Failing() bool { return s.ConsecutiveFailures > 0 }

// Incoming is a normalised item on its way into the store, with the keys of
// the topics it matches.
type Incoming struct {
	Item   Item
	Topics []TopicKey
}

// SourceResult is the outcome of polling one source: its new state and,
// when a document was parsed, its items. The single writer commits results
// in batches.
type SourceResult struct {
	State SourceState
	// Parsed is true when a document was parsed; Items then holds every
	// item it carried (possibly none).
	Parsed bool
	Items  []Incoming
	// Failed is true when this poll failed (State says why).
	Failed bool
}

// CommitStats counts what a commit did.
type CommitStats struct {
	Sources int
	// New items stored, items updated in place, and new items that joined
	// an existing story (the same canonical URL or a near-duplicate).
	New, Updated, Merged int
}

// Add accumulates o into s.
func (s *CommitStats) Add(o CommitStats) {
	s.Sources += o.Sources
	s.New += o.New
	s.Updated += o.Updated
	s.Merged += o.Merged
}

// TopicKey identifies one topic definition in the store: a hash of its
// query and scope, so that editing the query starts a new membership.
type TopicKey uint64

// Selection asks the store for the newest entries of one output.
type Selection struct {
	// Sources are the sources whose stories may appear; a story carried by
	// none of them is skipped.
	Sources []string
	// Topic, when set, restricts the selection to the topic's members.
	Topic TopicKey
	// Limit bounds the number of entries (0 = no limit).
	Limit int
	// Since drops stories older than it (zero = no limit).
	Since time.Time
}
