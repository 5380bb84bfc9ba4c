package fingerprint

// Hashes must be stable across processes, machines and releases: they are
// stored. FNV-1a and the SplitMix64 finaliser are fixed, well-known
// functions; hash/maphash and Go's map hashing are seeded per process.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnv64 continues an FNV-1a hash h over b.
func fnv64(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// word16 is the 16-bit hash of a normalised word kept in a Signature. Two
// different words collide with probability 1/65536, which moves a
// similarity between two ledes of 24 words by far less than the rules'
// margins.
func word16(w []byte) uint16 {
	h := fnv64(fnvOffset, w)
	return uint16(h ^ h>>16 ^ h>>32 ^ h>>48)
}

// mix is the SplitMix64 finaliser: a bijection that spreads every input
// bit over the output.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// pair16 is the 16-bit hash of an ordered pair of word hashes.
func pair16(a, b uint16) uint16 {
	return uint16(mix(uint64(a)<<16|uint64(b)) >> 48)
}
