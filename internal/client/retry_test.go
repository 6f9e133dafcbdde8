package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryCountsByStatusAndMethod(t *testing.T) {
	type tc struct {
		status         int
		getAttempts    int
		postAttempts   int
		postOutcomeUnk bool
	}
	cases := []tc{
		{429, 3, 3, false},
		{503, 3, 3, false},
		{420, 3, 3, false},
		{423, 3, 3, false},
		{500, 3, 1, false},
		{502, 3, 1, true},
		{504, 3, 1, true},
		{404, 1, 1, false},
		{400, 1, 1, false},
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.status), func(t *testing.T) {
			var attempts atomic.Int32
			cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				attempts.Add(1)
				writeError(w, c.status, "nope")
			})
			ctx := context.Background()
			_, err := cl.GetRepository(ctx, "repo1")
			if StatusCode(err) != c.status || int(attempts.Load()) != c.getAttempts {
				t.Fatalf("GET: err %v, attempts %d, want %d", err, attempts.Load(), c.getAttempts)
			}
			if IsOutcomeUnknown(err) {
				t.Fatal("GET outcome unknown")
			}
			attempts.Store(0)
			_, err = cl.CreatePullRequest(ctx, "repo1", PullRequestCreation{Title: "t", SourceBranch: "a", DestinationBranch: "b"})
			if StatusCode(err) != c.status || int(attempts.Load()) != c.postAttempts {
				t.Fatalf("POST: err %v, attempts %d, want %d", err, attempts.Load(), c.postAttempts)
			}
			if IsOutcomeUnknown(err) != c.postOutcomeUnk {
				t.Fatalf("POST IsOutcomeUnknown = %v, want %v", IsOutcomeUnknown(err), c.postOutcomeUnk)
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	var attempts atomic.Int32
	cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) < 3 {
			writeError(w, http.StatusTooManyRequests, "Too many attempts, try again later")
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": "4on8oopksdufd20d4kb0"})
	})
	id, err := cl.CreatePullRequest(context.Background(), "repo1", PullRequestCreation{Title: "t", SourceBranch: "a", DestinationBranch: "b"})
	if err != nil || id != "4on8oopksdufd20d4kb0" || attempts.Load() != 3 {
		t.Fatalf("id %q err %v attempts %d", id, err, attempts.Load())
	}
}

func TestMaxRetriesZeroDisables(t *testing.T) {
	var attempts atomic.Int32
	cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		writeError(w, http.StatusServiceUnavailable, "Throughput exceeded. Slow down and retry")
	}, func(c *Config) { c.MaxRetries = 0 })
	_, err := cl.GetRepository(context.Background(), "repo1")
	if StatusCode(err) != 503 || attempts.Load() != 1 {
		t.Fatalf("err %v attempts %d", err, attempts.Load())
	}
}

// hijackAndClose reads the whole request, then drops the connection without answering.
func hijackAndClose(t *testing.T, attempts *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		_, _ = readAll(r)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	}
}

func TestPostNotReplayedAfterConnectionReset(t *testing.T) {
	var attempts atomic.Int32
	cl, _ := newTestServer(t, hijackAndClose(t, &attempts))
	_, err := cl.CreatePullRequest(context.Background(), "repo1", PullRequestCreation{Title: "t", SourceBranch: "a", DestinationBranch: "b"})
	if !IsOutcomeUnknown(err) {
		t.Fatalf("want outcome unknown, got %v", err)
	}
	if attempts.Load() != 1 {
		t.Fatalf("POST replayed: %d attempts", attempts.Load())
	}
	// The same failure on a GET is retried.
	attempts.Store(0)
	_, err = cl.GetRepository(context.Background(), "repo1")
	if err == nil || IsOutcomeUnknown(err) || attempts.Load() != 3 {
		t.Fatalf("GET: err %v attempts %d", err, attempts.Load())
	}
	// mergePullRequest is a PUT, but not idempotent in effect.
	attempts.Store(0)
	_, err = cl.MergePullRequest(context.Background(), "repo1", "4on8oopksdufd20d4kb0")
	if !IsOutcomeUnknown(err) || attempts.Load() != 1 {
		t.Fatalf("mergePullRequest: err %v attempts %d", err, attempts.Load())
	}
}

func TestPostRetriedOnConnectionRefused(t *testing.T) {
	// Reserve a port, close it so the first attempt is refused, then start serving on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	var attempts atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		writeJSON(w, http.StatusCreated, map[string]string{"id": "4on8oopksdufd20d4kb0"})
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoint: "http://" + addr, Token: "tok", MaxRetries: 5,
		RetryWaitMin: 300 * time.Millisecond, RetryWaitMax: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("relisten: %v", err)
			return
		}
		srv.Listener = l
		srv.Start()
	}()
	id, err := c.CreatePullRequest(context.Background(), "repo1", PullRequestCreation{Title: "t", SourceBranch: "a", DestinationBranch: "b"})
	if err != nil || id == "" || attempts.Load() != 1 {
		t.Fatalf("id %q err %v attempts %d", id, err, attempts.Load())
	}
}

func TestConnectionRefusedExhaustedIsNotOutcomeUnknown(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	_ = ln.Close()
	c, err := New(Config{Endpoint: "http://" + addr, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateRepository(context.Background(), RepositoryCreation{Name: "r", StorageNamespace: "local://r"})
	if err == nil || IsOutcomeUnknown(err) {
		t.Fatalf("got %v", err)
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	var attempts atomic.Int32
	cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "slow down")
			return
		}
		writeJSON(w, 200, Repository{ID: "repo1"})
	}, func(c *Config) { c.RetryWaitMax = 5 * time.Second })
	start := time.Now()
	repo, err := cl.GetRepository(context.Background(), "repo1")
	elapsed := time.Since(start)
	if err != nil || repo.ID != "repo1" {
		t.Fatal(err)
	}
	if elapsed < 900*time.Millisecond || elapsed > 3*time.Second {
		t.Fatalf("Retry-After: 1 not honoured, waited %v", elapsed)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{"0", 0, true},
		{"-3", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
	}
	for _, c := range cases {
		got, ok := retryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	// backoff uses Retry-After, capped by the maximum wait.
	resp := &http.Response{Header: http.Header{"Retry-After": {"10"}}}
	if got := backoff(time.Millisecond, 2*time.Second, 0, resp); got != 2*time.Second {
		t.Errorf("backoff with Retry-After 10 and max 2s = %v", got)
	}
	// A maximum below the minimum must not panic.
	if got := backoff(time.Second, time.Millisecond, 3, nil); got != time.Second {
		t.Errorf("backoff min>max = %v", got)
	}
	for i := 0; i < 50; i++ {
		if got := backoff(10*time.Millisecond, 80*time.Millisecond, i%6, nil); got < 10*time.Millisecond || got > 80*time.Millisecond {
			t.Fatalf("backoff out of bounds: %v", got)
		}
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	var attempts atomic.Int32
	cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			// HTTP dates have one-second resolution: 2s ahead means a wait of more than 1s.
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			writeError(w, http.StatusServiceUnavailable, "slow down")
			return
		}
		writeJSON(w, 200, Repository{ID: "repo1"})
	}, func(c *Config) { c.RetryWaitMax = 5 * time.Second })
	start := time.Now()
	if _, err := cl.GetRepository(context.Background(), "repo1"); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond || elapsed > 4*time.Second {
		t.Fatalf("waited %v", elapsed)
	}
}

func TestContextCancellationStopsWaiting(t *testing.T) {
	cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusServiceUnavailable, "slow down")
	}, func(c *Config) { c.RetryWaitMax = time.Minute; c.MaxRetries = 5 })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := cl.GetRepository(ctx, "repo1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want deadline exceeded, got %v", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("kept waiting %v after cancellation", elapsed)
	}
}

// TestPostNotReplayedOnProxyTryLater: a 503/429 without lakeFS's JSON error body comes from a proxy in front
// of lakeFS, possibly after lakeFS got the request: a POST is not replayed and its outcome is unknown, while
// a GET is still retried.
func TestPostNotReplayedOnProxyTryLater(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			var attempts atomic.Int32
			cl, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				attempts.Add(1)
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(status)
				_, _ = w.Write([]byte("upstream connect error or disconnect/reset before headers"))
			})
			ctx := context.Background()
			_, err := cl.CreatePullRequest(ctx, "repo1", PullRequestCreation{Title: "t", SourceBranch: "a", DestinationBranch: "b"})
			if attempts.Load() != 1 || !IsOutcomeUnknown(err) || StatusCode(err) != status {
				t.Fatalf("POST: attempts %d, err %v (outcome unknown %v), want 1 attempt and an unknown outcome", attempts.Load(), err, IsOutcomeUnknown(err))
			}
			attempts.Store(0)
			_, err = cl.GetRepository(ctx, "repo1")
			if attempts.Load() != 3 || IsOutcomeUnknown(err) {
				t.Fatalf("GET: attempts %d, err %v, want 3 attempts", attempts.Load(), err)
			}
		})
	}
}

// TestRetryPredicateFailed: lakeFS answers a commit that lost the race for its branch with 500 "predicate failed";
// the commit did not happen, so it is retried (issue #14, item 7). Any other 500 to a POST is not, nor a
// "predicate failed" that is not lakeFS's JSON error body, nor one to a POST that does not update a branch.
func TestRetryPredicateFailed(t *testing.T) {
	cases := []struct {
		name        string
		contentType string
		body        string
		call        func(*Client) error
		attempts    int32
		ok          bool
	}{
		{"commit", "application/json", `{"message":"predicate failed"}` + "\n", commitCall, 3, true},
		{"merge", "application/json", `{"message":"predicate failed"}`, mergeCall, 3, true},
		{"revert", "application/json", `{"message":"update branch: predicate failed"}`, revertCall, 3, true},
		{"cherry-pick", "application/json", `{"message":"update branch: predicate failed"}`, cherryPickCall, 3, true},
		{"revert, other wrapped 500", "application/json", `{"message":"update branch: predicate"}`, revertCall, 1, false},
		{"commit, other 500", "application/json", `{"message":"commit: boom"}`, commitCall, 1, false},
		{"commit, proxy text", "text/plain", `{"message":"predicate failed"}`, commitCall, 1, false},
		{"pull request create", "application/json", `{"message":"predicate failed"}`, func(c *Client) error {
			_, err := c.CreatePullRequest(context.Background(), "repo1", PullRequestCreation{Title: "t", SourceBranch: "a", DestinationBranch: "b"})
			return err
		}, 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var attempts atomic.Int32
			c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if attempts.Add(1) < 3 {
					w.Header().Set("Content-Type", tc.contentType)
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(tc.body))
					return
				}
				switch {
				case strings.HasSuffix(r.URL.Path, "/revert"):
					w.WriteHeader(http.StatusNoContent)
				case strings.HasSuffix(r.URL.Path, "/commits"), strings.HasSuffix(r.URL.Path, "/cherry-pick"):
					writeJSON(w, http.StatusCreated, map[string]any{"id": "c1", "parents": []string{"c0"}})
				default:
					writeJSON(w, http.StatusOK, map[string]any{"reference": "c1"})
				}
			})
			err := tc.call(c)
			if got := attempts.Load(); got != tc.attempts {
				t.Fatalf("%d attempts, want %d (err %v)", got, tc.attempts, err)
			}
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v", err)
			}
			if err != nil && IsOutcomeUnknown(err) {
				t.Fatalf("a 500 with lakeFS's body is not outcome-unknown: %v", err)
			}
		})
	}
	// The retries are bounded: a race lost every time ends in lakeFS's error.
	var attempts atomic.Int32
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		writeError(w, http.StatusInternalServerError, "predicate failed")
	})
	err := commitCall(c)
	if attempts.Load() != 3 || Message(err) != "predicate failed" || StatusCode(err) != 500 {
		t.Fatalf("attempts %d, err %v", attempts.Load(), err)
	}
}

func commitCall(c *Client) error {
	_, err := c.Commit(context.Background(), "repo1", "main", CommitCreation{Message: "m"})
	return err
}

func revertCall(c *Client) error {
	return c.RevertBranch(context.Background(), "repo1", "main", RevertCreation{Ref: "c0"})
}

func cherryPickCall(c *Client) error {
	_, err := c.CherryPick(context.Background(), "repo1", "main", CherryPickCreation{Ref: "c0"})
	return err
}

func mergeCall(c *Client) error {
	_, err := c.MergeIntoBranch(context.Background(), "repo1", "feature", "main", Merge{})
	return err
}
