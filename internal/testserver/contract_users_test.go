package testserver_test

import (
	"testing"
)

func TestContractUsersOSS(t *testing.T) {
	tg := target(t)
	me := tg.do("GET", "/user", nil).obj(t)["user"].(map[string]any)["id"].(string)
	cases := []struct {
		name, method, path string
		body               any
		status             int
		msg                string
	}{
		{"create taken slot", "POST", "/auth/users", map[string]any{"id": randName("u-")}, 409, "Already exists"},
		{"create percent", "POST", "/auth/users", map[string]any{"id": "a%b"}, 400, "User name cannot contain '%'"},
		{"invite bad email", "POST", "/auth/users", map[string]any{"id": "nope", "invite_user": true}, 400, "Invalid email format"},
		{"invite", "POST", "/auth/users", map[string]any{"id": "a@example.com", "invite_user": true}, 501, "Not Implemented"},
		{"get unknown", "GET", "/auth/users/" + randName("u-"), nil, 404, "user not found"},
		{"delete unknown", "DELETE", "/auth/users/" + randName("u-"), nil, 404, "user not found"},
		{"get me", "GET", "/auth/users/" + me, nil, 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expect(t, tg.do(c.method, c.path, c.body), c.status, c.msg) })
	}
	r := tg.do("GET", "/auth/users?amount=5", nil)
	expect(t, r, 200, "")
	m := r.obj(t)
	p := m["pagination"].(map[string]any)
	if len(m["results"].([]any)) != 1 || p["max_per_page"] != float64(0) || p["has_more"] != false {
		t.Fatalf("listUsers %s", r.body)
	}
}

func TestContractOSSNotImplemented(t *testing.T) {
	tg := target(t)
	for _, c := range []struct {
		name, method, path string
		body               any
	}{
		{"create principal", "POST", "/auth/users/x/external/principals?principalId=arn:aws:iam::1:role/r", nil},
		{"delete principal", "DELETE", "/auth/users/x/external/principals?principalId=p", nil},
		{"list principals", "GET", "/auth/users/x/external/principals/ls", nil},
		{"get principal", "GET", "/auth/external/principals?principalId=p", nil},
		{"external login", "POST", "/auth/external/principal/login", map[string]any{"identityRequest": map[string]any{"identity_token": "x"}}},
		{"external login without body", "POST", "/auth/external/principal/login", nil},
		{"sts", "POST", "/sts/login", map[string]any{"code": "c", "state": "s", "redirect_uri": "r"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			expect(t, tg.do(c.method, c.path, c.body), 501, "Not Implemented")
			expect(t, tg.do(c.method, c.path, c.body, noAuth()), 501, "Not Implemented")
		})
	}
	t.Run("principal settings must be an object", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/users/x/external/principals?principalId=p", map[string]any{"settings": []any{map[string]any{"k": "v"}}}), 400, "")
	})
}

func TestContractPresignedMultipartUnsupported(t *testing.T) {
	tg := target(t)
	if tg.presignedMultipart() {
		t.Skip("server supports presigned multipart")
	}
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo + "/branches/main/staging/pmpu"
	const msg = "presign multipart upload API is not supported"
	expect(t, tg.do("POST", base+"?path=a&parts=2", nil), 501, msg)
	expect(t, tg.do("PUT", base+"/up1?path=a", map[string]any{"physical_address": "x", "parts": []any{}}), 501, msg)
	expect(t, tg.do("PUT", base+"/up1?path=a", map[string]any{"physical_address": "x", "parts": "no"}), 400, "")
	expect(t, tg.do("DELETE", base+"/up1?path=a", nil), 501, msg)
	expect(t, tg.do("POST", "/repositories/"+randName("nope-")+"/branches/main/staging/pmpu?path=a", nil), 404, "repository not found")
}
