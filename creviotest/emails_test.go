package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmailsRecordOnly(t *testing.T) {
	a := newAPI(t)
	e := a.create("/emails", map[string]any{"email": map[string]any{"to": "a@b.test", "subject": "Hi", "status": "bounced"}})
	assert.Equal(t, "email", e["object"])
	assert.Equal(t, "sent", e["status"], "the status is the fake's")
	assert.Nil(t, e["customer"])

	for _, req := range [][2]string{{http.MethodGet, "/emails"}, {http.MethodGet, "/emails/" + e["id"].(string)},
		{http.MethodDelete, "/emails/" + e["id"].(string)}, {http.MethodPatch, "/emails/" + e["id"].(string)}} {
		assert.Equal(t, http.StatusMethodNotAllowed, a.do(req[0], req[1], nil).Status, "%v", req)
	}
	res := a.do(http.MethodGet, "/emails", nil)
	assert.Equal(t, "POST", res.Header.Get("Allow"))

	got, ok := a.srv.Get("emails", e["id"].(string))
	require.True(t, ok)
	assert.Equal(t, "Hi", got["subject"])
	sent := a.srv.SentEmails()
	require.Len(t, sent, 1)
	assert.Equal(t, e["id"], sent[0]["id"])

	res = a.do(http.MethodPost, "/emails", map[string]any{"customer": 5, "subject": "x"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Len(t, a.srv.SentEmails(), 1)
}
