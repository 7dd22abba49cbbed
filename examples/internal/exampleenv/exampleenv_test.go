package exampleenv

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewStartsTheFakeWithoutAKey(t *testing.T) {
	UseFake(t)
	var out strings.Builder
	seeded := 0
	env, err := New(&out, func(srv *creviotest.Server) error {
		seeded++
		assert.NotEmpty(t, out.String(), "the first line comes before seeding")
		_, err := srv.Seed("products", map[string]any{"name": "Seeded"})
		return err
	})
	require.NoError(t, err)
	defer env.Close()

	assert.Equal(t, 1, seeded)
	require.NotNil(t, env.Fake)
	assert.Regexp(t, `^CREVIO_API_KEY is not set: using the embedded fake Crevio API at http://127\.0\.0\.1:\d+/v1\n$`, out.String())
	assert.Equal(t, env.Fake.URL, env.Client.BaseURL(), "CREVIO_BASE_URL is ignored without a key")
	page, err := env.Client.Products.List(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, "Seeded", page.Data[0].Name)

	env.Close()
	_, err = env.Client.Products.List(t.Context(), nil, crevio.WithRetries(0))
	assert.Error(t, err, "Close stops the fake")
}

func TestNewWithoutSeed(t *testing.T) {
	UseFake(t)
	var out strings.Builder
	env, err := New(&out, nil)
	require.NoError(t, err)
	defer env.Close()
	require.NotNil(t, env.Fake)
	assert.Zero(t, env.Fake.Count("products"))
}

func TestNewClosesTheFakeWhenSeedingFails(t *testing.T) {
	UseFake(t)
	var out strings.Builder
	var fake *creviotest.Server
	boom := errors.New("boom")
	env, err := New(&out, func(srv *creviotest.Server) error { fake = srv; return boom })
	assert.ErrorIs(t, err, boom)
	assert.Nil(t, env)
	assert.Contains(t, out.String(), "CREVIO_API_KEY is not set")
	_, err = fake.Client().Products.List(t.Context(), nil, crevio.WithRetries(0))
	assert.Error(t, err, "the fake is closed")
}

func TestNewUsesTheAPIWithAKey(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithToken("sk_test_env"))
	UseServer(t, srv)
	assert.Equal(t, "sk_test_env", os.Getenv("CREVIO_API_KEY"))
	var out strings.Builder
	env, err := New(&out, func(*creviotest.Server) error {
		t.Error("only the fake is seeded")
		return nil
	})
	require.NoError(t, err)
	defer env.Close()

	assert.Nil(t, env.Fake)
	assert.Equal(t, "Using the Crevio API at "+srv.URL+"\n", out.String())
	_, err = env.Client.Products.List(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, srv.Requests(), 1, "the client talks to CREVIO_BASE_URL")
	env.Close() // a no-op without a fake
}

func TestNewUsesTheDefaultBaseURL(t *testing.T) {
	t.Setenv("CREVIO_API_KEY", "sk_test_env")
	t.Setenv("CREVIO_BASE_URL", "")
	var out strings.Builder
	env, err := New(&out, nil)
	require.NoError(t, err)
	assert.Equal(t, "Using the Crevio API at "+env.Client.BaseURL()+"\n", out.String())
	assert.NotContains(t, env.Client.BaseURL(), "127.0.0.1")
}

func TestNewReportsABadBaseURL(t *testing.T) {
	t.Setenv("CREVIO_API_KEY", "sk_test_env")
	t.Setenv("CREVIO_BASE_URL", "not a url")
	var out strings.Builder
	env, err := New(&out, nil)
	assert.Error(t, err)
	assert.Nil(t, env)
	assert.Empty(t, out.String())
}

func TestOutput(t *testing.T) {
	out := Output(t, func(ctx context.Context, w io.Writer) error {
		assert.Equal(t, t.Context(), ctx)
		_, err := io.WriteString(w, "one\ntwo\n")
		return err
	})
	assert.Equal(t, "one\ntwo\n", out)
}

func TestLines(t *testing.T) {
	assert.Equal(t, []string{"a", "b"}, Lines("a\nb\n"))
	assert.Equal(t, []string{"one"}, Lines("one"))
}
