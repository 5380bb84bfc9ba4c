package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// manifestFile lists, inside the output folder, every file feedloom wrote
// there. Publish deletes only files this list names, so nothing a user put
// in the folder is ever removed. It holds JSON but has no .json suffix, so
// that no tool takes it for a JSON Feed.
const manifestFile = ".feedloom-manifest"

// manifest is the manifest file's content.
type manifest struct {
	// Version is the manifest format's version.
	Version int `json:"version"`
	// Files are slash-separated paths relative to the output folder,
	// sorted.
	Files []string `json:"files"`
	// Stamp is the stamp (stamp.go) of the publish that completed last;
	// empty while a publish is under way or when it had none.
	Stamp string `json:"stamp,omitempty"`
}

// readManifest returns the files the previous publish wrote. A missing
// manifest means none; an unreadable one is reported as a warning and also
// treated as none, which can leave stale files behind but never deletes a
// file feedloom cannot prove it wrote.
func readManifest(fsys fileSystem, dir string) (files []string, warning string) {
	files, _, warning = readManifestStamp(fsys, dir)
	return files, warning
}

// readManifestStamp is readManifest that also returns the stamp.
func readManifestStamp(fsys fileSystem, dir string) (files []string, stamp, warning string) {
	name := filepath.Join(dir, manifestFile)
	data, err := fsys.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", ""
	}
	var m manifest
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		return nil, "", fmt.Sprintf("manifest %s is unreadable (%v): files of removed outputs are kept this time; delete the manifest to silence this", name, err)
	}
	for _, f := range m.Files {
		if safeManifestPath(f) {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return slices.Compact(files), m.Stamp, ""
}

// safeManifestPath reports whether p may name a file feedloom wrote: a
// clean relative path inside the output folder, and not the manifest
// itself. A hand-edited manifest cannot make Publish delete anything else.
func safeManifestPath(p string) bool {
	return p != "" && p != manifestFile && path.Clean(p) == p &&
		!strings.HasPrefix(p, "/") && filepath.IsLocal(filepath.FromSlash(p))
}

// encodeManifest renders a manifest of files (sorted, unique) and stamp.
func encodeManifest(files []string, stamp string) ([]byte, error) {
	files = slices.Clone(files)
	slices.Sort(files)
	data, err := json.MarshalIndent(manifest{Version: 1, Files: slices.Compact(files), Stamp: stamp}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
