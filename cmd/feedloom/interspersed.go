package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// positionalArgs returns the command's positional arguments, applying
// any of its flags written after them: urfave/cli stops reading flags at
// the first argument, but people write `sources add URL --category News`.
func positionalArgs(c *cli.Context) ([]string, error) {
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
			return nil, configError(fmt.Errorf("flag provided but not defined: -%s (see `feedloom %s --help`)", name, c.Command.FullName()))
		}
		if _, isBool := f.(*cli.BoolFlag); isBool && !hasValue {
			value, hasValue = "true", true
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, configError(fmt.Errorf("flag needs an argument: -%s", name))
			}
			i++
			value = args[i]
		}
		if err := c.Set(name, value); err != nil {
			return nil, configError(fmt.Errorf("-%s %q: %w", name, value, err))
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
