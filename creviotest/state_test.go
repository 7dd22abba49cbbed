package creviotest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A saved state loads into a new fake as it was: the same answers to the
// same reads, secrets and upload bytes included, and no webhook sent.
func TestStateRoundTrip(t *testing.T) {
	a := newAPI(t)
	co := saleFixture(t, a)
	a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/complete", nil)
	for i := range 3 {
		a.create("/products", map[string]any{"name": "Same name", "description": strings.Repeat("x", i)})
	}
	rc := &recorder{}
	ep := a.create("/webhook_endpoints", map[string]any{"url": "https://hooks.example.test/crevio", "events": []any{"order.paid"}})
	_, err := a.srv.Seed("files", map[string]any{"id": "file_seeded", "filename": "notes.txt"})
	require.NoError(t, err)
	a.srv.st.mu.Lock()
	fileStateOf(a.srv.st.tables["files"].def).contents["file_seeded"] = []byte("hello, state")
	a.srv.st.mu.Unlock()

	var buf bytes.Buffer
	require.NoError(t, a.srv.SaveState(&buf))

	b := newAPI(t)
	b.create("/products", map[string]any{"name": "Replaced"}) // loading replaces it
	b.create("/webhook_endpoints", map[string]any{"url": b.srv.WebhookURL(rc), "events": []any{"*"}})
	require.NoError(t, b.srv.LoadState(bytes.NewReader(buf.Bytes())))
	b.waitDeliveries()
	assert.Empty(t, rc.types(), "loading sends no events")

	for _, path := range []string{"/products", "/products?limit=2", "/orders?expand=customer", "/customers",
		"/checkouts/" + co, "/forms", "/account", "/webhook_endpoints", "/products/same-name-2"} {
		want, got := a.do(http.MethodGet, path, nil), b.do(http.MethodGet, path, nil)
		assert.Equal(t, http.StatusOK, got.Status, path)
		assert.Equal(t, want.Body, got.Body, path)
	}
	secret, ok := b.srv.WebhookSecret(ep["id"].(string))
	assert.True(t, ok)
	assert.Equal(t, ep["secret"], secret)
	content, ok := b.srv.FileContent("file_seeded")
	assert.True(t, ok)
	assert.Equal(t, "hello, state", string(content))

	// New objects after a load get fresh ids and slugs.
	p := b.create("/products", map[string]any{"name": "Same name"})
	assert.Equal(t, "same-name-4", p["slug"])
	assert.Equal(t, 5, b.srv.Count("products"))
}

func TestLoadStateErrorsChangeNothing(t *testing.T) {
	f := New()
	defer f.Close()
	_, err := f.Seed("products", map[string]any{"name": "Keep me"})
	require.NoError(t, err)
	for name, doc := range map[string]string{
		"not JSON":         `{`,
		"no version":       `{"resources": {}}`,
		"unknown resource": `{"creviotest_state": 1, "resources": {"widgets": [{"id": "w_1"}]}}`,
		"no id":            `{"creviotest_state": 1, "resources": {"products": [{"name": "x"}]}}`,
		"duplicate id":     `{"creviotest_state": 1, "resources": {"products": [{"id": "prod_1"}, {"id": "prod_1"}]}}`,
		"duplicate slug":   `{"creviotest_state": 1, "resources": {"products": [{"id": "prod_1", "slug": "a"}, {"id": "prod_2", "slug": "a"}]}}`,
		"bad file bytes":   `{"creviotest_state": 1, "resources": {}, "file_contents": {"file_1": "%%%"}}`,
	} {
		assert.Error(t, f.LoadState(strings.NewReader(doc)), name)
		assert.Equal(t, 1, f.Count("products"), name)
	}
	err = f.LoadStateFile(filepath.Join(t.TempDir(), "missing.json"))
	assert.ErrorIs(t, err, fs.ErrNotExist)

	// A state without the singletons still gets an account.
	require.NoError(t, f.LoadState(strings.NewReader(`{"creviotest_state": 1, "resources": {}}`)))
	assert.Equal(t, 0, f.Count("products"))
	assert.Equal(t, 1, f.Count("account"))
}

func TestSaveStateFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	f := New()
	defer f.Close()
	_, err := f.Seed("products", map[string]any{"name": "First"})
	require.NoError(t, err)
	require.NoError(t, f.SaveStateFile(path))
	first, err := os.ReadFile(path)
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "it holds webhook secrets")

	// A save that fails half way (a full disk, a crash) leaves the old file
	// whole, and no temporary file behind. While it writes, path still
	// holds the complete old state.
	boom := errors.New("disk full")
	err = writeFileAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, `{"creviotest_state": 1, "resources": {"produ`); err != nil {
			return err
		}
		during, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, first, during)
		return boom
	})
	assert.ErrorIs(t, err, boom)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, first, after)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	// A later save replaces it whole; a new fake loads it.
	_, err = f.Seed("products", map[string]any{"name": "Second"})
	require.NoError(t, err)
	require.NoError(t, f.SaveStateFile(path))
	g := New()
	defer g.Close()
	require.NoError(t, g.LoadStateFile(path))
	assert.Equal(t, 2, g.Count("products"))

	assert.Error(t, f.SaveStateFile(filepath.Join(dir, "no", "such", "dir", "state.json")))
}

// Every cache is bounded: the request history (by count and by body
// bytes) and the webhook event history.
func TestHistoriesBounded(t *testing.T) {
	var l requestLog
	req, err := http.NewRequest(http.MethodPost, "/v1/products", nil)
	require.NoError(t, err)
	for range DefaultRequestHistory + 5 {
		l.add(req, nil)
	}
	assert.Len(t, l.entries, DefaultRequestHistory, "bounded by default")

	l = requestLog{max: 1000}
	big := make([]byte, 8<<20)
	for range 10 {
		l.add(req, big)
	}
	assert.Len(t, l.entries, requestHistoryBytes/len(big))
	assert.LessOrEqual(t, l.bytes, requestHistoryBytes)
	l.add(req, make([]byte, 2*requestHistoryBytes))
	assert.Len(t, l.entries, 1, "the newest request is kept, however big")

	a := newAPI(t, WithWebhookEventHistory(3), WithWebhookRetry(1, nil))
	rc := &recorder{}
	a.create("/webhook_endpoints", map[string]any{"url": a.srv.WebhookURL(rc), "events": []any{"product.created"}})
	for range 5 {
		a.create("/products", map[string]any{"name": "P"})
		a.waitDeliveries()
	}
	assert.Equal(t, 3, a.srv.Count("webhook_events"))
	assert.Len(t, rc.types(), 5, "every event was delivered")
}
