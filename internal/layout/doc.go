// Package layout holds no code: its test keeps the repository's layout
// rules true (which package may import which, how large the command line
// and the pipeline package may grow, one file that renames files into
// place), so that a change that breaks one fails where it is made.
package layout
