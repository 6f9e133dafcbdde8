package testserver_test

import (
	"regexp"
	"testing"
)

var reCommitID = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestContractBranches(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	main := tg.do("GET", base+"/branches/main", nil).obj(t)["commit_id"].(string)

	t.Run("create returns bare commit id as text", func(t *testing.T) {
		r := tg.do("POST", base+"/branches", map[string]any{"name": "b1", "source": "main"})
		expect(t, r, 201, "")
		if string(r.body) != main || !reCommitID.Match(r.body) {
			t.Fatalf("body %q", r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Fatalf("content type %q", ct)
		}
	})
	cases := []struct {
		name   string
		body   map[string]any
		status int
		msg    string
	}{
		{"invalid name", map[string]any{"name": "bad$name", "source": "main"}, 400, "argument branch: branch id: invalid value: validation error: branch id must consist of letters, digits, underscores and dashes, and cannot start with a dash"},
		{"leading dash", map[string]any{"name": "-abc", "source": "main"}, 400, ""},
		{"slash", map[string]any{"name": "a/b", "source": "main"}, 400, ""},
		{"exists", map[string]any{"name": "b1", "source": "main"}, 409, "branch already exists: not unique"},
		{"unknown source", map[string]any{"name": "b2", "source": "nope"}, 404, "source reference 'nope': not found"},
		{"staging source", map[string]any{"name": "b3", "source": "main$"}, 500, "source reference 'main$': can't create a branch without commit"},
		{"name is a commit id", map[string]any{"name": main, "source": "main"}, 409, "commit ID " + main + ": conflict found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, tg.do("POST", base+"/branches", c.body), c.status, c.msg)
		})
	}
	t.Run("missing repo", func(t *testing.T) {
		expect(t, tg.do("POST", "/repositories/"+randName("nope-")+"/branches", map[string]any{"name": "x", "source": "main"}), 404, "repository not found")
	})
	t.Run("get and delete", func(t *testing.T) {
		expect(t, tg.do("GET", base+"/branches/nope", nil), 404, "branch not found")
		expect(t, tg.do("GET", base+"/branches/bad$", nil), 400, "argument branch: branch id: invalid value: validation error")
		expect(t, tg.do("DELETE", base+"/branches/main", nil), 403, "cannot delete repository default branch")
		expect(t, tg.do("DELETE", base+"/branches/nope", nil), 404, "branch not found")
		tg.branchFromMain(repo, "todelete")
		expect(t, tg.do("DELETE", base+"/branches/todelete", nil), 204, "")
	})
	t.Run("uncommitted changes are not copied", func(t *testing.T) {
		expect(t, tg.upload(repo, "main", "staged.txt", "x"), 201, "")
		tg.branchFromMain(repo, "fromdirty")
		expect(t, tg.do("GET", base+"/refs/fromdirty/objects/stat?path=staged.txt", nil), 404, "not found")
		expect(t, tg.do("DELETE", base+"/branches/main/objects?path=staged.txt", nil), 204, "")
	})
	t.Run("list pagination", func(t *testing.T) {
		for _, n := range []string{"p-a", "p-b", "p-c"} {
			tg.branchFromMain(repo, n)
		}
		r := tg.do("GET", base+"/branches?prefix=p-&amount=2", nil)
		m := r.obj(t)
		p := m["pagination"].(map[string]any)
		if p["has_more"] != true || p["next_offset"] != "p-b" || len(m["results"].([]any)) != 2 {
			t.Fatalf("%s", r.body)
		}
		r = tg.do("GET", base+"/branches?prefix=p-&after=p-b", nil)
		if res := r.obj(t)["results"].([]any); len(res) != 1 || res[0].(map[string]any)["id"] != "p-c" {
			t.Fatalf("%s", r.body)
		}
	})
	t.Run("read-only repo", func(t *testing.T) {
		ro := tg.newRepo(map[string]any{"read_only": true})
		expect(t, tg.do("POST", "/repositories/"+ro+"/branches", map[string]any{"name": "x", "source": "main"}), 403, "read-only repository")
		expect(t, tg.do("POST", "/repositories/"+ro+"/branches", map[string]any{"name": "x", "source": "main", "force": true}), 201, "")
		expect(t, tg.do("DELETE", "/repositories/"+ro+"/branches/x", nil), 403, "read-only repository")
		expect(t, tg.do("DELETE", "/repositories/"+ro+"/branches/x?force=true", nil), 204, "")
	})
}

func TestContractTags(t *testing.T) {
	tg, _, base := targetWithRepo(t)
	r := tg.do("POST", base+"/tags", map[string]any{"id": "v1", "ref": "main"})
	expect(t, r, 201, "")
	if r.obj(t)["id"] != "v1" || !reCommitID.MatchString(r.obj(t)["commit_id"].(string)) {
		t.Fatalf("%s", r.body)
	}
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "v1", "ref": "main"}), 409, "")
	expect(t, tg.do("GET", base+"/tags/v1", nil), 200, "")
	expect(t, tg.do("POST", base+"/branches", map[string]any{"name": "v1", "source": "main"}), 409, "tag ID v1: conflict found")
	expect(t, tg.do("DELETE", base+"/tags/v1", nil), 204, "")
	expect(t, tg.do("GET", base+"/tags/v1", nil), 404, "")
}

func TestContractHardReset(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	c0 := tg.do("GET", base+"/branches/main", nil).obj(t)["commit_id"].(string)
	tg.upload(repo, "main", "a", "1")
	c1 := tg.commitOK(repo, "main", "one")["id"].(string)
	tg.upload(repo, "main", "b", "2")
	c2 := tg.commitOK(repo, "main", "two")["id"].(string)
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "t1", "ref": c1}), 201, "")
	tg.branchFromMain(repo, "x")

	head := func() string { return tg.do("GET", base+"/branches/x", nil).obj(t)["commit_id"].(string) }
	reset := func(ref string) response { return tg.do("PUT", base+"/branches/x/hard_reset?ref="+q(ref), nil) }
	for _, c := range []struct{ ref, want string }{
		{c1, c1}, {"main", c2}, {"t1", c1}, {c0[:10], c0}, {"main~1", c1}, {"main^1", c1}, {"main@", c2}, {"main~2", c0},
	} {
		expect(t, reset(c.ref), 204, "")
		if got := head(); got != c.want {
			t.Fatalf("reset to %s: head %s want %s", c.ref, got, c.want)
		}
	}
	expect(t, reset("main$"), 400, "hard-reset x to main$: reference 'main$': reference to staging area with $ is not a commit")
	expect(t, reset("nope"), 404, "hard-reset x to nope: not found")
	expect(t, reset("a b"), 400, "argument ref: ref: invalid value: validation error")
	expect(t, tg.do("PUT", base+"/branches/nobranch/hard_reset?ref=main", nil), 404, "branch not found")

	// uncommitted changes are kept and show against the new head
	expect(t, reset(c2), 204, "")
	tg.upload(repo, "x", "staged", "s")
	expect(t, reset(c0), 204, "")
	d := tg.do("GET", base+"/branches/x/diff", nil).obj(t)["results"].([]any)
	if len(d) != 1 || d[0].(map[string]any)["path"] != "staged" || d[0].(map[string]any)["type"] != "added" {
		t.Fatalf("diff after reset %v", d)
	}

	ro := tg.newRepo(map[string]any{"read_only": true})
	expect(t, tg.do("PUT", "/repositories/"+ro+"/branches/main/hard_reset?ref=main", nil), 403, "read-only repository")
	expect(t, tg.do("PUT", "/repositories/"+ro+"/branches/main/hard_reset?ref=main&force=true", nil), 204, "")
}
