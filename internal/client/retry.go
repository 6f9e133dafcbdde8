package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy. lakeFS answers 429 (too many tries on a branch), 503 (KV slow down) and, on servers before
// v1.64.1, 423 (older specs say 420) with its JSON error body when it did NOT apply the request, so those are
// retried for every method. The same statuses without lakeFS's error body come from a proxy in front of it
// (Envoy's 503 "upstream connect error ... reset before headers"), possibly after lakeFS got the request: for a
// non-idempotent request they mean "outcome unknown". 500, 502 and 504 and broken connections may come after
// the request was applied: they are retried only for idempotent requests. A POST that may have been processed
// is never replayed here; it surfaces as an outcome-unknown error and the caller reconciles.
//
// One 500 is known not to be applied: lakeFS's `{"message":"predicate failed"}` to an operation that updates a
// branch optimistically and lost the race against another update of the same branch (its first, unretried
// branch update failed: nothing was written). Concurrent commits to one branch get it (contract §11.1), and so do
// concurrent user-metadata updates of one object. It is retried, with the same bounded backoff, for the calls
// that mark it (commit, mergeIntoBranch, revertBranch, cherryPick; the idempotent ones retry every 500 anyway).
// revertBranch and cherryPick wrap it: `{"message":"update branch: predicate failed"}`.

// predicateFailedMessage is lakeFS's text for kv.ErrPredicateFailed, which it answers with 500.
const predicateFailedMessage = "predicate failed"

// isPredicateFailed reports lakeFS's text for kv.ErrPredicateFailed, bare or wrapped ("update branch: ...").
func isPredicateFailed(msg string) bool {
	return msg == predicateFailedMessage || strings.HasSuffix(msg, ": "+predicateFailedMessage)
}

type idempotencyKey struct{}

type predicateRetryKey struct{}

func withPredicateRetry(ctx context.Context, retry bool) context.Context {
	return context.WithValue(ctx, predicateRetryKey{}, retry)
}

func retriesPredicateFailed(ctx context.Context) bool {
	v, _ := ctx.Value(predicateRetryKey{}).(bool)
	return v
}

func withIdempotency(ctx context.Context, idempotent bool) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, idempotent)
}

func isIdempotent(ctx context.Context) bool {
	v, _ := ctx.Value(idempotencyKey{}).(bool)
	return v
}

// notAppliedStatus reports answers that mean "lakeFS did not do it, try later".
func notAppliedStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusLocked, 420:
		return true
	}
	return false
}

// maybeAppliedStatus reports answers after which the request may or may not have been applied.
func maybeAppliedStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return false, err
		}
		if isCertificateError(err) {
			return false, err
		}
		// A connection that was never made carried nothing: safe to retry whatever the method.
		return isIdempotent(ctx) || isDialError(err), nil
	}
	if notAppliedStatus(resp.StatusCode) {
		return isIdempotent(ctx) || answeredByLakeFS(resp), nil
	}
	if maybeAppliedStatus(resp.StatusCode) {
		if isIdempotent(ctx) {
			return true, nil
		}
		return resp.StatusCode == http.StatusInternalServerError && retriesPredicateFailed(ctx) && lostBranchRace(resp), nil
	}
	return false, nil
}

func isDialError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// IsConnectionError reports a request that never got an HTTP answer because no connection could be made: the host
// does not resolve, refuses or drops the connection, or the TLS handshake fails. (A reset after the request was
// sent, or an HTTP error answer, is not one.)
func IsConnectionError(err error) bool {
	var dnsErr *net.DNSError
	var recordErr tls.RecordHeaderError
	var verifyErr *tls.CertificateVerificationError
	return isDialError(err) || errors.As(err, &dnsErr) || isCertificateError(err) || errors.As(err, &recordErr) || errors.As(err, &verifyErr)
}

func isCertificateError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

// backoff is exponential with full jitter, and honours Retry-After (seconds or an HTTP date) on any answer.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(wait, maxWait)
		}
	}
	ceiling := minWait << min(attempt, 20)
	if ceiling <= 0 || ceiling > maxWait {
		ceiling = maxWait
	}
	if ceiling <= minWait {
		return max(minWait, 0)
	}
	// Full jitter, but never below minWait so a burst of clients spreads out without hammering.
	return minWait + rand.N(ceiling-minWait+1)
}

func retryAfter(value string, now time.Time) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(value); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// maxPeek bounds how much of an error body is read to tell lakeFS's own answers from a proxy's.
const maxPeek = 64 << 10

// answeredByLakeFS reports whether an error answer carries lakeFS's JSON error body ({"message": ...}). It
// peeks at the body and leaves it readable.
func answeredByLakeFS(resp *http.Response) bool {
	_, ok := peekLakeFSMessage(resp)
	return ok
}

// lostBranchRace reports lakeFS's 500 "predicate failed": an optimistic branch update that lost a race and did
// not happen. It peeks at the body and leaves it readable.
func lostBranchRace(resp *http.Response) bool {
	msg, ok := peekLakeFSMessage(resp)
	return ok && isPredicateFailed(msg)
}

// peekLakeFSMessage returns the message of lakeFS's JSON error body, leaving the body readable.
func peekLakeFSMessage(resp *http.Response) (string, bool) {
	peeked, _ := io.ReadAll(io.LimitReader(resp.Body, maxPeek))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(peeked), resp.Body), resp.Body}
	return lakeFSErrorMessage(resp.Header.Get("Content-Type"), peeked)
}

// isLakeFSErrorBody reports whether an answer is lakeFS's JSON error body ({"message": ...}).
func isLakeFSErrorBody(contentType string, body []byte) bool {
	_, ok := lakeFSErrorMessage(contentType, body)
	return ok
}

func lakeFSErrorMessage(contentType string, body []byte) (string, bool) {
	if mt, _, _ := mime.ParseMediaType(contentType); mt != "application/json" {
		return "", false
	}
	var e struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil || e.Message == "" {
		return "", false
	}
	return e.Message, true
}
