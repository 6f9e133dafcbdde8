package client

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// apiBasePath is where lakeFS serves its REST API under the server's root.
const apiBasePath = "/api/v1"

// NormalizeEndpoint turns any accepted spelling of a lakeFS endpoint into the API base URL
// (".../api/v1" without a trailing slash). A path prefix in front of /api/v1 (a reverse proxy) is kept.
func NormalizeEndpoint(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("endpoint is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the input, which may hold a password: keep only the reason.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return "", fmt.Errorf("endpoint is not a valid URL: %w", err)
	}
	raw = u.Redacted() // never echo a password in the errors below
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("endpoint %q must start with http:// or https://", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("endpoint %q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("endpoint %q must not carry credentials, a query or a fragment", raw)
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, apiBasePath)
	u.Path = strings.TrimRight(p, "/") + apiBasePath
	u.RawPath = ""
	return u.String(), nil
}
