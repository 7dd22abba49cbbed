package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTerminalOutput checks what a terminal gets, which a pipe (the other
// tests) does not: indented JSON unless --compact, and a progress count
// rewritten in place.
func TestTerminalOutput(t *testing.T) {
	var out, errOut bytes.Buffer
	a := &app{stdout: &out, stderr: &errOut, outTTY: true, errTTY: true}
	require.NoError(t, a.printJSON([]byte(`{"a":1,"b":[2]}`)))
	assert.Equal(t, "{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}\n", out.String())
	out.Reset()
	a.g.compact = true
	require.NoError(t, a.printJSON([]byte(`{ "a" : 1 }`)))
	assert.Equal(t, "{\"a\":1}\n", out.String())

	p := a.newProgress("products", 100)
	p.add()
	p.add()
	p.done(true)
	assert.Equal(t, "\rcrevio: 1 products\rcrevio: 2 products\rcrevio: 2 products in all\n", errOut.String())
	errOut.Reset()
	p = a.newProgress("products", 100)
	p.add()
	p.done(false)
	assert.Equal(t, "\rcrevio: 1 products\rcrevio: stopped after 1 products\n", errOut.String())
}
