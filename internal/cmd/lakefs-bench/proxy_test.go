package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// upstream answers every request with its Host header and path.
func upstream(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, r.Host+" "+r.URL.Path)
	}))
	t.Cleanup(s.Close)
	return s
}

func startTestProxy(t *testing.T, useTLS bool) *delayProxy {
	t.Helper()
	p, err := startProxy(upstream(t).URL, useTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.close)
	return p
}

// clientFor makes a client with its own connection pool that trusts the proxy's certificate, as the provider does
// with ca_cert_file (HTTP/2 attempted, as cleanhttp's pooled transport does).
func clientFor(t *testing.T, p *delayProxy) *http.Client {
	t.Helper()
	tr := &http.Transport{ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 32}
	if p.tls {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(p.certPEM) {
			t.Fatal("the proxy's certificate PEM does not parse")
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// get makes one request and returns how long it took, the body and the protocol.
func get(t *testing.T, c *http.Client, url string) (time.Duration, string, string) {
	t.Helper()
	start := time.Now()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	return time.Since(start), string(body), resp.Proto
}

// getConcurrently sends one GET of url through each client, all at once, and waits for the answers.
func getConcurrently(t *testing.T, clients []*http.Client, url string) {
	t.Helper()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Get(url)
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
}

// The delays are checked from below only (a busy machine makes everything slower, never faster); the upper
// bound that tells the connection delay from the request delay leaves a wide margin.
func TestProxyDelaysPerRequestAndPerConnection(t *testing.T) {
	p := startTestProxy(t, false)
	const reqDelay, connDelay = 20 * time.Millisecond, 400 * time.Millisecond
	p.setDelays(reqDelay, connDelay)
	c := clientFor(t, p)

	first, body, proto := get(t, c, p.URL()+"/api/v1/repositories/r/pulls/7")
	if first < reqDelay+connDelay {
		t.Errorf("first request on a new connection took %v, want at least %v", first, reqDelay+connDelay)
	}
	if proto != "HTTP/1.1" {
		t.Errorf("protocol %s over plain HTTP", proto)
	}
	// The Host header reaches the upstream unchanged: presigned part URLs built from it point at the proxy.
	if want := strings.TrimPrefix(p.URL(), "http://") + " /api/v1/repositories/r/pulls/7"; body != want {
		t.Errorf("upstream saw %q, want %q", body, want)
	}
	second, _, _ := get(t, c, p.URL()+"/api/v1/config")
	if second < reqDelay || second >= connDelay {
		t.Errorf("second request on the kept connection took %v, want at least %v and no connection delay (%v)", second, reqDelay, connDelay)
	}
	st := p.stats()
	if st.requests != 2 || st.conns != 1 || st.used != 1 || st.handshakes != 0 {
		t.Errorf("requests %d, connections %d (carrying requests %d), handshakes %d; want 2, 1 (1), 0", st.requests, st.conns, st.used, st.handshakes)
	}
	if st.ops["getPullRequest"] != 1 || st.ops["getConfig"] != 1 {
		t.Errorf("operations %v", st.ops)
	}
	if st.window < reqDelay {
		t.Errorf("request window %v, want at least one request delay", st.window)
	}

	// A second client has its own pool: one more connection, which pays the connection delay again.
	third, _, _ := get(t, clientFor(t, p), p.URL()+"/api/v1/config")
	if third < reqDelay+connDelay {
		t.Errorf("request on another new connection took %v", third)
	}
	if st := p.stats(); st.requests != 3 || st.conns != 2 || st.used != 2 {
		t.Errorf("requests %d, connections %d (carrying requests %d); want 3, 2 (2)", st.requests, st.conns, st.used)
	}

	p.reset()
	if st := p.stats(); st.requests != 0 || st.conns != 0 || len(st.ops) != 0 || st.window != 0 {
		t.Errorf("after reset: %+v", st)
	}
}

// Connections opened at once pay their delay side by side, not one after another.
func TestProxyConnectionDelaysOverlap(t *testing.T) {
	p := startTestProxy(t, false)
	const connDelay = 300 * time.Millisecond
	p.setDelays(0, connDelay)
	const clients = 8
	start := time.Now()
	cs := make([]*http.Client, clients)
	for i := range cs {
		cs[i] = clientFor(t, p)
	}
	getConcurrently(t, cs, p.URL()+"/api/v1/config")
	if took := time.Since(start); took >= clients*connDelay/2 {
		t.Errorf("%d new connections took %v: their delays queued", clients, took)
	}
	if st := p.stats(); st.conns != clients || st.requests != clients {
		t.Errorf("connections %d, requests %d; want %d each", st.conns, st.requests, clients)
	}
}

func TestProxyTLS(t *testing.T) {
	p := startTestProxy(t, true)
	const reqDelay, connDelay = 20 * time.Millisecond, 300 * time.Millisecond
	p.setDelays(reqDelay, connDelay)
	if !strings.HasPrefix(p.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", p.URL())
	}
	c := clientFor(t, p)
	first, _, proto := get(t, c, p.URL()+"/api/v1/repositories/r/refs/main/objects/stat")
	if proto != "HTTP/2.0" {
		t.Errorf("protocol %s, want HTTP/2.0 negotiated over TLS", proto)
	}
	// TCP's round trip, TLS's round trip, the request's.
	if first < 2*connDelay+reqDelay {
		t.Errorf("first request took %v, want at least %v", first, 2*connDelay+reqDelay)
	}
	// HTTP/2: concurrent requests share the one connection.
	getConcurrently(t, slices.Repeat([]*http.Client{c}, 10), p.URL()+"/api/v1/repositories/r/branches/b")
	st := p.stats()
	if st.requests != 11 || st.conns != 1 || st.used != 1 || st.handshakes != 1 || st.h2 != 1 || st.resumed != 0 {
		t.Errorf("requests %d, connections %d (carrying requests %d), handshakes %d, HTTP/2 %d, resumed %d; want 11, 1 (1), 1, 1, 0",
			st.requests, st.conns, st.used, st.handshakes, st.h2, st.resumed)
	}
	if st.ops["statObject"] != 1 || st.ops["getBranch"] != 10 {
		t.Errorf("operations %v", st.ops)
	}

	// A client that does not trust the certificate fails its handshake and sends no request. (The server's side of
	// the handshake is done before the client's verdict arrives, so the proxy may count it as a handshake.)
	p.reset()
	p.setDelays(0, 0)
	if _, err := (&http.Client{Transport: &http.Transport{}}).Get(p.URL() + "/api/v1/config"); err == nil {
		t.Error("a client without the proxy's CA trusted it")
	}
	if st := p.stats(); st.conns != 1 || st.requests != 0 {
		t.Errorf("untrusted client: connections %d, requests %d; want 1, 0", st.conns, st.requests)
	}
}

// With a window, a connection reads at most window bytes per connection delay: 1 MiB at 256 KiB per 100 ms
// takes at least (1 MiB - the first 256 KiB) / 2.5 MiB/s = 0.3 s after the connection's own delay.
func TestProxyWindow(t *testing.T) {
	p := startTestProxy(t, false)
	const connDelay = 100 * time.Millisecond
	p.setDelays(0, connDelay)
	p.setWindow(256 << 10)
	c := clientFor(t, p)
	start := time.Now()
	resp, err := c.Post(p.URL()+"/_objectstore/r/x", "application/octet-stream", strings.NewReader(strings.Repeat("x", 1<<20)))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if took := time.Since(start); took < connDelay+300*time.Millisecond {
		t.Errorf("1 MiB through a 256 KiB per 100 ms window took %v, want at least 400 ms", took)
	}
	// Without a window the same upload only pays the connection delay (checked loosely: under the paced time).
	p.setWindow(0)
	start = time.Now()
	resp, err = clientFor(t, p).Post(p.URL()+"/_objectstore/r/x", "application/octet-stream", strings.NewReader(strings.Repeat("x", 1<<20)))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if took := time.Since(start); took < connDelay {
		t.Errorf("took %v, less than the connection delay", took)
	}
}

func TestProxyCAConfig(t *testing.T) {
	dir := t.TempDir()
	if s, err := startTestProxy(t, false).caConfig(dir); err != nil || s != "" {
		t.Errorf("plain proxy: %q, %v", s, err)
	}
	s, err := startTestProxy(t, true).caConfig(dir)
	if err != nil || !strings.HasPrefix(s, "ca_cert_file = ") || !strings.Contains(s, "proxy-ca.pem") {
		t.Errorf("TLS proxy: %q, %v", s, err)
	}
}

func TestOperationOf(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/api/v1/config", "getConfig"},
		{"POST", "/api/v1/repositories/r/branches", "createBranch"},
		{"GET", "/api/v1/repositories/r/branches/b-1", "getBranch"},
		{"POST", "/api/v1/repositories/r/branches/main/objects", "uploadObject"},
		{"GET", "/api/v1/repositories/r/refs/main/objects/stat", "statObject"},
		{"GET", "/api/v1/repositories/r/pulls", "listPullRequests"},
		{"POST", "/api/v1/repositories/r/pulls", "createPullRequest"},
		{"GET", "/api/v1/repositories/r/pulls/abc", "getPullRequest"},
		{"POST", "/api/v1/repositories/r/branches/main/staging/pmpu", "createPresignMultipartUpload"},
		{"PUT", "/api/v1/repositories/r/branches/main/staging/pmpu/u1", "completePresignMultipartUpload"},
		{"PUT", "/_objectstore/r/data/x", "putPresignedPart"},
		{"GET", "/api/v1/repositories/r/tags/v1", "GET /api/v1/repositories/{}/tags/{}"},
		{"GET", "/healthz", "GET /healthz"},
	} {
		if got := operationOf(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.want)
		}
	}
}
