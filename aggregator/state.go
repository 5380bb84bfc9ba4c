package aggregator

import (
	"encoding/binary"
	"hash/fnv"
	"time"
)

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

	// IntervalSeconds is the source's normal time between polls, in
	// seconds: the minimum interval raised by the server's and the feed's
	// hints, capped by the maximum, before jitter. Failures back off from
	// it.
	IntervalSeconds int64 `json:"interval_seconds,omitempty"`
	// FeedIntervalSeconds is what the document itself asks for (RSS
	// <ttl>, sy:updatePeriod and sy:updateFrequency), in seconds, kept for
	// the polls that parse nothing (304s, identical bodies).
	FeedIntervalSeconds int64 `json:"feed_interval_seconds,omitempty"`
	// Gone is set by a 410 Gone: the source is no longer polled (Due
	// skips it, and so does --force) until its xmlUrl changes in the OPML,
	// it is removed and re-added with `feedloom sources add`, or it is
	// polled by name (`feedloom refresh URL`) and answers.
	Gone bool `json:"gone,omitempty"`
	// RedirectTo is the permanent-redirect (301/308) target that the
	// latest polls got; RedirectFirstSeen is when that streak began and
	// RedirectCount how many polls in a row got it. A poll answered
	// without that redirect ends the streak; temporary redirects never
	// start one.
	RedirectTo        string    `json:"redirect_to,omitempty"`
	RedirectFirstSeen time.Time `json:"redirect_first_seen,omitzero"`
	RedirectCount     int       `json:"redirect_count,omitempty"`
	// Moved is set once the streak has lasted the grace period (both its
	// time and its number of polls): status reports RedirectTo as the new
	// URL and `refresh --update-opml` rewrites the OPML to it.
	Moved bool `json:"moved,omitempty"`
	// MovedFrom is the old URL when `refresh --update-opml` carried this
	// state over from it.
	MovedFrom string `json:"moved_from,omitempty"`

	// ItemsLastFetch is how many items the last parsed document held;
	// ItemsNew how many of those were new; ItemsStored how many items of
	// this source the store holds.
	ItemsLastFetch int `json:"items_last_fetch"`
	ItemsNew       int `json:"items_new"`
	ItemsStored    int `json:"items_stored"`
	// LastWarning says what the last parsed document lost to feedloom's
	// bounds (items beyond MaxDocumentItems, titles cut, ...: Normalised.Warnings
	// joined); empty for a normal document.
	LastWarning string `json:"last_warning,omitempty"`

	// Identity is how the source's items are identified: "" by GUID (the
	// default) or "link" once its GUIDs proved unusable, for the reason in
	// IdentityReason. The store decides it (see IdentityMode) and keeps it.
	Identity       IdentityMode `json:"identity,omitempty"`
	IdentityReason string       `json:"identity_reason,omitempty"`

	// Generation and Digests let the next poll skip the items of the last
	// parsed document that did not change: Digests are their raw digests,
	// Generation a hash of everything else that decided how they were
	// normalised and matched (see reuse.go). Both are written with the
	// items, in one transaction, so an item listed here is stored.
	Generation uint64  `json:"generation,omitempty"`
	Digests    Digests `json:"digests,omitempty"`
}

// ReuseBasis is a hash of the Generation and Digests a poll judges items
// unchanged by; 0 when there are no digests.
func (s *SourceState) ReuseBasis() uint64 {
	if s == nil || len(s.Digests) == 0 {
		return 0
	}
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], s.Generation)
	h.Write(b[:])
	for _, d := range s.Digests {
		binary.BigEndian.PutUint64(b[:], d)
		h.Write(b[:])
	}
	return h.Sum64() | 1
}

// Failing reports whether the last poll of the source failed.
func (s *SourceState) Failing() bool { return s.ConsecutiveFailures > 0 }

// MovedTo returns the state carried over to the source's new URL when its
// move is made in the OPML: everything it learned (validators, schedule,
// health, identity) goes with it, it remembers where it came from, and the
// redirect streak that proved the move is over.
func (s SourceState) MovedTo(url string) SourceState {
	s.MovedFrom, s.URL = s.URL, url
	s.RedirectTo, s.RedirectFirstSeen, s.RedirectCount, s.Moved = "", time.Time{}, 0, false
	return s
}

// Incoming is a normalised item on its way into the store, with the keys of
// the topics it matches.
type Incoming struct {
	Item   Item
	Topics []TopicKey
	// complete, when set, makes Incoming Known: Item holds only what
	// identifies it, and complete returns it normalised in full, with its
	// topics.
	complete func() (Item, []TopicKey)
}

// KnownIncoming is an item carried by identity only (see Known): id holds
// what identifies it, and complete returns it normalised in full with its
// topics, for a writer that does not find it stored.
func KnownIncoming(id Item, complete func() (Item, []TopicKey)) Incoming {
	return Incoming{Item: id, complete: complete}
}

// Known reports whether in carries its item by identity only: the item is
// as the source's last parsed document had it, which the store holds, so
// Item has its GUID, links, title, dates and Identity but no content,
// fingerprint, hash or topics. A writer that finds it stored under its
// identity leaves it as it is; one that does not calls Complete.
func (in *Incoming) Known() bool { return in.complete != nil }

// Complete normalises a Known item in full and matches its topics; its
// Identity stays. It does nothing for an item that is not Known.
func (in *Incoming) Complete() {
	if in.complete == nil {
		return
	}
	identity := in.Item.Identity
	in.Item, in.Topics = in.complete()
	in.Item.Identity = identity
	in.complete = nil
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
	// Basis is the ReuseBasis of the state the Known items among Items
	// were judged against. A writer that finds another state stored (a
	// refresher sharing the store polled the source meanwhile) completes
	// them all instead of trusting them.
	Basis uint64
	// Failed is true when this poll failed (State says why).
	Failed bool
	// FetchTime is how long the request took; ProcessTime how long parsing,
	// normalising and topic matching took (zero when nothing was parsed
	// but the outcome was recorded).
	FetchTime, ProcessTime time.Duration
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
	// Whole, when above 0, is how many of the first entries are given
	// whole. A store may give the rest (an output's archive, of which only
	// headlines are shown) with only what HeadlineOf reads: no Via, and
	// the item's summary and content only when it has no title.
	Whole int
}
