package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// delayProxy is a reverse proxy on loopback that plays the network between Terraform and a remote lakeFS: every
// request waits requestDelay before it is forwarded (one round trip), and every new connection waits connDelay
// before its first byte is read (the TCP handshake's round trip) and, over TLS, connDelay once more when the
// ClientHello has arrived (TLS 1.3's round trip). The delays are concurrent: requests on different connections or
// HTTP/2 streams wait side by side, as they would on a real network. Bandwidth is not limited, unless a window
// is set: then each connection reads at most window bytes per connection delay (a TCP stream's window over its
// round trip), in the direction of the uploads only.
//
// It counts the requests (by lakeFS operation), the connections it accepted, and the TLS handshakes completed
// (resumptions included, and counted apart). Over TLS it serves a self-signed certificate for 127.0.0.1 (certPEM,
// which the provider trusts through ca_cert_file) and offers HTTP/2 and HTTP/1.1, as Go's server does.
//
// The Host header is passed on unchanged, so the test server's presigned part URLs (built from the host the
// client reached) point at the proxy too: multipart parts pay the delays like every other request.
type delayProxy struct {
	tls     bool
	certPEM []byte
	ln      net.Listener
	srv     *http.Server
	up      *http.Transport

	requestDelay, connDelay atomic.Int64 // nanoseconds
	window                  atomic.Int64 // bytes per connection delay; 0: no limit

	requests, conns, handshakes, resumed, h2 atomic.Int64
	connIDs                                  atomic.Int64

	mu      sync.Mutex
	ops     map[string]int
	used    map[int64]bool // connections that carried a request
	windows requestWindow
}

// proxyStats is what the proxy saw since its last reset.
type proxyStats struct {
	requests, conns, handshakes, resumed, h2 int
	used                                     int // connections that carried at least one request
	ops                                      map[string]int
	window                                   time.Duration // first request in to last answer out
}

// startProxy starts a proxy on 127.0.0.1 in front of upstream (a base URL such as http://127.0.0.1:8000).
func startProxy(upstream string, useTLS bool) (*delayProxy, error) {
	target, err := url.Parse(upstream)
	if err != nil {
		return nil, err
	}
	target.Path, target.RawPath = "", ""
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &delayProxy{tls: useTLS, ops: map[string]int{}, used: map[int64]bool{}}
	p.ln = &delayListener{Listener: ln, p: p}
	// The proxy's own connections to the upstream are not what is measured: keep plenty of them idle.
	p.up = &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 512,
		IdleConnTimeout:     90 * time.Second,
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host // presigned part URLs must point back at the proxy
		},
		Transport:     p.up,
		FlushInterval: -1,
		ErrorLog:      log.New(io.Discard, "", 0),
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if r.Context().Err() == nil {
				logf("proxy: %s %s: %v", r.Method, r.URL.Path, err)
			}
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	p.srv = &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.serve(w, r, rp) }),
		ReadHeaderTimeout: time.Minute,
		// Tags each connection's context with its id (an HTTP/2 stream's request context derives from it).
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			if tc, ok := c.(*tls.Conn); ok {
				c = tc.NetConn()
			}
			if dc, ok := c.(*delayConn); ok {
				return context.WithValue(ctx, connIDKey{}, dc.id)
			}
			return ctx
		},
		ErrorLog: log.New(io.Discard, "", 0), // clients that hang up mid-handshake are not news
	}
	if !useTLS {
		go func() { _ = p.srv.Serve(p.ln) }()
		return p, nil
	}
	cert, certPEM, err := selfSignedCert()
	if err != nil {
		ln.Close()
		return nil, err
	}
	p.certPEM = certPEM
	p.srv.TLSConfig = &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		// Called when the ClientHello has arrived: the server's flight and the client's Finished are one more
		// round trip before the first request can go.
		GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			sleepCtx(hello.Context(), time.Duration(p.connDelay.Load()))
			return nil, nil
		},
		// Called at the end of the server's side of every handshake, full or resumed (a client that then rejects
		// the certificate still counts; the benchmark's clients trust it).
		VerifyConnection: func(cs tls.ConnectionState) error {
			p.handshakes.Add(1)
			if cs.DidResume {
				p.resumed.Add(1)
			}
			if cs.NegotiatedProtocol == "h2" {
				p.h2.Add(1)
			}
			return nil
		},
	}
	go func() { _ = p.srv.ServeTLS(p.ln, "", "") }() // ServeTLS adds "h2" to NextProtos
	return p, nil
}

// URL is the proxy's base URL (http:// or https://).
func (p *delayProxy) URL() string {
	scheme := "http"
	if p.tls {
		scheme = "https"
	}
	return scheme + "://" + p.ln.Addr().String()
}

// setDelays sets the delay per request and per new connection.
func (p *delayProxy) setDelays(request, conn time.Duration) {
	p.requestDelay.Store(int64(request))
	p.connDelay.Store(int64(conn))
}

// setWindow limits what each new connection reads per connection delay (0: no limit).
func (p *delayProxy) setWindow(bytes int64) { p.window.Store(bytes) }

// reset zeroes the counters and the request window.
func (p *delayProxy) reset() {
	p.requests.Store(0)
	p.conns.Store(0)
	p.handshakes.Store(0)
	p.resumed.Store(0)
	p.h2.Store(0)
	p.mu.Lock()
	p.ops = map[string]int{}
	p.used = map[int64]bool{}
	p.mu.Unlock()
	p.windows.reset()
}

func (p *delayProxy) stats() proxyStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := proxyStats{
		requests: int(p.requests.Load()), conns: int(p.conns.Load()), handshakes: int(p.handshakes.Load()),
		resumed: int(p.resumed.Load()), h2: int(p.h2.Load()), used: len(p.used), ops: make(map[string]int, len(p.ops)),
	}
	for k, v := range p.ops {
		s.ops[k] = v
	}
	s.window = p.windows.length()
	return s
}

func (p *delayProxy) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = p.srv.Shutdown(ctx)
	_ = p.srv.Close()
	p.up.CloseIdleConnections()
}

func (p *delayProxy) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	p.windows.requestIn(time.Now())
	p.requests.Add(1)
	p.mu.Lock()
	p.ops[operationOf(r.Method, r.URL.Path)]++
	if id, ok := r.Context().Value(connIDKey{}).(int64); ok {
		p.used[id] = true
	}
	p.mu.Unlock()
	if !sleepCtx(r.Context(), time.Duration(p.requestDelay.Load())) {
		return
	}
	next.ServeHTTP(w, r)
	p.windows.answerOut(time.Now())
}

// sleepCtx waits d, or less if ctx ends first; it reports whether the whole wait passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// delayListener counts accepted connections and makes each one's first read wait the connection delay.
type delayListener struct {
	net.Listener
	p *delayProxy
}

func (l *delayListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.p.conns.Add(1)
	dc := &delayConn{Conn: c, id: l.p.connIDs.Add(1), delay: time.Duration(l.p.connDelay.Load())}
	if w := l.p.window.Load(); w > 0 && dc.delay > 0 {
		dc.window, dc.rate, dc.tokens = float64(w), float64(w)/dc.delay.Seconds(), float64(w)
	}
	return dc, nil
}

type connIDKey struct{}

// delayConn delays its first Read: the server goroutine of this connection waits, the others do not (Accept
// returns at once, so a burst of new connections pays the delay side by side, not in a queue). With a window, its
// reads are paced by a token bucket of window bytes refilled at window per delay.
type delayConn struct {
	net.Conn
	id    int64
	delay time.Duration
	once  sync.Once

	window, rate, tokens float64 // bytes, bytes per second, bytes; rate 0: no limit
	last                 time.Time
}

func (c *delayConn) Read(b []byte) (int, error) {
	c.once.Do(func() { time.Sleep(c.delay); c.last = time.Now() })
	if c.rate > 0 && len(b) > int(c.window) {
		b = b[:int(c.window)] // never more than a window at once
	}
	n, err := c.Conn.Read(b)
	if c.rate > 0 && n > 0 {
		now := time.Now()
		c.tokens = min(c.window, c.tokens+c.rate*now.Sub(c.last).Seconds()) - float64(n)
		c.last = now
		if c.tokens < 0 {
			wait := time.Duration(-c.tokens / c.rate * float64(time.Second))
			time.Sleep(wait)
			c.tokens, c.last = 0, now.Add(wait)
		}
	}
	return n, err
}

// selfSignedCert makes an ECDSA certificate for 127.0.0.1 and localhost that is its own CA, so that trusting its
// PEM (ca_cert_file) is enough to verify it.
func selfSignedCert() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "lakefs-bench proxy"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return cert, certPEM, nil
}

// routes names the lakeFS operations the benchmarks make (operationIds, as the test server counts them), by
// method and path below /api/v1; {x} matches one path segment.
var routes = []struct{ method, path, op string }{
	{http.MethodGet, "/config", "getConfig"},
	{http.MethodPost, "/repositories", "createRepository"},
	{http.MethodDelete, "/repositories/{}", "deleteRepository"},
	{http.MethodGet, "/repositories/{}", "getRepository"},
	{http.MethodPost, "/repositories/{}/branches", "createBranch"},
	{http.MethodGet, "/repositories/{}/branches", "listBranches"},
	{http.MethodGet, "/repositories/{}/branches/{}", "getBranch"},
	{http.MethodDelete, "/repositories/{}/branches/{}", "deleteBranch"},
	{http.MethodPost, "/repositories/{}/branches/{}/objects", "uploadObject"},
	{http.MethodDelete, "/repositories/{}/branches/{}/objects", "deleteObject"},
	{http.MethodPut, "/repositories/{}/branches/{}/objects/stat/user_metadata", "updateObjectUserMetadata"},
	{http.MethodGet, "/repositories/{}/refs/{}/objects/stat", "statObject"},
	{http.MethodGet, "/repositories/{}/refs/{}/objects", "getObject"},
	{http.MethodHead, "/repositories/{}/refs/{}/objects", "headObject"},
	{http.MethodPost, "/repositories/{}/branches/{}/staging/pmpu", "createPresignMultipartUpload"},
	{http.MethodPut, "/repositories/{}/branches/{}/staging/pmpu/{}", "completePresignMultipartUpload"},
	{http.MethodDelete, "/repositories/{}/branches/{}/staging/pmpu/{}", "abortPresignMultipartUpload"},
	{http.MethodPost, "/repositories/{}/pulls", "createPullRequest"},
	{http.MethodGet, "/repositories/{}/pulls", "listPullRequests"},
	{http.MethodGet, "/repositories/{}/pulls/{}", "getPullRequest"},
	{http.MethodPatch, "/repositories/{}/pulls/{}", "updatePullRequest"},
}

// presignedPartOp is what the test server calls part PUTs to its presigned URLs (testserver.PresignedPartOperation).
const presignedPartOp = "putPresignedPart"

// operationOf names a request by lakeFS operation; one the table does not know is "METHOD /path-shape".
func operationOf(method, path string) string {
	if strings.HasPrefix(path, "/_objectstore/") && method == http.MethodPut {
		return presignedPartOp
	}
	rest, ok := strings.CutPrefix(path, "/api/v1")
	if !ok {
		return method + " " + path
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	for _, rt := range routes {
		if rt.method == method && matchPath(strings.Split(strings.Trim(rt.path, "/"), "/"), segs) {
			return rt.op
		}
	}
	shape := make([]string, len(segs))
	for i, s := range segs {
		shape[i] = s
		if i%2 == 1 { // /repositories/{}/branches/{}/...: every other segment is an id
			shape[i] = "{}"
		}
	}
	return method + " /api/v1/" + strings.Join(shape, "/")
}

func matchPath(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i := range pattern {
		if pattern[i] != "{}" && pattern[i] != segs[i] {
			return false
		}
	}
	return true
}

// caConfig is the provider block's setting that trusts the proxy's certificate, written to dir/proxy-ca.pem;
// empty for a plain proxy.
func (p *delayProxy) caConfig(dir string) (string, error) {
	if !p.tls {
		return "", nil
	}
	name := filepath.Join(dir, "proxy-ca.pem")
	if err := os.WriteFile(name, p.certPEM, 0o644); err != nil {
		return "", err
	}
	return fmt.Sprintf("ca_cert_file = %q", name), nil
}
