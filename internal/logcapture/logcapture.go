// Package logcapture captures what the provider logs through terraform-plugin-log, for the tests that check what
// is logged (and that secrets never are).
package logcapture

import (
	"bytes"
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Buffer holds the captured log lines. It is safe to read while other goroutines still log.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Root returns a context whose root logger writes every log line, as JSON, to the returned Buffer.
func Root() (context.Context, *Buffer) {
	logs := &Buffer{}
	return tflogtest.RootLogger(context.Background(), logs), logs
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is everything logged so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
