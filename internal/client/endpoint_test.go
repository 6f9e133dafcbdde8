package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestNormalizeEndpoint(t *testing.T) {
	cases := []struct {
		in, want string
		wantErr  bool
	}{
		{"http://h:8000", "http://h:8000/api/v1", false},
		{"http://h:8000/", "http://h:8000/api/v1", false},
		{"http://h:8000/api/v1", "http://h:8000/api/v1", false},
		{"http://h:8000/api/v1/", "http://h:8000/api/v1", false},
		{"  https://lakefs.example.com  ", "https://lakefs.example.com/api/v1", false},
		{"https://proxy.example.com/lakefs", "https://proxy.example.com/lakefs/api/v1", false},
		{"https://proxy.example.com/lakefs/", "https://proxy.example.com/lakefs/api/v1", false},
		{"https://proxy.example.com/lakefs/api/v1/", "https://proxy.example.com/lakefs/api/v1", false},
		{"ftp://h:8000", "", true},
		{"h:8000", "", true},
		{"127.0.0.1:8000", "", true},
		{"", "", true},
		{"   ", "", true},
		{"::garbage::", "", true},
		{"http://", "", true},
		{"http://user:pass@h:8000", "", true},
		{"http://h:8000/?x=1", "", true},
		{"http://h:8000/#frag", "", true},
	}
	for _, c := range cases {
		got, err := NormalizeEndpoint(c.in)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("NormalizeEndpoint(%q) = %q, %v; want %q, err=%v", c.in, got, err, c.want, c.wantErr)
		}
		if err != nil && strings.Contains(c.in, "pass") && strings.Contains(err.Error(), "pass") {
			t.Errorf("error leaks credentials: %v", err)
		}
	}
}

func TestProxyPrefixIsUsed(t *testing.T) {
	var gotPath string
	c, srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		w.WriteHeader(http.StatusNoContent)
	})
	c2, err := New(Config{Endpoint: srv.URL + "/lakefs/", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	if err := c2.HealthCheck(context.Background()); err != nil || gotPath != "/lakefs/api/v1/healthcheck" {
		t.Fatalf("path %q err %v", gotPath, err)
	}
	if err := c.HealthCheck(context.Background()); err != nil || gotPath != "/api/v1/healthcheck" {
		t.Fatalf("path %q err %v", gotPath, err)
	}
	if c2.Endpoint() != srv.URL+"/lakefs/api/v1" {
		t.Fatalf("Endpoint() = %q", c2.Endpoint())
	}
}

type staticTokens struct {
	token string
	err   error
	calls int
}

func (s *staticTokens) Token(context.Context) (string, error) { s.calls++; return s.token, s.err }

func TestAuthModes(t *testing.T) {
	var gotAuth, gotUA string
	handler := func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotUA = r.Header.Get("Authorization"), r.Header.Get("User-Agent")
		writeJSON(w, 200, map[string]any{"user": User{ID: "quickstart", CreationDate: 1}})
	}
	ctx := context.Background()

	c, srv := newTestServer(t, handler)
	user, err := c.GetCurrentUser(ctx)
	if err != nil || user.ID != "quickstart" {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	req.SetBasicAuth("AKIAEXAMPLE", "test-secret-value")
	if gotAuth != req.Header.Get("Authorization") || gotUA != "test-agent/1.0" {
		t.Fatalf("basic: auth %q ua %q", gotAuth, gotUA)
	}

	bearer, _ := New(Config{Endpoint: srv.URL, Token: "tok-1"})
	if _, err := bearer.GetCurrentUser(ctx); err != nil || gotAuth != "Bearer tok-1" {
		t.Fatalf("bearer: %q %v", gotAuth, err)
	}

	ts := &staticTokens{token: "tok-2"}
	source, _ := New(Config{Endpoint: srv.URL, TokenSource: ts})
	if _, err := source.GetCurrentUser(ctx); err != nil || gotAuth != "Bearer tok-2" || ts.calls != 1 {
		t.Fatalf("token source: %q %v %d", gotAuth, err, ts.calls)
	}
	ts.err = errors.New("cannot refresh")
	if _, err := source.GetCurrentUser(ctx); err == nil || !strings.Contains(err.Error(), "cannot refresh") {
		t.Fatalf("token source error not surfaced: %v", err)
	}

	// No credentials: nothing sent; the login endpoints never carry credentials.
	none, _ := New(Config{Endpoint: srv.URL})
	if _, err := none.GetCurrentUser(ctx); err != nil || gotAuth != "" {
		t.Fatalf("none: %q %v", gotAuth, err)
	}
	if _, err := c.Login(ctx, "a", "b"); err != nil || gotAuth != "" {
		t.Fatalf("login carried credentials: %q %v", gotAuth, err)
	}

	for _, bad := range []Config{
		{Endpoint: srv.URL, AccessKeyID: "a", SecretAccessKey: "b", Token: "t"},
		{Endpoint: srv.URL, Token: "t", TokenSource: ts},
		{Endpoint: srv.URL, AccessKeyID: "a", TokenSource: ts},
		{Endpoint: srv.URL, AccessKeyID: "a"},
		{Endpoint: srv.URL, SecretAccessKey: "b"},
		{Endpoint: "", Token: "t"},
		{Endpoint: srv.URL, CACertPEM: []byte("not a pem")},
	} {
		if _, err := New(bad); err == nil {
			t.Errorf("New accepted %+v", bad)
		}
	}
}

func TestGetCurrentUserUnauthenticatedIsEmpty(t *testing.T) {
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"user": map[string]any{"creation_date": 0, "id": ""}})
	})
	u, err := c.GetCurrentUser(context.Background())
	if err != nil || u == nil || u.ID != "" {
		t.Fatalf("%+v %v", u, err)
	}
}
