// Command newsgraph turns news articles into structured knowledge. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"newsgraph/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := cli.New()
	code := m.Run(ctx, os.Args[1:])
	if err := m.Close(); err != nil && code == 0 {
		code = 1
	}
	stop()
	os.Exit(code)
}
