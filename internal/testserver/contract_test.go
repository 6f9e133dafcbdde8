package testserver_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// These tests speak raw HTTP. With LAKEFS_ENDPOINT set they run against that (real) server,
// otherwise against a fresh in-memory double.

type apiTarget struct {
	t        *testing.T
	base     string // .../api/v1
	key      string
	secret   string
	nsPrefix string
	srv      *testserver.Server // nil when targeting a real server
	client   *http.Client
}

func newTarget(t *testing.T, opts testserver.Options) *apiTarget {
	t.Helper()
	tg := &apiTarget{t: t, client: &http.Client{}}
	if ep := os.Getenv("LAKEFS_ENDPOINT"); ep != "" {
		tg.base = strings.TrimSuffix(strings.TrimSuffix(ep, "/"), "/api/v1") + "/api/v1"
		tg.key, tg.secret = os.Getenv("LAKEFS_ACCESS_KEY_ID"), os.Getenv("LAKEFS_SECRET_ACCESS_KEY")
		tg.nsPrefix = os.Getenv("LAKEFS_TEST_STORAGE_NAMESPACE")
	} else {
		tg.srv = testserver.Start(opts)
		t.Cleanup(tg.srv.Close)
		tg.base = tg.srv.Endpoint() + "/api/v1"
		tg.key, tg.secret = tg.srv.AccessKeyID(), tg.srv.SecretAccessKey()
	}
	if tg.nsPrefix == "" {
		tg.nsPrefix = "local://"
	}
	return tg
}

// target returns the endpoint and credentials the tests use.
func target(t *testing.T) *apiTarget { return newTarget(t, testserver.Options{}) }

func (tg *apiTarget) local() bool { return tg.srv != nil }

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("not a JSON object (%d): %q", r.status, r.body)
	}
	return m
}

func (r response) msg() string {
	var e struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(r.body, &e)
	return e.Message
}

type reqOpt func(*http.Request)

func noAuth() reqOpt { return func(r *http.Request) { r.Header.Del("Authorization") } }
func hdr(k, v string) reqOpt {
	return func(r *http.Request) { r.Header.Set(k, v) }
}
func basic(k, s string) reqOpt { return func(r *http.Request) { r.SetBasicAuth(k, s) } }

// do sends a request; body may be nil, a string/[]byte (raw) or anything else (JSON).
func (tg *apiTarget) do(method, path string, body any, opts ...reqOpt) response {
	tg.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
		ct = "application/octet-stream"
	case []byte:
		rd = bytes.NewReader(b)
		ct = "application/octet-stream"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			tg.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
		ct = "application/json"
	}
	req, err := http.NewRequest(method, tg.base+path, rd)
	if err != nil {
		tg.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	req.SetBasicAuth(tg.key, tg.secret)
	for _, o := range opts {
		o(req)
	}
	res, err := tg.client.Do(req)
	if err != nil {
		tg.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: data}
}

func randName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func q(s string) string { return url.QueryEscape(s) }

// expect checks a status and, when msg != "", the exact Error message.
func expect(t *testing.T, r response, status int, msg string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if msg != "" && r.msg() != msg {
		t.Fatalf("message %q, want %q", r.msg(), msg)
	}
}

// targetWithRepo is target(t) with a new repository (deleted at cleanup) and its API path.
func targetWithRepo(t *testing.T) (tg *apiTarget, repo, base string) {
	t.Helper()
	tg = target(t)
	repo = tg.newRepo(nil)
	return tg, repo, "/repositories/" + repo
}

// inParallel runs f(0) to f(n-1) in goroutines of their own and waits for all of them.
func inParallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}

// newRepo creates a repository with a fresh namespace, deleted at cleanup.
func (tg *apiTarget) newRepo(extra map[string]any) string {
	tg.t.Helper()
	name := randName("tst-")
	body := map[string]any{"name": name, "storage_namespace": tg.nsPrefix + name}
	for k, v := range extra {
		body[k] = v
	}
	r := tg.do("POST", "/repositories", body)
	expect(tg.t, r, 201, "")
	tg.t.Cleanup(func() { tg.do("DELETE", "/repositories/"+name+"?force=true", nil) })
	return name
}

func (tg *apiTarget) upload(repo, branch, path, content string, opts ...reqOpt) response {
	tg.t.Helper()
	return tg.do("POST", "/repositories/"+repo+"/branches/"+branch+"/objects?path="+q(path), content, opts...)
}

func (tg *apiTarget) commitOK(repo, branch, msg string) map[string]any {
	tg.t.Helper()
	r := tg.do("POST", "/repositories/"+repo+"/branches/"+branch+"/commits", map[string]any{"message": msg})
	expect(tg.t, r, 201, "")
	return r.obj(tg.t)
}

// branchFromMain creates branch name from main.
func (tg *apiTarget) branchFromMain(repo, name string) {
	tg.t.Helper()
	r := tg.do("POST", "/repositories/"+repo+"/branches", map[string]any{"name": name, "source": "main"})
	expect(tg.t, r, 201, "")
}

func TestContractPipelineRoutingAndHeaders(t *testing.T) {
	tg := target(t)
	cases := []struct {
		name, method, path string
		status             int
		msg                string
	}{
		{"unknown path", "GET", "/nope", 404, "invalid API endpoint"},
		{"wrong method", "PATCH", "/repositories", 404, "invalid API endpoint"},
		{"wrong method on branch", "POST", "/repositories/abc/branches/main", 404, "invalid API endpoint"},
		{"health", "GET", "/healthcheck", 204, ""},
		{"config without auth", "GET", "/config", 0, "error authenticating request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r response
			if c.status == 0 {
				r = tg.do(c.method, c.path, nil, noAuth())
				expect(t, r, 401, c.msg)
			} else {
				r = tg.do(c.method, c.path, nil)
				expect(t, r, c.status, c.msg)
			}
			// Real lakeFS routes before its request-id middleware: an unknown route has no X-Request-Id.
			if hasID := r.header.Get("X-Request-Id") != ""; hasID != (c.msg != "invalid API endpoint") {
				t.Errorf("X-Request-Id %q on a %d %q answer", r.header.Get("X-Request-Id"), r.status, c.msg)
			}
			if r.status == 204 {
				if ct := r.header.Get("Content-Type"); ct != "" {
					t.Errorf("204 with Content-Type %q", ct)
				}
			} else {
				if ct := r.header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
				if r.header.Get("X-Content-Type-Options") != "nosniff" {
					t.Error("missing nosniff")
				}
				if !bytes.HasSuffix(r.body, []byte("}\n")) {
					t.Errorf("body not JSON+newline: %q", r.body)
				}
			}
		})
	}
}

// TestRequestIDNotEchoed: lakeFS makes its own request id whatever the client sends.
func TestContractRequestIDNotEchoed(t *testing.T) {
	tg := target(t)
	r := tg.do("GET", "/healthcheck", nil, hdr("X-Request-Id", "my-id-123"))
	if got := r.header.Get("X-Request-Id"); got == "" || got == "my-id-123" {
		t.Fatalf("X-Request-Id %q, want lakeFS's own id", got)
	}
}

func TestContractValidationBeforeAuth(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	cases := []struct {
		name, method, path string
		body               any
		msgPrefix          string
	}{
		{"missing path", "GET", "/repositories/" + repo + "/refs/main/objects/stat", nil, `parameter "path" in query has an error`},
		{"empty path", "GET", "/repositories/" + repo + "/refs/main/objects/stat?path=", nil, `parameter "path" in query has an error`},
		{"amount too big", "GET", "/repositories?amount=1001", nil, `parameter "amount" in query has an error`},
		{"amount too small", "GET", "/repositories?amount=-2", nil, `parameter "amount" in query has an error`},
		{"bad bool", "DELETE", "/repositories/" + repo + "?force=maybe", nil, `parameter "force" in query has an error`},
		{"empty ref", "PUT", "/repositories/" + repo + "/branches/main/hard_reset?ref=", nil, `parameter "ref" in query has an error`},
		{"bad repo name", "POST", "/repositories", map[string]any{"name": "A", "storage_namespace": "local://x"}, "request body has an error"},
		{"bad namespace scheme", "POST", "/repositories", map[string]any{"name": "abc", "storage_namespace": "ftp://x"}, "request body has an error"},
		{"missing body field", "POST", "/repositories/" + repo + "/branches", map[string]any{"name": "x"}, "request body has an error"},
		{"wrong type", "POST", "/repositories/" + repo + "/branches", map[string]any{"name": 1, "source": "main"}, "request body has an error"},
		{"map of strings", "PUT", "/repositories/" + repo + "/branches/main/objects/stat/user_metadata?path=a", map[string]any{"set": map[string]any{"a": 1}}, "request body has an error"},
		{"pr status enum", "GET", "/repositories/" + repo + "/pulls?status=merged", nil, `parameter "status" in query has an error`},
		{"login empty object", "POST", "/auth/login", map[string]any{}, "request body has an error"},
		{"sts missing field", "POST", "/sts/login", map[string]any{"code": "c"}, "request body has an error"},
		{"principal id required", "GET", "/auth/external/principals", nil, `parameter "principalId" in query has an error`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := tg.do(c.method, c.path, c.body, noAuth())
			expect(t, r, 400, "")
			if !strings.HasPrefix(r.msg(), c.msgPrefix) {
				t.Fatalf("message %q, want prefix %q", r.msg(), c.msgPrefix)
			}
		})
	}
	t.Run("map value must be a string", func(t *testing.T) {
		r := tg.do("PUT", "/repositories/"+repo+"/branches/main/objects/stat/user_metadata?path=a", map[string]any{"set": map[string]any{"a": 1}})
		if !strings.Contains(r.msg(), "value must be a string") {
			t.Fatalf("got %q", r.msg())
		}
	})
	t.Run("content type", func(t *testing.T) {
		r := tg.do("POST", "/repositories/"+repo+"/branches", `{"name":"x","source":"main"}`, hdr("Content-Type", "text/plain"))
		expect(t, r, 400, "")
		if !strings.HasPrefix(r.msg(), `request body has an error: header Content-Type has unexpected value "text/plain"`) {
			t.Fatalf("got %q", r.msg())
		}
	})
}

func TestContractAuthentication(t *testing.T) {
	tg := target(t)
	t.Run("bad basic secret", func(t *testing.T) {
		expect(t, tg.do("GET", "/repositories", nil, basic(tg.key, "wrong")), 401, "error authenticating request")
	})
	t.Run("unknown key", func(t *testing.T) {
		expect(t, tg.do("GET", "/repositories", nil, basic("AKIAUNKNOWN", "x")), 401, "error authenticating request")
	})
	t.Run("bad bearer", func(t *testing.T) {
		expect(t, tg.do("GET", "/repositories", nil, hdr("Authorization", "Bearer nope")), 401, "error authenticating request")
	})
	t.Run("no credentials: handler 401", func(t *testing.T) {
		expect(t, tg.do("GET", "/repositories", nil, noAuth()), 401, "error authenticating request")
	})
	t.Run("path ids are checked by handlers, after auth", func(t *testing.T) {
		// Only OpenAPI validation runs before auth; graveler id checks run in the handler (§1.3, §3).
		expect(t, tg.do("GET", "/repositories/Bad_Name", nil, noAuth()), 401, "error authenticating request")
		expect(t, tg.do("GET", "/repositories/abc/pulls/not-an-xid", nil, noAuth()), 401, "error authenticating request")
	})
	t.Run("public operations ignore credentials", func(t *testing.T) {
		expect(t, tg.do("GET", "/healthcheck", nil, basic(tg.key, "wrong")), 204, "")
	})
	t.Run("current user without credentials", func(t *testing.T) {
		r := tg.do("GET", "/user", nil, noAuth())
		expect(t, r, 200, "")
		if strings.TrimSpace(string(r.body)) != `{"user":{"creation_date":0,"id":""}}` {
			t.Fatalf("body %s", r.body)
		}
	})
	t.Run("current user", func(t *testing.T) {
		r := tg.do("GET", "/user", nil)
		expect(t, r, 200, "")
		u := r.obj(t)["user"].(map[string]any)
		if u["id"] == "" {
			t.Fatalf("empty id: %s", r.body)
		}
	})
	t.Run("login without body", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/login", nil, noAuth()), 401, "error authenticating request")
	})
	t.Run("login wrong secret", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/login", map[string]any{"access_key_id": tg.key, "secret_access_key": "x"}, noAuth()), 401, "error authenticating request")
	})
	t.Run("login and bearer", func(t *testing.T) {
		r := tg.do("POST", "/auth/login", map[string]any{"access_key_id": tg.key, "secret_access_key": tg.secret}, noAuth())
		expect(t, r, 200, "")
		m := r.obj(t)
		tok, _ := m["token"].(string)
		if tok == "" || m["token_expiration"] == nil {
			t.Fatalf("bad token body %s", r.body)
		}
		for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
			expect(t, tg.do("GET", "/repositories", nil, noAuth(), hdr("Authorization", scheme+" "+tok)), 200, "")
		}
	})
}

func TestContractConfig(t *testing.T) {
	tg := target(t)
	r := tg.do("GET", "/config", nil)
	expect(t, r, 200, "")
	m := r.obj(t)
	sc := m["storage_config"].(map[string]any)
	for _, k := range []string{"blockstore_type", "blockstore_namespace_ValidityRegex", "pre_sign_multipart_upload", "pre_sign_support"} {
		if _, ok := sc[k]; !ok {
			t.Errorf("storage_config lacks %s", k)
		}
	}
	if l, ok := m["storage_config_list"].([]any); !ok || len(l) != 0 {
		t.Errorf("storage_config_list %v", m["storage_config_list"])
	}
	r = tg.do("GET", "/config/version", nil)
	expect(t, r, 200, "")
	if r.obj(t)["version_context"] != "lakeFS" {
		t.Errorf("version %s", r.body)
	}
	r = tg.do("GET", "/setup_lakefs", nil, noAuth())
	expect(t, r, 200, "")
	if r.obj(t)["state"] != "initialized" {
		t.Errorf("setup %s", r.body)
	}
	if tg.local() {
		tgm := newTarget(t, testserver.Options{PresignedMultipart: true})
		sc := tgm.do("GET", "/config", nil).obj(t)["storage_config"].(map[string]any)
		if sc["pre_sign_multipart_upload"] != true || sc["blockstore_type"] != "local" {
			t.Errorf("presigned config %v", sc)
		}
	}
}

// serverHas reports a /config capability, so tests can skip on servers without it.
func (tg *apiTarget) presignedMultipart() bool {
	sc, _ := tg.do("GET", "/config", nil).obj(tg.t)["storage_config"].(map[string]any)
	return sc["pre_sign_multipart_upload"] == true
}
