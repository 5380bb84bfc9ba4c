// Package cliflags gives a urfave/cli application the command line people
// type: global flags after the command name (HoistGlobalFlags), flags
// between positional arguments (PositionalArgs), and an unknown command
// named as such instead of being taken for an argument (UnknownCommand).
package cliflags

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// HoistGlobalFlags moves the global flags written after the command to
// before it, where urfave/cli reads them: people type
// `feedloom refresh -v --opml x.opml` as often as `feedloom -v refresh`.
// Command and global flag names do not overlap, so nothing is ambiguous;
// everything after "--" stays where it is.
func HoistGlobalFlags(args []string, flags []cli.Flag) []string {
	takesValue := valueFlags(flags)
	flagName := func(a string) (name string, inline bool, ok bool) {
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			return "", false, false
		}
		name, _, inline = strings.Cut(strings.TrimLeft(a, "-"), "=")
		return name, inline, true
	}
	cmd := commandIndex(args, takesValue)
	if cmd < 0 {
		return args
	}
	head := slices.Clone(args[:cmd])
	var rest []string
	for j := cmd; j < len(args); j++ {
		a := args[j]
		if a == "--" {
			rest = append(rest, args[j:]...)
			break
		}
		name, inline, isFlag := flagName(a)
		takes, global := takesValue[name]
		if j == cmd || !isFlag || !global {
			rest = append(rest, a)
			continue
		}
		head = append(head, a)
		if takes && !inline && j+1 < len(args) {
			j++
			head = append(head, args[j])
		}
	}
	return append(head, rest...)
}

// commandIndex finds the command word: the first argument that is neither
// a global flag nor a global flag's value; -1 when there is none.
func commandIndex(args []string, takesValue map[string]bool) int {
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return -1
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return i
		}
		name, _, inline := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if takesValue[name] && !inline {
			i++
		}
	}
	return -1
}

// UnknownCommand returns the usage error for a command word that names
// no command, listing the commands there are; nil when it names one.
func UnknownCommand(app *cli.App, args []string) error {
	takesValue := valueFlags(app.Flags)
	i := commandIndex(args, takesValue)
	if i < 0 {
		return nil
	}
	var names []string
	for _, c := range app.Commands {
		if c.HasName(args[i]) {
			return nil
		}
		names = append(names, c.Name)
	}
	if args[i] == "help" || args[i] == "h" {
		return nil
	}
	return fmt.Errorf("unknown command %q; the commands are: %s (see `%s --help`)", args[i], strings.Join(names, ", "), app.Name)
}

// PositionalArgs returns the command's positional arguments, applying
// any of its flags written after them: urfave/cli stops reading flags at
// the first argument, but people write `sources add URL --category News`.
func PositionalArgs(c *cli.Context) ([]string, error) {
	args := c.Args().Slice()
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i+1:]...), nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			out = append(out, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := commandFlag(c.Command, name)
		if f == nil {
			return nil, fmt.Errorf("flag provided but not defined: -%s (see `%s %s --help`)", name, c.App.Name, c.Command.FullName())
		}
		if _, isBool := f.(*cli.BoolFlag); isBool && !hasValue {
			value, hasValue = "true", true
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag needs an argument: -%s", name)
			}
			i++
			value = args[i]
		}
		if err := c.Set(name, value); err != nil {
			return nil, fmt.Errorf("-%s %q: %w", name, value, err)
		}
	}
	return out, nil
}

func commandFlag(cmd *cli.Command, name string) cli.Flag {
	for _, f := range cmd.Flags {
		if slices.Contains(f.Names(), name) {
			return f
		}
	}
	return nil
}

// valueFlags maps every name of flags to whether it takes a value (every
// flag but a boolean one).
func valueFlags(flags []cli.Flag) map[string]bool {
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	return takesValue
}
