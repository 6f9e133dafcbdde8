package client

import (
	"context"
	"time"
)

// Defaults applied by New when a Config field is left at its zero value.
const (
	DefaultMaxRetries     = 5
	DefaultRequestTimeout = 60 * time.Second
	defaultRetryWaitMin   = 250 * time.Millisecond
	defaultRetryWaitMax   = 15 * time.Second
)

// Config says where a lakeFS server is and how to talk to it.
type Config struct {
	// Endpoint is the server's base URL; "http://host:8000", ".../", ".../api/v1" and ".../api/v1/" are all accepted.
	Endpoint string

	// Exactly one way to authenticate: an access key pair, a static bearer token, or a TokenSource.
	AccessKeyID     string
	SecretAccessKey string
	Token           string
	TokenSource     TokenSource

	// MaxRetries is how many times a retryable failure is retried; negative means DefaultMaxRetries, 0 disables retries.
	MaxRetries int
	// RequestTimeout bounds the wait for a response's headers once a request is sent (not the upload of a large body).
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between attempts (tests shorten them).
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration

	InsecureSkipVerify bool
	// CACertPEM holds extra trusted root certificates, PEM encoded.
	CACertPEM []byte

	UserAgent string
}

// TokenSource supplies a bearer token per request; implementations cache and renew tokens themselves.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}
