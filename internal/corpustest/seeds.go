package corpustest

import (
	"os"
	"path/filepath"
	"strings"
)

// Seeds returns the contents of every stride-th file (in walk order) under
// the corpus folder rel whose name ends in one of exts, skipping files
// over 256 KiB. Fuzz targets seed from it; it returns nil where the corpus
// is absent, so the targets still run in a user's clone.
func Seeds(rel string, stride int, exts ...string) [][]byte {
	dir, err := Path(filepath.FromSlash(rel))
	if err != nil {
		return nil
	}
	var seeds [][]byte
	i := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !hasSuffix(p, exts) {
			return nil
		}
		if i++; i%stride != 0 {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 256<<10 {
			seeds = append(seeds, b)
		}
		return nil
	})
	return seeds
}

func hasSuffix(p string, exts []string) bool {
	for _, e := range exts {
		if strings.HasSuffix(p, e) {
			return true
		}
	}
	return false
}
