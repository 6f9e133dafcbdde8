package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPIErrorMapping(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		body        string
		contentType string
		wantMsg     string
		check       func(error) bool
	}{
		{"not found", 404, `{"message":"repository not found"}`, "application/json", "repository not found", IsNotFound},
		{"conflict", 409, `{"message":"branch already exists: not unique"}`, "application/json", "branch already exists: not unique", IsConflict},
		{"not implemented", 501, `{"message":"Not Implemented"}`, "application/json", "Not Implemented", IsNotImplemented},
		{"precondition", 412, `{"message":"path already exists"}`, "application/json", "path already exists", IsPreconditionFailed},
		{"forbidden", 403, `{"message":"read-only repository"}`, "application/json", "read-only repository", IsForbidden},
		{"unauthorized", 401, `{"message":"error authenticating request"}`, "application/json", "error authenticating request", IsUnauthorized},
		{"bad request", 400, `{"message":"commit: no changes"}`, "application/json", "commit: no changes", IsBadRequest},
		{"gone", 410, `{"message":"repository in deletion"}`, "application/json", "repository in deletion", IsGone},
		{"non-JSON text", 404, "404 page not found\n", "text/plain", "404 page not found", IsMisrouted},
		{"html proxy page", 400, "<html><body>Bad Request</body></html>", "text/html", "<html><body>Bad Request</body></html>", IsBadRequest},
		{"empty body", 404, "", "", "", IsMisrouted},
		{"JSON without message", 409, `{"reference":""}`, "application/json", "", IsConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req-123")
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, err := c.GetRepository(context.Background(), "repo1")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("want *APIError, got %T %v", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Operation != "getRepository" || apiErr.RequestID != "req-123" || apiErr.Message != tc.wantMsg {
				t.Fatalf("got %+v", apiErr)
			}
			if !tc.check(err) {
				t.Fatalf("helper false for %v", err)
			}
			if IsOutcomeUnknown(err) {
				t.Fatalf("a GET answer is never outcome-unknown")
			}
			text := err.Error()
			if !strings.Contains(text, "getRepository") || !strings.Contains(text, fmt.Sprint(tc.status)) {
				t.Fatalf("error text %q lacks operation or status", text)
			}
			if tc.wantMsg == "" && !strings.Contains(text, http.StatusText(tc.status)) && !IsMisrouted(err) {
				t.Fatalf("error text %q lacks the status text", text)
			}
			if StatusCode(fmt.Errorf("wrapped: %w", err)) != tc.status {
				t.Fatalf("StatusCode does not see through wrapping")
			}
		})
	}
}

// TestNotFoundOnlyFromLakeFS: a 404 or 410 means "gone" only when lakeFS itself says so, with its JSON error body.
// Anything else that answers 404 (a misrouted ingress's HTML page, an empty body, lakeFS's "invalid API endpoint"
// for an operation it lacks) is an error that names the endpoint and what answered.
func TestNotFoundOnlyFromLakeFS(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		status                  int
		gone                    bool
		want                    []string // in the error text
	}{
		{"lakeFS branch not found", "application/json", `{"message":"branch not found"}` + "\n", 404, true, []string{"branch not found"}},
		{"lakeFS object not found", "application/json", `{"message":"not found"}`, 404, true, nil},
		{"lakeFS repository in deletion", "application/json", `{"message":"repository in deletion"}`, 410, true, nil},
		{"lakeFS invalid API endpoint", "application/json", `{"message":"invalid API endpoint"}` + "\n", 404, false,
			[]string{"invalid API endpoint", "does not have this operation", "/api/v1"}},
		{"ingress HTML page", "text/html", "<html><body><h1>404 Not Found</h1>nginx</body></html>", 404, false,
			[]string{"not lakeFS's JSON error body", "text/html", "404 Not Found", "/api/v1"}},
		{"empty body", "", "", 404, false, []string{"empty body", "not lakeFS's JSON error body", "/api/v1"}},
		{"JSON without message", "application/json", `{"error":"no route"}`, 404, false, []string{"not lakeFS's JSON error body"}},
		{"message but not JSON", "text/plain", `{"message":"not found"}`, 404, false, []string{"text/plain"}},
		{"410 from a proxy", "text/html", "<html>Gone</html>", 410, false, []string{"not lakeFS's JSON error body"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, err := c.GetBranch(context.Background(), "repo1", "main")
			if gone := IsNotFound(err) || IsGone(err); gone != tc.gone {
				t.Fatalf("IsNotFound||IsGone = %v, want %v (%v)", gone, tc.gone, err)
			}
			if IsMisrouted(err) == tc.gone {
				t.Fatalf("IsMisrouted = %v for %v", !tc.gone, err)
			}
			if StatusCode(err) != tc.status {
				t.Fatalf("status %d", StatusCode(err))
			}
			text := err.Error()
			if !tc.gone && !strings.Contains(text, srv.URL+"/api/v1") {
				t.Fatalf("error %q does not name the endpoint", text)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Fatalf("error %q lacks %q", text, w)
				}
			}
		})
	}
}

func TestMergeIntoBranchConflictMessage(t *testing.T) {
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.EscapedPath() != "/api/v1/repositories/repo1/refs/feature/merge/main" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.EscapedPath())
		}
		writeJSON(w, http.StatusConflict, map[string]string{"reference": ""})
	})
	_, err := c.MergeIntoBranch(context.Background(), "repo1", "feature", "main", Merge{})
	if !IsConflict(err) {
		t.Fatalf("want conflict, got %v", err)
	}
	if Message(err) != "conflict found" || !strings.Contains(err.Error(), "mergeIntoBranch: HTTP 409: conflict found") {
		t.Fatalf("got %q", err.Error())
	}
}

func TestHelpersOnOtherErrors(t *testing.T) {
	plain := errors.New("boom")
	for _, f := range []func(error) bool{IsNotFound, IsConflict, IsNotImplemented, IsPreconditionFailed, IsOutcomeUnknown} {
		if f(nil) || f(plain) {
			t.Fatal("helper true for a non-API error")
		}
	}
	unknown := fmt.Errorf("ctx: %w", &OutcomeUnknownError{Operation: "createPullRequest", Err: errors.New("EOF")})
	if !IsOutcomeUnknown(unknown) || IsNotFound(unknown) {
		t.Fatal("OutcomeUnknownError not recognised through wrapping")
	}
	if Message(plain) != "boom" || Message(nil) != "" {
		t.Fatal("Message")
	}
}
