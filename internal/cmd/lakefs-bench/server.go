package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// benchServer is the test server on loopback, plus the window of the requests it saw since the last reset.
type benchServer struct {
	*testserver.Server
	hs      *httptest.Server
	client  *client.Client
	windows requestWindow
}

// requestWindow is the time from the first request in to the last answer out since the last reset: the window
// in which the provider worked, without Terraform's start and finish.
type requestWindow struct {
	mu          sync.Mutex
	first, last time.Time
}

// requestIn notes a request that came in at now.
func (w *requestWindow) requestIn(now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first.IsZero() {
		w.first = now
	}
}

// answerOut notes an answer that went out at done.
func (w *requestWindow) answerOut(done time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if done.After(w.last) {
		w.last = done
	}
}

func (w *requestWindow) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.first, w.last = time.Time{}, time.Time{}
}

// length is the window, or 0 if no request came in.
func (w *requestWindow) length() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first.IsZero() {
		return 0
	}
	return w.last.Sub(w.first)
}

func startServer(opts testserver.Options) (*benchServer, error) {
	b := &benchServer{Server: testserver.New(opts)}
	b.hs = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.windows.requestIn(time.Now())
		b.ServeHTTP(w, r)
		b.windows.answerOut(time.Now())
	}))
	c, err := client.New(client.Config{Endpoint: b.hs.URL, AccessKeyID: b.AccessKeyID(), SecretAccessKey: b.SecretAccessKey(), MaxRetries: -1})
	if err != nil {
		b.close()
		return nil, err
	}
	b.client = c
	return b, nil
}

func (b *benchServer) close() {
	b.hs.CloseClientConnections()
	b.hs.Close()
	b.Close()
}

// env is what the provider reads its settings from.
func (b *benchServer) env() []string {
	return []string{"LAKEFS_ENDPOINT=" + b.hs.URL, "LAKEFS_ACCESS_KEY_ID=" + b.AccessKeyID(), "LAKEFS_SECRET_ACCESS_KEY=" + b.SecretAccessKey()}
}

// reset zeroes the counters and the request window.
func (b *benchServer) reset() {
	b.ResetCounters()
	b.windows.reset()
}

func (b *benchServer) window() time.Duration { return b.windows.length() }

func total(counts map[string]int) int {
	n := 0
	for _, v := range counts {
		n += v
	}
	return n
}

// countsText renders counters as "op=n, op=n" in name order.
func countsText(counts map[string]int) string {
	keys := slices.Sorted(maps.Keys(counts))
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %d", k, counts[k])
	}
	return s
}

// setupWorkers is how many API calls the setup of a figure makes at once.
const setupWorkers = 8

// parallel runs fn(i) for i in [0,n) on setupWorkers goroutines and returns the first error.
func parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan int)
	for w := 0; w < setupWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(ctx, i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr
}

// median is the middle value, or the mean of the two middle ones (0 for none).
func median[T ~int64 | ~float64](values []T) T {
	s := slices.Sorted(slices.Values(values))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
