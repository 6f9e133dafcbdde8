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
	// outcomeUnknown is set when the request may have been applied although it failed (a 502/504 answer to a POST).
	outcomeUnknown bool
	// presignExpired marks PutPresignedPart's answer to an expired presigned URL.
	presignExpired bool
}

func (e *APIError) Error() string {
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

func IsBadRequest(err error) bool          { return StatusCode(err) == http.StatusBadRequest }
func IsUnauthorized(err error) bool        { return StatusCode(err) == http.StatusUnauthorized }
func IsForbidden(err error) bool           { return StatusCode(err) == http.StatusForbidden }
func IsNotFound(err error) bool            { return StatusCode(err) == http.StatusNotFound }
func IsConflict(err error) bool            { return StatusCode(err) == http.StatusConflict }
func IsGone(err error) bool                { return StatusCode(err) == http.StatusGone }
func IsPreconditionFailed(err error) bool  { return StatusCode(err) == http.StatusPreconditionFailed }
func IsNotImplemented(err error) bool      { return StatusCode(err) == http.StatusNotImplemented }
func IsInternalServerError(err error) bool { return StatusCode(err) == http.StatusInternalServerError }

// IsUnknownEndpoint reports lakeFS's answer to an operation it does not have (an older server): 404
// "invalid API endpoint".
func IsUnknownEndpoint(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.Message == "invalid API endpoint"
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
