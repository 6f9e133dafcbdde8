package client

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// An id and creation date that real lakeFS 1.84 answered (contract §12.2).
func TestPullRequestCreated(t *testing.T) {
	got, ok := PullRequestCreated("4on8oopksdufd20d4kb0")
	if want := time.Date(2026, 11, 24, 22, 28, 45, 0, time.UTC); !ok || !got.Equal(want) {
		t.Fatalf("PullRequestCreated = %v, %v; want %v", got, ok, want)
	}
	for _, bad := range []string{"", "not-an-xid", "4on8oopksdufd20d4kb0x", "4on8oopksdufd20d4kb!"} {
		if _, ok := PullRequestCreated(bad); ok {
			t.Errorf("PullRequestCreated(%q) accepted", bad)
		}
	}
}

// The server clock is a lower bound learned from Date headers: unknown before any answer, never later than the
// server's clock, and it applies to a mark taken before the answer that taught it.
func TestServerTimeAt(t *testing.T) {
	offset := -3 * time.Hour // the server's clock runs 3 hours behind ours
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Date", time.Now().Add(offset).UTC().Format(http.TimeFormat))
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL, AccessKeyID: "a", SecretAccessKey: "b", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	mark := c.Mark()
	if _, ok := c.ServerTimeAt(mark); ok {
		t.Fatal("a server time is known before any answer")
	}
	before := time.Now()
	if err := c.do(t.Context(), call{op: "x", method: http.MethodGet, path: "/x", idempotent: true}, nil); err != nil {
		t.Fatal(err)
	}
	got, ok := c.ServerTimeAt(mark)
	if !ok {
		t.Fatal("no server time after an answer with a Date header")
	}
	// At the mark the server's clock read before+offset at the latest (the mark was taken before `before`).
	if upper := before.Add(offset); got.After(upper) {
		t.Errorf("the bound %v is later than the server's clock %v", got, upper)
	}
	if lower := before.Add(offset).Add(-2 * time.Second); got.Before(lower) {
		t.Errorf("the bound %v is more than 2 s before the server's clock %v", got, lower)
	}
}
