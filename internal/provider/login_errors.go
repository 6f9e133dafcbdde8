package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// loginError is a failed login explained for people. It keeps the status but not the *client.APIError, so
// diagnostics show this text rather than a bare "HTTP 401".
type loginError struct {
	status int
	text   string
}

func (e *loginError) Error() string { return e.text }

func isRefusal(err error) bool {
	var le *loginError
	return errors.As(err, &le) && le.status != 0
}

// explainLoginError turns a failed login into a loginError that quotes lakeFS's message, never the identity
// request, the code or a token. login names the operation, identity what lakeFS was shown.
func explainLoginError(err error, login, identity string) error {
	status := client.StatusCode(err)
	switch status {
	case http.StatusNotImplemented:
		return &loginError{status, fmt.Sprintf("this lakeFS server does not support %s (HTTP 501: %s): "+
			"it is available in lakeFS Enterprise and lakeFS Cloud only", login, client.Message(err))}
	case http.StatusUnauthorized, http.StatusForbidden:
		return &loginError{status, fmt.Sprintf("lakeFS refused %s (HTTP %d): %s", identity, status, client.Message(err))}
	case http.StatusNotFound:
		if !client.IsNotFound(err) { // not lakeFS's answer: the error names the endpoint and what answered
			return &loginError{0, fmt.Sprintf("%s failed: %v", login, err)}
		}
		return &loginError{status, fmt.Sprintf("lakeFS accepted %s but no lakeFS user is attached to it (HTTP 404): %s",
			identity, client.Message(err))}
	case 0:
		return fmt.Errorf("%s: %w", login, err)
	default:
		return &loginError{0, fmt.Sprintf("%s failed: lakeFS answered HTTP %d: %s", login, status, client.Message(err))}
	}
}

// loginSummary is the diagnostic summary for a failed login; what names the login in lower case where it is
// not an acronym, e.g. "external principal login".
func loginSummary(err error, what string) string {
	var le *loginError
	capitalized := strings.ToUpper(what[:1]) + what[1:]
	switch {
	case errors.As(err, &le) && le.status == http.StatusNotImplemented:
		return "lakeFS does not support " + what
	case isRefusal(err):
		return capitalized + " refused by lakeFS"
	default:
		return capitalized + " failed"
	}
}
