package client

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConnectionReuse: Terraform runs 10 operations at once; after the first round, later rounds reuse the idle
// connections instead of opening new ones (with the pooled transport's default of 3 idle connections per host,
// each round opened 7 more).
func TestConnectionReuse(t *testing.T) {
	const parallelism, rounds = 10, 5
	var newConns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(20 * time.Millisecond) // keep the round's requests in flight together
		writeJSON(w, http.StatusOK, map[string]any{"id": "repo", "default_branch": "main", "storage_namespace": "local://x"})
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			newConns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoint: srv.URL, AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < rounds; round++ {
		var wg sync.WaitGroup
		for i := 0; i < parallelism; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.GetRepository(context.Background(), "repo"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	if n := newConns.Load(); n > parallelism {
		t.Fatalf("%d requests in rounds of %d opened %d connections, want at most %d", rounds*parallelism, parallelism, n, parallelism)
	}
}
