package layout

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/feedloom/feedloom"

// sources walks the module's Go files (not testdata) and calls fn with
// each one's slash path relative to the module root.
func sources(t *testing.T, fn func(rel string, src []byte)) {
	t.Helper()
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fn(filepath.ToSlash(rel), src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportRules: store and output never import each other; aggregator
// (with its sub-packages) imports none of store, output, cmd or the
// application; nothing imports cmd. External test packages (package
// x_test) may: they are no part of x.
func TestImportRules(t *testing.T) {
	forbidden := map[string][]string{
		"store/":      {"output", "cmd/", "internal/app"},
		"output/":     {"store", "cmd/", "internal/app"},
		"aggregator/": {"store", "output", "cmd/", "internal/app"},
		"internal/":   {"cmd/"},
	}
	fset := token.NewFileSet()
	checked := 0
	sources(t, func(rel string, src []byte) {
		f, err := parser.ParseFile(fset, rel, src, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return
		}
		if strings.HasSuffix(f.Name.Name, "_test") {
			return
		}
		for dir, banned := range forbidden {
			if !strings.HasPrefix(rel, dir) {
				continue
			}
			checked++
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				inner, ok := strings.CutPrefix(path, module+"/")
				if !ok {
					continue
				}
				for _, b := range banned {
					if inner == strings.TrimSuffix(b, "/") || strings.HasPrefix(inner, strings.TrimSuffix(b, "/")+"/") {
						t.Errorf("%s imports %s: %s must not depend on %s", rel, path, dir, b)
					}
				}
			}
		}
	})
	if checked < 100 {
		t.Fatalf("only %d files checked: is the module root ../..?", checked)
	}
}

// TestPackageSizes: the command line stays wiring (flags, options, one
// call, printing) and the pipeline package stays the pipeline.
func TestPackageSizes(t *testing.T) {
	limits := map[string]int{"cmd/feedloom": 1200, "aggregator": 2600}
	lines := map[string]int{}
	sources(t, func(rel string, src []byte) {
		if strings.HasSuffix(rel, "_test.go") {
			return
		}
		lines[filepath.ToSlash(filepath.Dir(rel))] += bytes.Count(src, []byte("\n"))
	})
	for dir, limit := range limits {
		if lines[dir] == 0 {
			t.Errorf("%s has no non-test lines: moved?", dir)
		}
		if lines[dir] > limit {
			t.Errorf("%s has %d non-test lines, more than %d: move what is not its job into a package of its own", dir, lines[dir], limit)
		}
	}
}

// TestOneFileRenamesIntoPlace: internal/atomicfile is the only non-test
// code that renames a file, so every file feedloom replaces is synced,
// renamed and its folder synced the same way.
func TestOneFileRenamesIntoPlace(t *testing.T) {
	var renamers []string
	sources(t, func(rel string, src []byte) {
		if !strings.HasSuffix(rel, "_test.go") && bytes.Contains(src, []byte("os.Rename(")) {
			renamers = append(renamers, rel)
		}
	})
	if len(renamers) != 1 || renamers[0] != "internal/atomicfile/atomicfile.go" {
		t.Errorf("files that rename: %v; use internal/atomicfile instead", renamers)
	}
}
