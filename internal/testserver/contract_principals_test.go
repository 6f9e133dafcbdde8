package testserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// principalsTarget is a target of the enterprise edition with two new users (deleted at cleanup). Against an
// external lakeFS that answers 501 (OSS), the test skips.
func principalsTarget(t *testing.T) (tg *apiTarget, alice, bob string) {
	t.Helper()
	tg = newTarget(t, testserver.Options{Edition: testserver.EditionEnterprise})
	if r := tg.do("GET", "/auth/external/principals?principalId=probe", nil); r.status == 501 {
		t.Skip("the target does not support external principals")
	}
	alice, bob = randName("alice-"), randName("bob-")
	for _, u := range []string{alice, bob} {
		expect(t, tg.do("POST", "/auth/users", map[string]any{"id": u}), 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/auth/users/"+u, nil) })
	}
	return tg, alice, bob
}

// External principals on a server that supports them (contract §6.5). Against an external lakeFS that
// answers 501 (OSS), the test skips: TestOSSNotImplemented covers that edition.
func TestContractExternalPrincipalsEnterprise(t *testing.T) {
	tg, alice, bob := principalsTarget(t)
	expect(t, tg.do("POST", "/auth/users", map[string]any{"id": alice}), 409, "Already exists")

	// Principal ids are ARNs: ':', '/' and IAM's "+=,.@" must survive the query string.
	arn := "arn:aws:iam::123456789012:role/path/to/" + randName("r+=,.@-")
	create := func(user, id string, body any) response {
		return tg.do("POST", "/auth/users/"+user+"/external/principals?principalId="+q(id), body)
	}

	t.Run("attach: 201 without a body", func(t *testing.T) {
		r := create(alice, arn, map[string]any{"settings": map[string]any{"k": "v"}})
		expect(t, r, 201, "")
		if len(r.body) != 0 || r.header.Get("Content-Type") != "" {
			t.Fatalf("201 with body %q, Content-Type %q", r.body, r.header.Get("Content-Type"))
		}
	})
	t.Run("settings must be an object", func(t *testing.T) {
		r := create(alice, arn+"-x", map[string]any{"settings": []any{map[string]any{"k": "v"}}})
		expect(t, r, 400, "")
		if !strings.Contains(r.msg(), "value must be an object") {
			t.Fatalf("message %q", r.msg())
		}
	})
	t.Run("duplicate: 409 whatever the user", func(t *testing.T) {
		expect(t, create(alice, arn, nil), 409, "Already exists")
		expect(t, create(bob, arn, nil), 409, "Already exists")
	})
	t.Run("unknown user", func(t *testing.T) {
		expect(t, create(randName("nobody-"), arn+"-y", nil), 404, "")
	})
	t.Run("get by principal id", func(t *testing.T) {
		r := tg.do("GET", "/auth/external/principals?principalId="+q(arn), nil)
		expect(t, r, 200, "")
		m := r.obj(t)
		if m["id"] != arn || m["user_id"] != alice {
			t.Fatalf("principal %s", r.body)
		}
		expect(t, tg.do("GET", "/auth/external/principals?principalId="+q(arn+"-none"), nil), 404, "")
	})
	t.Run("detach from the wrong user is 404", func(t *testing.T) {
		expect(t, tg.do("DELETE", "/auth/users/"+bob+"/external/principals?principalId="+q(arn), nil), 404, "")
	})
	t.Run("detach", func(t *testing.T) {
		path := "/auth/users/" + alice + "/external/principals?principalId=" + q(arn)
		r := tg.do("DELETE", path, nil)
		expect(t, r, 204, "")
		if len(r.body) != 0 {
			t.Fatalf("204 with body %q", r.body)
		}
		expect(t, tg.do("DELETE", path, nil), 404, "")
		expect(t, tg.do("GET", "/auth/external/principals?principalId="+q(arn), nil), 404, "")
	})
	t.Run("principalId is required", func(t *testing.T) {
		expect(t, tg.do("POST", "/auth/users/"+alice+"/external/principals", nil), 400, "")
		expect(t, tg.do("GET", "/auth/external/principals?principalId=", nil), 400, "")
	})
}

func TestContractExternalPrincipalsListEnterprise(t *testing.T) {
	tg, alice, bob := principalsTarget(t)
	base := "arn:aws:iam::1:role/" + randName("r") + "/"
	var want []string
	for i := 0; i < 5; i++ {
		id := fmt.Sprintf("%sp%d", base, i)
		want = append(want, id)
		expect(t, tg.do("POST", "/auth/users/"+alice+"/external/principals?principalId="+q(id), nil), 201, "")
	}
	other := base + "other"
	expect(t, tg.do("POST", "/auth/users/"+alice+"/external/principals?principalId="+q(other), nil), 201, "")
	expect(t, tg.do("POST", "/auth/users/"+bob+"/external/principals?principalId="+q(base+"p9"), nil), 201, "")

	list := func(query string) (ids []string, p map[string]any) {
		t.Helper()
		r := tg.do("GET", "/auth/users/"+alice+"/external/principals/ls?"+query, nil)
		expect(t, r, 200, "")
		m := r.obj(t)
		for _, it := range m["results"].([]any) {
			e := it.(map[string]any)
			if e["user_id"] != alice {
				t.Fatalf("foreign principal %v", e)
			}
			ids = append(ids, e["id"].(string))
		}
		return ids, m["pagination"].(map[string]any)
	}

	var got []string
	after := ""
	for pages := 0; ; pages++ {
		ids, p := list("prefix=" + q(base+"p") + "&amount=2&after=" + q(after))
		got = append(got, ids...)
		if p["max_per_page"] != float64(0) || p["results"] != float64(len(ids)) {
			t.Fatalf("pagination %v", p)
		}
		if p["has_more"] != true {
			if p["next_offset"] != "" || pages != 2 {
				t.Fatalf("last page %v after %d pages", p, pages)
			}
			break
		}
		if p["next_offset"] != ids[len(ids)-1] {
			t.Fatalf("next_offset %v, last id %s", p["next_offset"], ids[len(ids)-1])
		}
		after = p["next_offset"].(string)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("listed %v, want %v", got, want)
	}
	if ids, _ := list(""); len(ids) != 6 {
		t.Fatalf("unfiltered %v", ids)
	}
	expect(t, tg.do("GET", "/auth/users/"+alice+"/external/principals/ls?amount=1001", nil), 400, "")
	expect(t, tg.do("GET", "/auth/users/"+randName("nobody-")+"/external/principals/ls", nil), 404, "")

	if tg.local() {
		// A deleted user takes its principals with it (inferred: the auth server keys them by user).
		expect(t, tg.do("DELETE", "/auth/users/"+bob, nil), 204, "")
		expect(t, tg.do("GET", "/auth/external/principals?principalId="+q(base+"p9"), nil), 404, "")
	}
}
