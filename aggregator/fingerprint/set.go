package fingerprint

// countCommon counts the values two sorted, duplicate-free lists share: a
// merge, linear in their lengths, with no allocation. Of builds the lists
// sorted so that Compare never sorts.
func countCommon(a, b Words) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// containment is |A∩B| / min(|A|,|B|) over two sorted sets.
func containment(a, b Words) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(countCommon(a, b)) / float64(min(len(a), len(b)))
}

// jaccard is |A∩B| / |A∪B| over two sorted sets.
func jaccard(a, b Words) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := countCommon(a, b)
	return float64(inter) / float64(len(a)+len(b)-inter)
}
