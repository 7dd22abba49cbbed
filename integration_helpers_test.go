package crevio_test

import (
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/require"
)

// Shared helpers of the integration tests (package crevio_test): the SDK
// against creviotest over real loopback HTTP.

// fastClient is srv's client with retry backoff cut to milliseconds.
func fastClient(srv *creviotest.Server, opts ...crevio.Option) *crevio.Client {
	return srv.Client(append([]crevio.Option{crevio.WithRetryBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)...)
}

// frozenServer starts a fake whose clock always reads now, and returns it
// with a fastClient for it.
func frozenServer(t *testing.T, now time.Time) (*creviotest.Server, *crevio.Client) {
	t.Helper()
	srv := creviotest.NewTestServer(t, creviotest.WithClock(func() time.Time { return now }))
	return srv, fastClient(srv)
}

// seedID seeds one record of resource into srv and returns its id.
func seedID(t *testing.T, srv *creviotest.Server, resource string, fields map[string]any) string {
	t.Helper()
	out, err := srv.Seed(resource, fields)
	require.NoError(t, err)
	return out[0]["id"].(string)
}

// asAPIError returns err as a *crevio.Error, failing the test when it is not
// one.
func asAPIError(t *testing.T, err error) *crevio.Error {
	t.Helper()
	var apiErr *crevio.Error
	require.ErrorAs(t, err, &apiErr)
	return apiErr
}

// fieldErrors returns the 422 field errors of err, failing the test when
// err is not a validation error.
func fieldErrors(t *testing.T, err error) map[string][]string {
	t.Helper()
	apiErr := asAPIError(t, err)
	require.ErrorIs(t, err, crevio.ErrValidation)
	return apiErr.Errors
}
