package testserver_test

import (
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

func TestTokenExpiry(t *testing.T) {
	tg := localTarget(t, testserver.Options{TokenTTL: 100 * time.Millisecond})
	r := tg.do("POST", "/auth/login", map[string]any{"access_key_id": tg.key, "secret_access_key": tg.secret}, noAuth())
	expect(t, r, 200, "")
	tok := r.obj(t)["token"].(string)
	expect(t, tg.do("GET", "/config", nil, noAuth(), hdr("Authorization", "Bearer "+tok)), 200, "")
	time.Sleep(150 * time.Millisecond)
	expect(t, tg.do("GET", "/config", nil, noAuth(), hdr("Authorization", "Bearer "+tok)), 401, "error authenticating request")
}

func TestCustomCredentialsAndVersion(t *testing.T) {
	tg := localTarget(t, testserver.Options{AccessKeyID: "AKIAOTHER", SecretAccessKey: "s3cr3t", User: "admin", Version: "1.70.0"})
	if tg.srv.AccessKeyID() != "AKIAOTHER" || tg.srv.SecretAccessKey() != "s3cr3t" {
		t.Fatal("credentials not applied")
	}
	u := tg.do("GET", "/user", nil).obj(t)["user"].(map[string]any)
	if u["id"] != "admin" {
		t.Fatalf("user %v", u)
	}
	if v := tg.do("GET", "/config/version", nil).obj(t)["version"]; v != "1.70.0" {
		t.Fatalf("version %v", v)
	}
	expect(t, tg.do("GET", "/config", nil, basic(testserver.DefaultAccessKeyID, testserver.DefaultSecretAccessKey)), 401, "error authenticating request")
}

func TestEnterpriseHoldsSeveralUsers(t *testing.T) {
	tg := localTarget(t, testserver.Options{Edition: testserver.EditionEnterprise})
	expect(t, tg.do("POST", "/auth/users", map[string]any{"id": "alice"}), 201, "")
	expect(t, tg.do("POST", "/auth/users", map[string]any{"id": "alice"}), 409, "Already exists")
	expect(t, tg.do("GET", "/auth/users/alice", nil), 200, "")
	if n := len(tg.do("GET", "/auth/users", nil).obj(t)["results"].([]any)); n != 2 {
		t.Fatalf("users %d", n)
	}
	expect(t, tg.do("DELETE", "/auth/users/alice", nil), 204, "")
}

func TestOSSDeleteAdminThenCreate(t *testing.T) {
	tg := localTarget(t, testserver.Options{})
	expect(t, tg.do("DELETE", "/auth/users/"+testserver.DefaultUser, nil), 204, "")
	// The admin's keys are gone (the real server keeps them for the auth cache TTL, §6.3).
	expect(t, tg.do("GET", "/config", nil), 401, "error authenticating request")
}
