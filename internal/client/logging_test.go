package client

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/logcapture"
)

func TestSecretsNeverLoggedNorInErrors(t *testing.T) {
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv(logLevelEnv, "TRACE")
	const (
		secretKey     = "SECRETKEY-wJalrXUtnFEMI-K7MDENG"
		staticToken   = "STATICTOKEN-eyJhbGciOiJIUzI1NiJ9"
		loginSecret   = "LOGINSECRET-abcdef123456"
		issuedToken   = "ISSUEDTOKEN-eyJzdWIiOiJxdWlja3N0YXJ0In0"
		identityToken = "IDENTITYTOKEN-c2lnbmF0dXJlLXNlY3JldA"
		oidcCode      = "OIDCCODE-4/0AX4XfWh"
		signature     = "SIGNATURE0123456789abcdef0123456789abcdef"
		securityToken = "SECURITYTOKEN-IQoJb3JpZ2luX2VjE"
	)
	secrets := []string{secretKey, staticToken, loginSecret, issuedToken, identityToken, oidcCode, signature, securityToken,
		base64.StdEncoding.EncodeToString([]byte("AKIAEXAMPLE:" + secretKey))}

	ctx, buf := logcapture.Root()
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	var hijack bool
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Request-Id", "rid-1")
		switch {
		case strings.HasPrefix(r.URL.Path, "/bucket/"):
			mu.Lock()
			h := hijack
			mu.Unlock()
			if h {
				conn, _, _ := w.(http.Hijacker).Hijack()
				_ = conn.Close()
				return
			}
			if r.URL.Query().Get("partNumber") == "1" {
				w.Header().Set("ETag", `"etag-1"`)
				return
			}
			// S3 echoes the canonical request, security token included.
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match %s</Message><CanonicalRequest>PUT %s X-Amz-Security-Token=%s</CanonicalRequest></Error>`,
				signature, html.EscapeString(r.URL.String()), securityToken)
		case r.URL.Path == "/api/v1/auth/login":
			if strings.Contains(string(body), "good") {
				writeJSON(w, 200, AuthenticationToken{Token: issuedToken, TokenExpiration: 1})
				return
			}
			writeError(w, 401, "error authenticating request")
		case r.URL.Path == "/api/v1/auth/external/principal/login":
			writeError(w, 501, "Not Implemented")
		case r.URL.Path == "/api/v1/sts/login":
			writeError(w, 501, "Not Implemented")
		case r.URL.Path == "/api/v1/repositories/ok":
			writeJSON(w, 200, Repository{ID: "ok"})
		default:
			writeError(w, 401, "error authenticating request")
		}
	}))
	defer srv.Close()

	basic, err := New(Config{Endpoint: srv.URL, AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: secretKey, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	bearer, err := New(Config{Endpoint: srv.URL, Token: staticToken, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}

	_, err = basic.GetRepository(ctx, "ok")
	if err != nil {
		t.Fatal(err)
	}
	_, err = basic.GetRepository(ctx, "missing")
	keep(err)
	_, err = bearer.GetRepository(ctx, "missing")
	keep(err)
	tok, err := bearer.Login(ctx, "AKIAGOOD", loginSecret+"good")
	if err != nil || tok.Token != issuedToken {
		t.Fatalf("login: %v", err)
	}
	_, err = bearer.Login(ctx, "AKIABAD", loginSecret)
	keep(err)
	_, err = basic.ExternalPrincipalLogin(ctx, ExternalLoginInformation{IdentityRequest: map[string]any{"identity_token": identityToken}})
	keep(err)
	_, err = basic.STSLogin(ctx, StsAuthRequest{Code: oidcCode, State: "s", RedirectURI: "http://x/cb"})
	keep(err)

	partURL := func(n int) string {
		return fmt.Sprintf("%s/bucket/ns/data/p/obj%%2Csig?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%%2F20260101%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Security-Token=%s&partNumber=%d&uploadId=2&X-Amz-Signature=%s",
			srv.URL, securityToken, n, signature)
	}
	etag, err := basic.PutPresignedPart(ctx, partURL(1), BytesBody([]byte("part one")))
	if err != nil || etag != `"etag-1"` {
		t.Fatalf("part 1: %q %v", etag, err)
	}
	_, err = basic.PutPresignedPart(ctx, partURL(2), BytesBody([]byte("part two")))
	if StatusCode(err) != 403 || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Fatalf("part 2: %v", err)
	}
	keep(err)
	mu.Lock()
	hijack = true
	mu.Unlock()
	_, err = basic.PutPresignedPart(ctx, partURL(3), BytesBody([]byte("part three")))
	if err == nil {
		t.Fatal("part 3: no error on a dropped connection")
	}
	keep(err)
	_, err = basic.PutPresignedPart(ctx, "http://[::1"+signature, BytesBody(nil))
	keep(err)

	logText := buf.String()
	for _, e := range errs {
		for _, s := range secrets {
			if strings.Contains(e.Error(), s) {
				t.Errorf("error %q contains secret %q", e.Error(), s)
			}
		}
	}
	for _, s := range secrets {
		if strings.Contains(logText, s) {
			t.Errorf("log contains secret %q", s)
		}
	}
	for _, want := range []string{"sending lakeFS request", "lakeFS response", `"operation":"getRepository"`, `"operation":"login"`,
		`"operation":"externalPrincipalLogin"`, `"operation":"stsLogin"`, `"operation":"putPresignedPart"`, `"status":401`, `"status":501`,
		`"status":403`, `"path":"/api/v1/repositories/missing"`, `"@module":"provider.lakefs_client"`, "retrying lakeFS request"} {
		if !strings.Contains(logText, want) {
			t.Errorf("log lacks %s", want)
		}
	}
	if strings.Contains(logText, "new_logger_warning") {
		t.Error("the subsystem logger was not created (new_logger_warning)")
	}
	if strings.Contains(logText, "/bucket/") {
		t.Error("the presigned URL path was logged")
	}
	if len(errs) != 8 {
		t.Errorf("expected 8 failing calls, got %d", len(errs))
	}
	if t.Failed() {
		t.Log(logText)
	}
}

func TestLoggingWithoutRootLoggerIsSilent(t *testing.T) {
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, Repository{ID: "r"}) })
	if _, err := c.GetRepository(context.Background(), "r"); err != nil {
		t.Fatal(err)
	}
}
