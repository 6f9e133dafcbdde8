package client

import (
	"errors"
	"fmt"
	"net/http"
)

// APIError is a non-2xx answer from lakeFS.
type APIError struct {
	// Operation is the lakeFS operationId, for example "getPullRequest".
	Operation  string
	StatusCode int
	// Message is lakeFS's own error text (the "message" of its error body).
	Message   string
	RequestID string
	// Endpoint is the API base URL the request went to; empty for a URL outside lakeFS (a presigned one).
	Endpoint string
	// ContentType is the answer's Content-Type.
	ContentType string
	// foreign is set when the answer did not carry lakeFS's JSON error body ({"message": ...}): a proxy's or an
	// ingress's page, an empty body, or an object store's error. Such a 404 or 410 says nothing about lakeFS's objects.
	foreign bool
	// outcomeUnknown is set when the request may have been applied although it failed (a 502/504 answer to a POST).
	outcomeUnknown bool
	// presignExpired marks PutPresignedPart's answer to an expired presigned URL.
	presignExpired bool
}

func (e *APIError) Error() string {
	if e.misrouted() {
		return e.misroutedText()
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("lakeFS %s: HTTP %d: %s", e.Operation, e.StatusCode, msg)
}

// OutcomeUnknownError reports a non-idempotent request that failed after it was sent (a timeout, a reset
// connection): lakeFS may or may not have applied it. It is never retried by the client; a caller that
// must not duplicate work reconciles instead (see the pull request resource).
type OutcomeUnknownError struct {
	Operation string
	Err       error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("lakeFS %s: outcome unknown, the request was sent but no answer arrived: %v", e.Operation, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// Message returns lakeFS's error message of an *APIError in err's chain, or err's text.
func Message(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Message != "" {
		return apiErr.Message
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func IsBadRequest(err error) bool   { return StatusCode(err) == http.StatusBadRequest }
func IsUnauthorized(err error) bool { return StatusCode(err) == http.StatusUnauthorized }
func IsForbidden(err error) bool    { return StatusCode(err) == http.StatusForbidden }

// IsNotFound reports lakeFS's own answer that the object does not exist: a 404 with lakeFS's error body, other than
// "invalid API endpoint". A 404 from anything else (a misrouted proxy or ingress, an empty or HTML body) is not one:
// it is an error, see IsMisrouted. (headObject's 404 has no body even from lakeFS; the client does not use it.)
func IsNotFound(err error) bool {
	return fromLakeFS(err, http.StatusNotFound) && !IsUnknownEndpoint(err)
}

// IsGone is IsNotFound for 410 (a repository being deleted, data no longer there).
func IsGone(err error) bool { return fromLakeFS(err, http.StatusGone) }

func IsConflict(err error) bool            { return StatusCode(err) == http.StatusConflict }
func IsPreconditionFailed(err error) bool  { return StatusCode(err) == http.StatusPreconditionFailed }
func IsNotImplemented(err error) bool      { return StatusCode(err) == http.StatusNotImplemented }
func IsInternalServerError(err error) bool { return StatusCode(err) == http.StatusInternalServerError }

// fromLakeFS reports an *APIError of the given status that carries lakeFS's own error body.
func fromLakeFS(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status && !apiErr.foreign
}

// IsMisrouted reports a 404 or 410 that is not lakeFS's answer about an object: the body is not lakeFS's error
// body (something else answered: a proxy, an ingress, another server), or it is lakeFS's "invalid API endpoint"
// (no such operation at this address). It never means that the object is gone.
func IsMisrouted(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.misrouted()
}

func (e *APIError) misrouted() bool {
	if e.StatusCode != http.StatusNotFound && e.StatusCode != http.StatusGone {
		return false
	}
	return e.foreign || (e.StatusCode == http.StatusNotFound && e.Message == unknownEndpointMessage)
}

// misroutedText names the endpoint and what answered, so that a wrong endpoint or a misrouted proxy is found.
func (e *APIError) misroutedText() string {
	where := e.Endpoint
	if where == "" {
		where = "the server"
	}
	if !e.foreign {
		return fmt.Sprintf("lakeFS %s: HTTP %d %q from %s: the server there does not have this operation (an older "+
			"lakeFS, or an endpoint whose path does not lead to lakeFS's API); nothing was found missing",
			e.Operation, e.StatusCode, e.Message, where)
	}
	what := "an empty body"
	if e.Message != "" {
		what = fmt.Sprintf("%q", e.Message)
	}
	if e.ContentType != "" {
		what += " (Content-Type " + e.ContentType + ")"
	}
	return fmt.Sprintf("lakeFS %s: HTTP %d from %s with %s, not lakeFS's JSON error body, so it does not say that "+
		"anything is missing: something other than lakeFS may have answered; check the provider's endpoint and any "+
		"proxy or ingress in front of lakeFS", e.Operation, e.StatusCode, where, what)
}

const unknownEndpointMessage = "invalid API endpoint"

// IsUnknownEndpoint reports lakeFS's answer to an operation it does not have (an older server): 404
// "invalid API endpoint".
func IsUnknownEndpoint(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && !apiErr.foreign &&
		apiErr.Message == unknownEndpointMessage
}

// IsBranchRace reports lakeFS's 500 "predicate failed": an optimistic update of a branch lost the race against
// another update of it and did not happen. The client already retried it where that is safe; it is safe to try again.
func IsBranchRace(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusInternalServerError && !apiErr.foreign &&
		isPredicateFailed(apiErr.Message)
}

// IsOutcomeUnknown reports whether a failed request may nevertheless have been applied by lakeFS.
func IsOutcomeUnknown(err error) bool {
	var unknown *OutcomeUnknownError
	if errors.As(err, &unknown) {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.outcomeUnknown
}
