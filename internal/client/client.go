// Package client is a typed client for the lakeFS REST API (/api/v1), including its experimental operations.
// It follows the behaviour of a running lakeFS server as described in the project's API contract, not only
// its OpenAPI spec: success codes and bodies that differ from the spec are accepted.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Client talks to one lakeFS server. It is safe for concurrent use; connections are reused.
type Client struct {
	baseURL   string
	http      *retryablehttp.Client
	auth      func(ctx context.Context, req *http.Request) error
	userAgent string
	clock     *serverClock // see server_clock.go
}

// New validates cfg and builds a client. It makes no request.
func New(cfg Config) (*Client, error) {
	base, err := NormalizeEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	auth, err := authenticator(cfg)
	if err != nil {
		return nil, err
	}
	transport, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}

	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{Transport: transport}
	rc.Logger = nil // the hooks below log through tflog, without URLs or headers
	rc.RetryMax = cfg.MaxRetries
	if cfg.MaxRetries < 0 {
		rc.RetryMax = DefaultMaxRetries
	}
	rc.RetryWaitMin, rc.RetryWaitMax = defaultRetryWaitMin, defaultRetryWaitMax
	if cfg.RetryWaitMin > 0 {
		rc.RetryWaitMin = cfg.RetryWaitMin
	}
	if cfg.RetryWaitMax > 0 {
		rc.RetryWaitMax = cfg.RetryWaitMax
	}
	if rc.RetryWaitMax < rc.RetryWaitMin {
		// A maximum below the minimum would make the jittered backoff panic (rand.N of a non-positive number).
		rc.RetryWaitMax = rc.RetryWaitMin
	}
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, retry int) { logRequest(req, retry) }
	rc.ResponseLogHook = func(_ retryablehttp.Logger, resp *http.Response) { logResponse(resp) }
	// Hand back the last answer or error as is: the default handler wraps errors with the full URL.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler

	return &Client{baseURL: base, http: rc, auth: auth, userAgent: cfg.UserAgent, clock: newServerClock()}, nil
}

// Endpoint returns the API base URL, ending in /api/v1.
func (c *Client) Endpoint() string { return c.baseURL }

// maxIdleConnsPerHost keeps a connection for each of Terraform's parallel operations (10 by default) and each
// multipart part in flight, so a plan or apply opens about as many connections as it runs requests at once. The
// pooled transport's default (GOMAXPROCS+1, 3 on two cores) made busy runs open a new connection per request.
const maxIdleConnsPerHost = 32

func newTransport(cfg Config) (*http.Transport, error) {
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = maxIdleConnsPerHost
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	transport.ResponseHeaderTimeout = timeout
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify} //nolint:gosec // opt-in by the user
	if len(cfg.CACertPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(cfg.CACertPEM) {
			return nil, errors.New("the CA certificate bundle holds no PEM certificate")
		}
		tlsConfig.RootCAs = pool
	}
	transport.TLSClientConfig = tlsConfig
	return transport, nil
}

func authenticator(cfg Config) (func(context.Context, *http.Request) error, error) {
	modes := 0
	for _, set := range []bool{cfg.AccessKeyID != "" || cfg.SecretAccessKey != "", cfg.Token != "", cfg.TokenSource != nil} {
		if set {
			modes++
		}
	}
	switch {
	case modes > 1:
		return nil, errors.New("configure exactly one of an access key pair, a token or a token source")
	case cfg.AccessKeyID != "" || cfg.SecretAccessKey != "":
		if cfg.AccessKeyID == "" || cfg.SecretAccessKey == "" {
			return nil, errors.New("an access key pair needs both the access key id and the secret access key")
		}
		return func(_ context.Context, req *http.Request) error {
			req.SetBasicAuth(cfg.AccessKeyID, cfg.SecretAccessKey)
			return nil
		}, nil
	case cfg.Token != "":
		return func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+cfg.Token)
			return nil
		}, nil
	case cfg.TokenSource != nil:
		return func(ctx context.Context, req *http.Request) error {
			token, err := cfg.TokenSource.Token(ctx)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", "Bearer "+token)
			return nil
		}, nil
	}
	// No credentials: only the unauthenticated operations (health, logins) will work.
	return func(context.Context, *http.Request) error { return nil }, nil
}

// call describes one lakeFS operation.
type call struct {
	op         string // the lakeFS operationId, used in errors and logs
	method     string
	path       string // under /api/v1, segments already escaped (use pathf)
	query      url.Values
	json       any         // request body, JSON-encoded
	body       *streamBody // or a raw streamed body
	header     http.Header // extra request headers
	idempotent bool        // safe to replay after a failure that may have reached the server
	// branchRace: lakeFS's 500 "predicate failed" means this call lost a race for the branch and did nothing,
	// so it is retried even though the call is not idempotent (see retry.go).
	branchRace bool
	noAuth     bool // login endpoints take no credentials
	// external is a full URL outside lakeFS (a presigned object-store URL): no credentials, no user agent,
	// and neither the URL nor its path is ever logged or put in an error (it carries a signature).
	external string
}

// streamBody is a raw request body that can be reopened for every attempt, so nothing is buffered in memory.
type streamBody struct {
	open        func() (io.Reader, error)
	size        int64
	contentType string
}

// pathf builds a path with every argument escaped as one path segment.
func pathf(format string, segments ...string) string {
	escaped := make([]any, len(segments))
	for i, s := range segments {
		escaped[i] = url.PathEscape(s)
	}
	return fmt.Sprintf(format, escaped...)
}

// do sends the call and decodes a 2xx JSON answer into out (a *string receives the raw body text).
// Any other answer becomes an *APIError.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	resp, err := c.send(ctx, cl)
	if err != nil {
		return err
	}
	defer drain(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.apiErrorFrom(cl, resp)
	}
	switch dst := out.(type) {
	case nil:
		return nil
	case *string:
		raw, err := io.ReadAll(io.LimitReader(resp.Body, maxTextBody))
		if err != nil {
			return fmt.Errorf("lakeFS %s: reading the answer: %w", cl.op, err)
		}
		*dst = strings.TrimSpace(string(raw))
		return nil
	default:
		if err := json.NewDecoder(resp.Body).Decode(dst); err != nil {
			return fmt.Errorf("lakeFS %s: decoding the answer (HTTP %d): %w", cl.op, resp.StatusCode, err)
		}
		return nil
	}
}

// doJSON sends the call and returns its decoded 2xx JSON answer (see do).
func doJSON[T any](ctx context.Context, c *Client, cl call) (*T, error) {
	var out T
	if err := c.do(ctx, cl, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// getJSON reads with an idempotent GET and returns the decoded answer.
func getJSON[T any](ctx context.Context, c *Client, op, path string, query url.Values) (*T, error) {
	return doJSON[T](ctx, c, call{op: op, method: http.MethodGet, path: path, query: query, idempotent: true})
}

// deleteAt sends an idempotent DELETE and ignores what a 2xx answer holds.
func (c *Client) deleteAt(ctx context.Context, op, path string, query url.Values) error {
	return c.do(ctx, call{op: op, method: http.MethodDelete, path: path, query: query, idempotent: true}, nil)
}

// maxTextBody bounds text and error bodies read into memory.
const maxTextBody = 1 << 20

// send performs the call with retries and returns the final response whatever its status.
func (c *Client) send(ctx context.Context, cl call) (*http.Response, error) {
	u := c.baseURL + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	if cl.external != "" {
		u = cl.external
	}

	var rawBody any
	var contentLength int64 = -1
	contentType := ""
	switch {
	case cl.body != nil:
		rawBody = retryablehttp.ReaderFunc(cl.body.open)
		contentLength = cl.body.size
		contentType = cl.body.contentType
	case cl.json != nil:
		encoded, err := json.Marshal(cl.json)
		if err != nil {
			return nil, fmt.Errorf("lakeFS %s: encoding the request: %w", cl.op, err)
		}
		rawBody = encoded
		contentLength = int64(len(encoded))
		contentType = "application/json"
	}

	ctx = withAttemptInfo(withPredicateRetry(withIdempotency(withLogging(ctx), cl.idempotent), cl.branchRace), cl.op, cl.external != "")
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, u, rawBody)
	if err != nil {
		if cl.external != "" {
			// url.Parse errors quote the URL, which carries a signature.
			return nil, fmt.Errorf("lakeFS %s: building the request: invalid URL or unreadable body", cl.op)
		}
		return nil, fmt.Errorf("lakeFS %s: building the request: %w", cl.op, err)
	}
	if contentLength >= 0 && rawBody != nil {
		req.ContentLength = contentLength
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if cl.external == "" {
		req.Header.Set("Accept", "application/json")
		if c.userAgent != "" {
			req.Header.Set("User-Agent", c.userAgent)
		}
	}
	for name, values := range cl.header {
		req.Header[name] = values
	}
	if !cl.noAuth && cl.external == "" {
		if err := c.auth(ctx, req.Request); err != nil {
			return nil, fmt.Errorf("lakeFS %s: authenticating: %w", cl.op, err)
		}
	}

	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			// The passthrough error handler may hand back both (a cancelled context after an answer).
			drain(resp.Body)
		}
		return nil, transportError(ctx, cl, err)
	}
	if cl.external == "" && resp.StatusCode < 500 {
		// lakeFS's own answers (a 5xx may come from a gateway with another clock).
		c.clock.observe(resp)
	}
	return resp, nil
}

// transportError strips the URL from net/http's error text (it may carry a presigned signature) and marks
// a non-idempotent request whose fate is unknown.
func transportError(ctx context.Context, cl call, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("lakeFS %s: %w", cl.op, ctxErr)
	}
	if !cl.idempotent && !isDialError(err) && !isCertificateError(err) {
		return &OutcomeUnknownError{Operation: cl.op, Err: err}
	}
	return fmt.Errorf("lakeFS %s: %w", cl.op, err)
}

func (c *Client) apiErrorFrom(cl call, resp *http.Response) *APIError {
	apiErr := &APIError{
		Operation:   cl.op,
		StatusCode:  resp.StatusCode,
		RequestID:   resp.Header.Get("X-Request-Id"),
		ContentType: resp.Header.Get("Content-Type"),
	}
	if cl.external == "" {
		apiErr.Endpoint = c.baseURL
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxTextBody))
	fromLakeFS := isLakeFSErrorBody(apiErr.ContentType, raw)
	apiErr.foreign = !fromLakeFS
	if !cl.idempotent {
		// See retry.go: a gateway error, or a "try later" that lakeFS itself did not send, may follow a request
		// that lakeFS applied.
		apiErr.outcomeUnknown = resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout ||
			notAppliedStatus(resp.StatusCode) && !fromLakeFS
	}
	var body struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &body) == nil && body.Message != "" {
		apiErr.Message = body.Message
	} else if text := strings.TrimSpace(string(raw)); text != "" && !bytes.HasPrefix(raw, []byte("{")) {
		apiErr.Message = truncate(text, 512)
	}
	return apiErr
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxTextBody))
	_ = body.Close()
}
