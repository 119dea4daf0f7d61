package cli

import (
	"context"
	"fmt"
)

func (m *Main) eval(ctx context.Context, args []string) error {
	f := newFlags(m, "eval", false, false)
	verbose := f.Bool("v", false, "list every miss")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("want a stage and a directory: %w", errUsage)
	}
	_ = verbose
	return fmt.Errorf("unknown stage %q (extraction, pubdate): %w", pos[0], errUsage)
}
