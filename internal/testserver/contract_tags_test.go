package testserver_test

import (
	"net/url"
	"strings"
	"testing"
)

func pathEscape(s string) string { return url.PathEscape(s) }

// Tags: what lakeFS 1.84 does with createTag, getTag, deleteTag and listTags (see tags.go in the double).

func TestContractTagCreate(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	c0 := tg.do("GET", base+"/branches/main", nil).obj(t)["commit_id"].(string)
	tg.upload(repo, "main", "a", "1")
	c1 := tg.commitOK(repo, "main", "one")["id"].(string)
	tg.branchFromMain(repo, "dev")

	create := func(id, ref string) response {
		return tg.do("POST", base+"/tags", map[string]any{"id": id, "ref": ref})
	}
	t.Run("the ref resolves to a commit", func(t *testing.T) {
		for _, c := range []struct{ id, ref, want string }{
			{"on-branch", "main", c1},
			{"on-commit", c1, c1},
			{"on-prefix", c1[:10], c1},
			{"on-tag", "on-branch", c1},
			{"on-parent", "main~1", c0},
			{"on-committed", "main@", c1},
		} {
			r := create(c.id, c.ref)
			expect(t, r, 201, "")
			if m := r.obj(t); m["id"] != c.id || m["commit_id"] != c.want || len(m) != 2 {
				t.Fatalf("tag %s on %s: %s, want commit %s", c.id, c.ref, r.body, c.want)
			}
			g := tg.do("GET", base+"/tags/"+c.id, nil)
			expect(t, g, 200, "")
			if g.obj(t)["commit_id"] != c.want {
				t.Fatalf("get %s: %s", c.id, g.body)
			}
		}
		// A tag does not follow its branch.
		tg.upload(repo, "main", "b", "2")
		tg.commitOK(repo, "main", "two")
		if g := tg.do("GET", base+"/tags/on-branch", nil).obj(t); g["commit_id"] != c1 {
			t.Fatalf("tag moved: %v", g)
		}
	})
	t.Run("conflicts", func(t *testing.T) {
		expect(t, create("on-branch", "main"), 409, "tag already exists: not unique")
		expect(t, create("on-branch", c0), 409, "tag already exists: not unique")
		expect(t, create("dev", "main"), 409, "branch name dev: conflict found")
		expect(t, create(c1, "main"), 409, "commit ID "+c1+": conflict found")
		// A commit id prefix is not a conflict.
		expect(t, create(c1[:12], "main"), 201, "")
	})
	t.Run("unresolvable refs", func(t *testing.T) {
		expect(t, create("x1", "nope"), 404, "not found")
		expect(t, create("x1", "main~100"), 404, "not found")
		expect(t, create("x1", "a b"), 404, "not found")
		expect(t, create("x1", "main$"), 400, "ref: invalid value: validation error: should point to a commit")
		expect(t, create("x1", ""), 400, "ref: invalid value: validation error")
		expect(t, tg.do("GET", base+"/tags/x1", nil), 404, "tag not found")
	})
	t.Run("tag ids", func(t *testing.T) {
		for _, id := range []string{"@", "a.", "a.lock", "a..b", "a/b", "a@{b", "a^", "a:b", "a?b", "a*b", "a[b", `a\b`, "a b", "a\tb"} {
			expect(t, create(id, "main"), 400, "argument tagID: tag id: invalid value: validation error")
		}
		// An empty id is a "required value" error, which lakeFS maps to 500.
		expect(t, create("", "main"), 500, "argument tagID: required value: validation error")
		for _, id := range []string{"a~1", "UPPER_ok-1.2", "ünï", "-lead", ".lead", "a@b", "a$b"} {
			expect(t, create(id, "main"), 201, "")
			expect(t, tg.do("GET", base+"/tags/"+pathEscape(id), nil), 200, "")
		}
	})
	t.Run("repository", func(t *testing.T) {
		expect(t, tg.do("POST", "/repositories/"+randName("nope-")+"/tags", map[string]any{"id": "v1", "ref": "main"}), 404, "repository not found")
		expect(t, tg.do("POST", "/repositories/Bad_Repo/tags", map[string]any{"id": "v1", "ref": "main"}), 400,
			"argument repository: repository id: invalid value: validation error")
		expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "v1"}), 400, "")
		expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "v1", "ref": "main"}, noAuth()), 401, "error authenticating request")
	})
}

func TestContractTagGetDeleteReadOnly(t *testing.T) {
	tg, _, base := targetWithRepo(t)
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "v1", "ref": "main"}), 201, "")

	expect(t, tg.do("GET", base+"/tags/nope", nil), 404, "tag not found")
	expect(t, tg.do("GET", base+"/tags/a..b", nil), 400, "argument tagID: tag id: invalid value: validation error")
	expect(t, tg.do("GET", base+"/tags/a%2Fb", nil), 400, "argument tagID: tag id: invalid value: validation error")
	expect(t, tg.do("GET", "/repositories/"+randName("nope-")+"/tags/v1", nil), 404, "repository not found")
	// get, delete and list name the repository argument "name", create names it "repository".
	expect(t, tg.do("GET", "/repositories/Bad_Repo/tags/v1", nil), 400, "argument name: repository id: invalid value: validation error")
	expect(t, tg.do("GET", "/repositories/Bad_Repo/tags", nil), 400, "argument name: repository id: invalid value: validation error")
	expect(t, tg.do("DELETE", base+"/tags/nope", nil), 404, "tag not found")
	expect(t, tg.do("DELETE", base+"/tags/a..b", nil), 400, "argument tagID: tag id: invalid value: validation error")
	expect(t, tg.do("DELETE", base+"/tags/v1", nil), 204, "")
	expect(t, tg.do("DELETE", base+"/tags/v1", nil), 404, "tag not found")

	ro := "/repositories/" + tg.newRepo(map[string]any{"read_only": true})
	expect(t, tg.do("POST", ro+"/tags", map[string]any{"id": "v1", "ref": "main"}), 403, "read-only repository")
	expect(t, tg.do("POST", ro+"/tags", map[string]any{"id": "v1", "ref": "main", "force": true}), 201, "")
	expect(t, tg.do("DELETE", ro+"/tags/v1", nil), 403, "read-only repository")
	// The read-only check comes before the lookup.
	expect(t, tg.do("DELETE", ro+"/tags/nope", nil), 403, "read-only repository")
	expect(t, tg.do("DELETE", ro+"/tags/nope?force=true", nil), 404, "tag not found")
	expect(t, tg.do("DELETE", ro+"/tags/v1?force=true", nil), 204, "")
}

func TestContractListTags(t *testing.T) {
	tg, _, base := targetWithRepo(t)
	r := tg.do("GET", base+"/tags", nil)
	expect(t, r, 200, "")
	if strings.TrimSpace(string(r.body)) != `{"pagination":{"has_more":false,"max_per_page":1000,"next_offset":"","results":0},"results":[]}` {
		t.Fatalf("empty list %s", r.body)
	}
	for _, id := range []string{"t-c", "t-a", "u-1", "t-b", "-x"} {
		expect(t, tg.do("POST", base+"/tags", map[string]any{"id": id, "ref": "main"}), 201, "")
	}
	ids := func(r response) []string {
		var out []string
		for _, x := range r.obj(t)["results"].([]any) {
			out = append(out, x.(map[string]any)["id"].(string))
		}
		return out
	}
	page := func(query string) (response, map[string]any) {
		r := tg.do("GET", base+"/tags?"+query, nil)
		expect(t, r, 200, "")
		return r, r.obj(t)["pagination"].(map[string]any)
	}
	r, p := page("amount=2")
	if got := strings.Join(ids(r), ","); got != "-x,t-a" || p["has_more"] != true || p["next_offset"] != "t-a" || p["results"] != 2.0 {
		t.Fatalf("first page %s", r.body)
	}
	r, p = page("amount=2&after=t-a")
	if got := strings.Join(ids(r), ","); got != "t-b,t-c" || p["has_more"] != true || p["next_offset"] != "t-c" {
		t.Fatalf("second page %s", r.body)
	}
	r, p = page("amount=2&after=t-c")
	if got := strings.Join(ids(r), ","); got != "u-1" || p["has_more"] != false || p["next_offset"] != "" {
		t.Fatalf("last page %s", r.body)
	}
	r, _ = page("prefix=t-&after=a")
	if got := strings.Join(ids(r), ","); got != "t-a,t-b,t-c" {
		t.Fatalf("prefix with an earlier after %s", r.body)
	}
	r, _ = page("prefix=t-&after=t-b")
	if got := strings.Join(ids(r), ","); got != "t-c" {
		t.Fatalf("prefix with after %s", r.body)
	}
	r, p = page("amount=1000")
	if len(ids(r)) != 5 || p["max_per_page"] != 1000.0 {
		t.Fatalf("max page %s", r.body)
	}
	expect(t, tg.do("GET", base+"/tags?amount=1001", nil), 400, "")
	expect(t, tg.do("GET", "/repositories/"+randName("nope-")+"/tags", nil), 404, "repository not found")
}

// Ref expressions are parsed (ref.ParseRef) before anything is resolved, so some tag ids cannot be used as refs.
func TestContractRefSyntax(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.branchFromMain(repo, "dev")
	const invalid = "ref: invalid value: validation error"
	for _, id := range []string{"zz~1", "a@b", "a$b"} {
		expect(t, tg.do("POST", base+"/tags", map[string]any{"id": id, "ref": "main"}), 201, "")
	}
	expect(t, tg.do("GET", base+"/commits/zz~1", nil), 404, "commit not found")
	expect(t, tg.do("GET", base+"/refs/a@b/objects/ls", nil), 400, invalid)
	expect(t, tg.do("GET", base+"/refs/a$b/objects/ls", nil), 400, invalid)

	expect(t, tg.do("POST", base+"/branches", map[string]any{"name": "x", "source": "main@x"}), 400, "source reference 'main@x': "+invalid)
	expect(t, tg.do("POST", base+"/branches", map[string]any{"name": "x", "source": "main~x"}), 400,
		"source reference 'main~x': could not parse modifier ~x: "+invalid)
	expect(t, tg.do("PUT", base+"/branches/dev/hard_reset?ref=main@x", nil), 400, "hard-reset dev to main@x: "+invalid)
	expect(t, tg.do("GET", base+"/refs/main@x/objects/ls", nil), 400, invalid)
	expect(t, tg.do("GET", base+"/refs/main~x/objects/stat?path=a", nil), 400, "could not parse modifier ~x: "+invalid)
	expect(t, tg.do("GET", base+"/refs/main$1/objects/stat?path=a", nil), 400, invalid)
	expect(t, tg.do("GET", base+"/refs/~1/objects/ls", nil), 400, invalid)
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "y", "ref": "main@x"}), 400, invalid)
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "y", "ref": "nope@x"}), 400, invalid)
	expect(t, tg.do("GET", base+"/refs/main@x/commits", nil), 400, "ref: "+invalid)
	// getCommit answers 500 for a malformed ref.
	expect(t, tg.do("GET", base+"/commits/a@b", nil), 500, invalid)
	expect(t, tg.do("GET", base+"/commits/~1", nil), 500, invalid)
	expect(t, tg.do("GET", base+"/commits/main~1x", nil), 500, "could not parse modifier ~1x: "+invalid)
}
