package main

import (
	"embed"
	"strings"
)

// The long help of every command lives in help/NAME.txt, a document of
// its own, where it reads as what it is and other docs can quote it.
//
//go:embed help/*.txt
var helpFiles embed.FS

// help returns the long help text help/name.txt. A missing file is a
// programming error that TestEveryHelpFileIsUsed catches; at run time it
// degrades to no text rather than a crash.
func help(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		return ""
	}
	return strings.TrimRight(string(b), "\n")
}
