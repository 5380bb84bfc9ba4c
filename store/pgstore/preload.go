package pgstore

import (
	"slices"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// preload reads, in one round trip, what folding r asks first: the
// source's state, its identity entries under every identity its items may
// have, the items they name, and the stories of the items' canonical URLs.
// It then sizes the sequence blocks by the items that look new, and plans
// their near-duplicate look-ups (NearCandidates). Only speed depends on
// it: a key it missed is read when fold asks.
func (w *writer) preload(r *aggregator.SourceResult) error {
	src := aggregator.SourceIDOf(r.State.URL)
	w.loadStates([]string{r.State.URL})
	if !r.Parsed {
		return w.send()
	}
	keys := make([][]int64, len(r.Items))
	var hashes []int64
	var canonical []string
	for i, id := range candidateIdentities(r.Items) {
		for _, k := range id {
			keys[i] = append(keys[i], identHash(k))
		}
		hashes = append(hashes, keys[i]...)
		if c := r.Items[i].Item.CanonicalURL; c != "" {
			canonical = append(canonical, c)
		}
	}
	w.loadIdents(src, hashes)
	w.queue(`SELECT seq, rec FROM items WHERE seq IN (SELECT seq FROM ident WHERE source = $1 AND ident = ANY($2))`,
		[]any{int64(src), hashes}, w.cacheItemRow)
	w.loadURLs(canonical)
	if err := w.send(); err != nil {
		return err
	}

	w.want = 0
	nd := w.opts.NearDup
	for i := range r.Items {
		if slices.ContainsFunc(keys[i], func(h int64) bool { return w.idents[identRef{src, h}].Seq != 0 }) {
			continue // stored already, most likely
		}
		w.want++
		if nd == nil {
			continue
		}
		it := &r.Items[i].Item
		win := [2]uint64{fold.TimeKey(it.Published.Add(-w.opts.Window)), fold.TimeKey(it.Published.Add(w.opts.Window))}
		for _, k := range nd.LookupKeys(it) {
			if !slices.Contains(w.plan[win], k) {
				w.plan[win] = append(w.plan[win], k)
			}
		}
	}
	return nil
}

// candidateIdentities returns, for each item, every identity fold may
// look it up under: the one it has, its GUID's and its link's, and those
// it would be given in either identity mode.
func candidateIdentities(in []aggregator.Incoming) [][]string {
	byGUID := make([]aggregator.Item, len(in))
	for i := range in {
		byGUID[i] = in[i].Item
	}
	byLink := slices.Clone(byGUID)
	aggregator.IdentifyAs(byGUID, aggregator.IdentityGUID)
	aggregator.IdentifyAs(byLink, aggregator.IdentityLink)
	out := make([][]string, len(in))
	for i := range in {
		it := &in[i].Item
		for _, k := range []string{it.Identity, aggregator.GUIDIdentity(it), aggregator.LinkIdentity(it), byGUID[i].Identity, byLink[i].Identity} {
			if k != "" && !slices.Contains(out[i], k) {
				out[i] = append(out[i], k)
			}
		}
	}
	return out
}
