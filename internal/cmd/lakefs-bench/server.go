package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// benchServer is the test server on loopback, plus the times of the first and last request it saw since the
// last reset (the window in which the provider worked, without Terraform's start and finish).
type benchServer struct {
	*testserver.Server
	hs     *httptest.Server
	client *client.Client

	mu          sync.Mutex
	first, last time.Time
}

func startServer(opts testserver.Options) (*benchServer, error) {
	b := &benchServer{Server: testserver.New(opts)}
	b.hs = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		b.mu.Lock()
		if b.first.IsZero() {
			b.first = now
		}
		b.mu.Unlock()
		b.ServeHTTP(w, r)
		done := time.Now()
		b.mu.Lock()
		if done.After(b.last) {
			b.last = done
		}
		b.mu.Unlock()
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
	b.mu.Lock()
	b.first, b.last = time.Time{}, time.Time{}
	b.mu.Unlock()
}

func (b *benchServer) window() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.first.IsZero() {
		return 0
	}
	return b.last.Sub(b.first)
}

func total(counts map[string]int) int {
	n := 0
	for _, v := range counts {
		n += v
	}
	return n
}

// countsText renders counters as "op=n, op=n" in name order.
func countsText(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
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

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianFloat(fs []float64) float64 {
	s := append([]float64(nil), fs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
