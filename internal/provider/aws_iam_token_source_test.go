package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/logcapture"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

const (
	testAWSKeyID         = "AKIATESTPROVIDER0001"
	testAWSSecret        = "AWSSECRET-wJalrXUtnFEMI-K7MDENG-bPxRfiCY"
	testAWSSessionToken  = "AWSSESSIONTOKEN-IQoJb3JpZ2luX2VjEJr"
	testPrincipalARN     = "arn:aws:sts::123456789012:assumed-role/ci/session"
	testPrincipalUserID  = "ci-robot"
	testAWSRegion        = "eu-west-1"
	testLakeFSServerHost = "127.0.0.1"
)

// staticAWSEnv gives the AWS SDK static credentials and nothing else to find: no shared files, no instance
// metadata (the tests must never reach out of the machine).
func staticAWSEnv(t *testing.T, sessionToken string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", testAWSKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testAWSSecret)
	t.Setenv("AWS_SESSION_TOKEN", sessionToken)
	t.Setenv("AWS_REGION", testAWSRegion)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func decodeIdentity(t *testing.T, identity map[string]any) awsIdentityToken {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(identity["identity_token"].(string))
	if err != nil {
		t.Fatalf("identity_token is not base64: %v", err)
	}
	var tok awsIdentityToken
	if err := json.Unmarshal(raw, &tok); err != nil {
		t.Fatalf("identity_token is not JSON: %v", err)
	}
	return tok
}

func TestAWSIdentityRequestShape(t *testing.T) {
	staticAWSEnv(t, testAWSSessionToken)
	before := time.Now().UTC().Add(-time.Second)
	identity, err := awsIdentityRequest(context.Background(), awsIAMSettings{PresignTTL: 90 * time.Second}, "lakefs.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(identity) != 1 {
		t.Fatalf("identityRequest has extra keys: %v", identity)
	}
	tok := decodeIdentity(t, identity)
	signed, err := time.Parse("20060102T150405Z", tok.Date)
	if err != nil || signed.Before(before.Truncate(time.Second)) || signed.After(time.Now().Add(time.Second)) {
		t.Errorf("date %q is not now", tok.Date)
	}
	if tok.Method != "POST" || tok.Action != "GetCallerIdentity" || tok.Version != "2011-06-15" ||
		tok.Algorithm != "AWS4-HMAC-SHA256" || tok.ExpirationDuration != "90" || tok.AccessKeyID != testAWSKeyID ||
		tok.Region != testAWSRegion || tok.SecurityToken != testAWSSessionToken || len(tok.Signature) != 64 ||
		tok.Host != "sts."+testAWSRegion+".amazonaws.com" {
		t.Errorf("unexpected identity token %+v", tok)
	}
	if !slices.Contains(tok.SignedHeaders, "host") || !slices.Contains(tok.SignedHeaders, "x-lakefs-server-id") {
		t.Errorf("signed headers %v lack host or x-lakefs-server-id", tok.SignedHeaders)
	}

	// The region setting wins over the environment; another server id gives another signature.
	other, err := awsIdentityRequest(context.Background(), awsIAMSettings{Region: "us-west-2", PresignTTL: time.Minute}, "other.example.com")
	if err != nil {
		t.Fatal(err)
	}
	otherTok := decodeIdentity(t, other)
	if otherTok.Region != "us-west-2" || otherTok.ExpirationDuration != "60" || otherTok.Signature == tok.Signature {
		t.Errorf("region/expiry/signature not applied: %+v", otherTok)
	}
}

func TestLakeFSServerID(t *testing.T) {
	for in, want := range map[string]string{
		"http://localhost:8000/api/v1": "localhost", "https://lakefs.example.com/api/v1": "lakefs.example.com",
		"http://[::1]:8000/api/v1": "::1",
	} {
		if got := lakeFSServerID(in); got != want {
			t.Errorf("lakeFSServerID(%q) = %q, want %q", in, got, want)
		}
	}
}

// fakeClock is a settable time source.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestLoginTokenSourceRenewsOnceUnderConcurrency(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_800_000_000, 0)}
	var logins atomic.Int32
	src := &loginTokenSource{ttl: time.Hour, now: clock.Now, login: func(ctx context.Context) (*client.AuthenticationToken, error) {
		n := logins.Add(1)
		time.Sleep(20 * time.Millisecond) // let the other goroutines pile up on the lock
		return &client.AuthenticationToken{Token: "tok-" + strconv.Itoa(int(n)), TokenExpiration: clock.Now().Add(time.Hour).Unix()}, nil
	}}
	parallel := func(want string) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok, err := src.Token(context.Background())
				if err == nil && tok != want {
					err = errors.New("got " + tok + ", want " + want)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}

	parallel("tok-1")
	if n := logins.Load(); n != 1 {
		t.Fatalf("50 parallel requests made %d logins, want 1", n)
	}
	clock.Add(50 * time.Minute) // 10 minutes left: more than the 5-minute margin, the token is reused
	parallel("tok-1")
	clock.Add(6 * time.Minute) // 4 minutes left: renewed, once
	parallel("tok-2")
	if n := logins.Load(); n != 2 {
		t.Fatalf("renewal made %d logins in total, want 2", n)
	}

	// A short-lived token is renewed a quarter of its lifetime early.
	src.token, logins = "", atomic.Int32{}
	src.login = func(context.Context) (*client.AuthenticationToken, error) {
		logins.Add(1)
		return &client.AuthenticationToken{Token: "short", TokenExpiration: clock.Now().Add(8 * time.Second).Unix()}, nil
	}
	_, _ = src.Token(context.Background())
	clock.Add(5 * time.Second)
	_, _ = src.Token(context.Background())
	clock.Add(time.Second + time.Millisecond)
	_, _ = src.Token(context.Background())
	if n := logins.Load(); n != 2 {
		t.Fatalf("an 8s token was logged in %d times over 6s, want 2 (renewed 2s early)", n)
	}
}

func TestAWSIAMLoginAgainstServer(t *testing.T) {
	staticAWSEnv(t, "")
	ctx := context.Background()
	settings := awsIAMSettings{TokenTTL: 2 * time.Second, PresignTTL: time.Minute}
	newSource := func(srv *testserver.Server) (*loginTokenSource, *client.Client) {
		loginClient, err := client.New(client.Config{Endpoint: srv.Endpoint(), MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		src := newAWSIAMTokenSource(loginClient, settings)
		c, err := client.New(client.Config{Endpoint: srv.Endpoint(), TokenSource: src, MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		return src, c
	}

	t.Run("accepted and renewed", func(t *testing.T) {
		srv := testserver.Start(testserver.Options{Edition: testserver.EditionEnterprise})
		defer srv.Close()
		srv.RegisterAWSIdentity(testAWSKeyID, testPrincipalARN, testPrincipalUserID)
		_, c := newSource(srv)
		me, err := c.GetCurrentUser(ctx)
		if err != nil || me.ID != testPrincipalUserID {
			t.Fatalf("current user %+v, %v; want %s", me, err, testPrincipalUserID)
		}
		deadline := time.Now().Add(3 * time.Second)
		calls := 0
		for time.Now().Before(deadline) {
			if _, err := c.GetConfig(ctx); err != nil {
				t.Fatalf("after %d calls: %v", calls, err)
			}
			calls++
			time.Sleep(10 * time.Millisecond)
		}
		logins := srv.RequestCount("externalPrincipalLogin")
		if logins < 2 || logins > 4 {
			t.Fatalf("%d calls over 3s with 2s tokens made %d logins, want 2 to 4", calls, logins)
		}
	})

	for _, c := range []struct {
		name     string
		opts     testserver.Options
		register bool
		want     string
	}{
		{"OSS answers 501", testserver.Options{}, false, "does not support external principal (AWS IAM) login (HTTP 501: Not Implemented): it is available in lakeFS Enterprise and lakeFS Cloud only"},
		{"unknown identity", testserver.Options{Edition: testserver.EditionEnterprise}, false, "lakeFS refused the AWS IAM identity (HTTP 401): invalid token format"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := testserver.Start(c.opts)
			defer srv.Close()
			src, _ := newSource(srv)
			for range 3 {
				_, err := src.Token(ctx)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("error %v, want %q", err, c.want)
				}
			}
			if n := srv.RequestCount("externalPrincipalLogin"); n != 1 {
				t.Fatalf("a refused identity was sent %d times, want once", n)
			}
		})
	}
}

func TestLoginSummaries(t *testing.T) {
	cases := map[int]string{501: "lakeFS does not support AWS IAM login", 401: "AWS IAM login refused by lakeFS",
		403: "AWS IAM login refused by lakeFS", 404: "AWS IAM login refused by lakeFS", 500: "AWS IAM login failed"}
	for status, want := range cases {
		err := awsIAMLoginError(&client.APIError{Operation: "externalPrincipalLogin", StatusCode: status, Message: "msg-" + strconv.Itoa(status)})
		if got := loginSummary(err, "AWS IAM login"); got != want {
			t.Errorf("%d: summary %q, want %q", status, got, want)
		}
		if !strings.Contains(err.Error(), "msg-"+strconv.Itoa(status)) {
			t.Errorf("%d: detail %q lacks lakeFS's message", status, err.Error())
		}
	}
}

func TestAWSIAMSecretsNeverLogged(t *testing.T) {
	staticAWSEnv(t, testAWSSessionToken)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PROVIDER_LAKEFS_CLIENT", "TRACE")
	ctx, logs := logcapture.Root()

	srv := testserver.Start(testserver.Options{Edition: testserver.EditionEnterprise})
	defer srv.Close()
	srv.RegisterAWSIdentity(testAWSKeyID, testPrincipalARN, testPrincipalUserID)
	// A recording proxy in front of the server captures what the provider really sends and gets back.
	var mu sync.Mutex
	var secrets []string
	target, _ := url.Parse(srv.Endpoint())
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if !strings.HasSuffix(resp.Request.URL.Path, "/login") {
			return nil
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var tok client.AuthenticationToken
		_ = json.Unmarshal(body, &tok)
		if tok.Token != "" {
			mu.Lock()
			secrets = append(secrets, tok.Token)
			mu.Unlock()
		}
		return nil
	}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/login") {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var info client.ExternalLoginInformation
			_ = json.Unmarshal(body, &info)
			mu.Lock()
			secrets = append(secrets, info.IdentityRequest["identity_token"].(string), decodeIdentity(t, info.IdentityRequest).Signature)
			mu.Unlock()
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()

	var errs []string
	for _, register := range []bool{true, false} {
		if !register {
			srv.RegisterAWSIdentity(testAWSKeyID, testPrincipalARN+"-gone", "") // now refused with 404
		}
		loginClient, err := client.New(client.Config{Endpoint: front.URL, MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := client.New(client.Config{Endpoint: front.URL, MaxRetries: 0,
			TokenSource: newAWSIAMTokenSource(loginClient, awsIAMSettings{TokenTTL: time.Hour, PresignTTL: time.Minute})})
		if _, err := c.GetConfig(ctx); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "no lakeFS user is attached") {
		t.Fatalf("want one refusal, got %q", errs)
	}
	if len(secrets) != 5 || logs.String() == "" {
		t.Fatalf("want 2 identities, 2 signatures and 1 token captured, and some logs; got %d secrets", len(secrets))
	}
	secrets = append(secrets, testAWSSecret, testAWSSessionToken)
	for _, s := range secrets {
		if s == "" {
			t.Fatal("captured an empty secret")
		}
		if strings.Contains(logs.String(), s) {
			t.Errorf("logs contain a secret (%.12s…)", s)
		}
		if strings.Contains(strings.Join(errs, "\n"), s) {
			t.Errorf("errors contain a secret (%.12s…)", s)
		}
	}
	if !strings.Contains(logs.String(), "externalPrincipalLogin") || !strings.Contains(logs.String(), "logged in to lakeFS with AWS IAM") {
		t.Errorf("the login is not logged at all: %s", logs.String())
	}
}
