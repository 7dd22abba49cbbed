// Command crevio calls the Crevio API from the shell: every operation of the
// Go SDK, a raw request for anything it does not model, local webhook
// forwarding, and an embedded fake of the API to try it all without an
// account.
//
//	go install github.com/creviolabs/crevio-go/cmd/crevio@latest
//
//	export CREVIO_API_KEY=sk_live_...            # never a flag: it would land in shell history
//	crevio products list --status active --limit 50
//	crevio products get my-course --expand reviews
//	crevio refunds create --order ord_123 --amount 500
//	crevio subscriptions cancel sub_123
//	crevio products list --all > products.ndjson  # every page, one object a line
//	crevio request GET /products -d limit=5        # any path, through the SDK's raw call
//	crevio --mock products list                    # against an in-memory fake
//	crevio listen --forward-to http://localhost:8080/webhooks
//	crevio trigger order.paid --mock
//	crevio completion bash > /etc/bash_completion.d/crevio
//
// The commands are generated from the SDK itself, by reflection: one per
// method of each service of [crevio.Client] (kebab-case names: the
// PriceVariants service is "price-variants", its SetPosition method
// "set-position"), with a flag per field of the method's params type (named
// after its wire name, _ becoming -), -d key=value for fields the SDK does
// not model, and the id as a positional argument. Run "crevio help" for the
// list, "crevio COMMAND --help" for any command, and "crevio help
// exit-codes" for what the exit status means.
//
// Results are JSON on standard output (indented on a terminal, compact
// otherwise); errors go to standard error with the API's type, code,
// message and request id.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/creviolabs/crevio-go"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// isTerminal reports whether f is a character device (a terminal), without
// any dependency: pipes and regular files are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// cliVersion is the version the CLI reports: the SDK's, since it is built
// from the same module.
const cliVersion = crevio.Version
