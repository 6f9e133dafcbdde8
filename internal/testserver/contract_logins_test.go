package testserver_test

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// enterpriseTarget is a fresh enterprise double; the logins need a remote authenticator a real OSS server lacks.
func enterpriseTarget(t *testing.T) *apiTarget {
	t.Helper()
	if os.Getenv("LAKEFS_ENDPOINT") != "" {
		t.Skip("the enterprise logins need the in-process double (it plays AWS STS and the OIDC provider)")
	}
	return newTarget(t, testserver.Options{Edition: testserver.EditionEnterprise})
}

// identityToken builds identity_token as lakectl does (contract §4.3.1); edit changes fields before encoding.
func identityToken(t *testing.T, keyID string, signedAt time.Time, edit func(map[string]any)) string {
	t.Helper()
	m := map[string]any{
		"method": "POST", "host": "sts.amazonaws.com", "region": "us-east-1", "action": "GetCallerIdentity",
		"date": signedAt.UTC().Format("20060102T150405Z"), "expiration_duration": "60", "access_key_id": keyID,
		"signature": "0123456789abcdef", "signed_headers": []string{"host", "x-lakefs-server-id"},
		"version": "2011-06-15", "algorithm": "AWS4-HMAC-SHA256", "security_token": "",
	}
	if edit != nil {
		edit(m)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(raw)
}

func externalLogin(token string, ttl int) map[string]any {
	body := map[string]any{"identityRequest": map[string]any{"identity_token": token}}
	if ttl != 0 {
		body["token_expiration_duration"] = ttl
	}
	return body
}

func TestContractExternalPrincipalLoginEnterprise(t *testing.T) {
	tg := enterpriseTarget(t)
	tg.srv.RegisterAWSIdentity("AKIAEXAMPLE1", "arn:aws:iam::123456789012:role/ci", "ci-user")
	tg.srv.RegisterAWSIdentity("AKIANOUSER", "arn:aws:iam::123456789012:role/orphan", "")
	const path = "/auth/external/principal/login"
	now := time.Now()

	r := tg.do("POST", path, externalLogin(identityToken(t, "AKIAEXAMPLE1", now, nil), 120), noAuth())
	expect(t, r, 200, "")
	body := r.obj(t)
	tok, _ := body["token"].(string)
	exp, _ := body["token_expiration"].(float64)
	if tok == "" || int64(exp) < now.Unix()+100 || int64(exp) > now.Unix()+130 {
		t.Fatalf("token answer %s, want a token that expires in about 120s", r.body)
	}
	if issued := tg.srv.LoginTokens(); len(issued) != 1 || issued[0] != tok {
		t.Fatalf("LoginTokens() = %d tokens, want the one issued", len(issued))
	}
	me := tg.do("GET", "/user", nil, hdr("Authorization", "Bearer "+tok)).obj(t)["user"].(map[string]any)
	if me["id"] != "ci-user" {
		t.Fatalf("the token authenticates %v, want ci-user", me["id"])
	}

	// Without token_expiration_duration the login duration applies (7 days by default).
	r = tg.do("POST", path, externalLogin(identityToken(t, "AKIAEXAMPLE1", now, nil), 0), noAuth())
	expect(t, r, 200, "")
	if exp := int64(r.obj(t)["token_expiration"].(float64)); exp < now.Add(6*24*time.Hour).Unix() {
		t.Fatalf("default token expiration %d is not about 7 days away", exp)
	}

	for _, c := range []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"unknown access key", externalLogin(identityToken(t, "AKIAUNKNOWN", now, nil), 0), 401, "invalid token format"},
		{"not base64", externalLogin("%%%", 0), 401, "invalid token format"},
		{"not JSON", externalLogin(base64.StdEncoding.EncodeToString([]byte("nope")), 0), 401, "invalid token format"},
		{"server id not signed", externalLogin(identityToken(t, "AKIAEXAMPLE1", now, func(m map[string]any) {
			m["signed_headers"] = []string{"host"}
		}), 0), 401, "invalid token format"},
		{"GET instead of POST", externalLogin(identityToken(t, "AKIAEXAMPLE1", now, func(m map[string]any) { m["method"] = "GET" }), 0), 401, "invalid token format"},
		{"expired presign", externalLogin(identityToken(t, "AKIAEXAMPLE1", now.Add(-2*time.Minute), nil), 0), 403, "session expired"},
		{"signed in the future", externalLogin(identityToken(t, "AKIAEXAMPLE1", now.Add(time.Hour), nil), 0), 403, "session expired"},
		{"principal without user", externalLogin(identityToken(t, "AKIANOUSER", now, nil), 0), 404, "not found"},
		{"no body", nil, 401, "invalid token format"},
		{"identityRequest missing", map[string]any{"token_expiration_duration": 60}, 400, ""},
	} {
		t.Run(c.name, func(t *testing.T) { expect(t, tg.do("POST", path, c.body, noAuth()), c.status, c.msg) })
	}
}

func TestContractSTSLoginEnterprise(t *testing.T) {
	tg := enterpriseTarget(t)
	tg.srv.RegisterOIDCCode("code-1", "state-1", "https://app.example.com/cb", "oidc-user")
	valid := map[string]any{"code": "code-1", "state": "state-1", "redirect_uri": "https://app.example.com/cb"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range valid {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	now := time.Now().Unix()

	r := tg.do("POST", "/sts/login", valid, noAuth())
	expect(t, r, 200, "")
	if exp := int64(r.obj(t)["token_expiration"].(float64)); exp < now+3590 || exp > now+3610 {
		t.Fatalf("default TTL: expiration %d, want about an hour", exp)
	}
	tok := r.obj(t)["token"].(string)
	me := tg.do("GET", "/user", nil, hdr("Authorization", "Bearer "+tok)).obj(t)["user"].(map[string]any)
	if me["id"] != "oidc-user" {
		t.Fatalf("the token authenticates %v, want oidc-user", me["id"])
	}

	r = tg.do("POST", "/sts/login", with("ttl_seconds", 100000), noAuth())
	expect(t, r, 200, "")
	if exp := int64(r.obj(t)["token_expiration"].(float64)); exp > now+43210 {
		t.Fatalf("TTL not capped at 12h: %d", exp-now)
	}

	for _, c := range []struct {
		name   string
		body   any
		status int
	}{
		{"unknown code", with("code", "nope"), 401},
		{"wrong state", with("state", "other"), 401},
		{"wrong redirect", with("redirect_uri", "https://evil.example.com/cb"), 401},
		{"missing state", map[string]any{"code": "code-1", "redirect_uri": "x"}, 400},
		{"no body", nil, 400},
		{"ttl not an integer", with("ttl_seconds", "long"), 400},
	} {
		t.Run(c.name, func(t *testing.T) { expect(t, tg.do("POST", "/sts/login", c.body, noAuth()), c.status, "") })
	}
}
