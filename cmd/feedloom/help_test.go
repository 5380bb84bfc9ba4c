package main

import (
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestEveryHelpFileIsUsed: each help/*.txt is some command's Description
// and each command with a Description found its file.
func TestEveryHelpFileIsUsed(t *testing.T) {
	used := map[string]bool{}
	var walk func(cmds []*cli.Command)
	walk = func(cmds []*cli.Command) {
		for _, c := range cmds {
			if c.Description != "" {
				used[c.Description] = true
			}
			walk(c.Subcommands)
		}
	}
	app := newApp(io.Discard, io.Discard)
	used[app.Description] = true
	walk(app.Commands)
	files, err := fs.Glob(helpFiles, "help/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no help files: %v", err)
	}
	for _, f := range files {
		text := help(strings.TrimSuffix(strings.TrimPrefix(f, "help/"), ".txt"))
		if text == "" {
			t.Errorf("%s is empty", f)
		}
		if !used[text] {
			t.Errorf("%s is no command's help", f)
		}
	}
	if len(used) != len(files) {
		t.Errorf("%d commands have help, %d help files: a help(NAME) names no file", len(used), len(files))
	}
}
