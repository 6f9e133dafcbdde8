package testserver_test

import (
	"regexp"
	"testing"
	"time"
)

var reXID = regexp.MustCompile(`^[0-9a-v]{20}$`)

func TestContractPullRequests(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.branchFromMain(repo, "src")
	create := func(body map[string]any) response { return tg.do("POST", base+"/pulls", body) }
	pr := func(title string) string {
		r := create(map[string]any{"title": title, "source_branch": "src", "destination_branch": "main"})
		expect(t, r, 201, "")
		id := r.obj(t)["id"].(string)
		if !reXID.MatchString(id) {
			t.Fatalf("id %q", id)
		}
		return id
	}
	t.Run("create errors", func(t *testing.T) {
		cases := []struct {
			body   map[string]any
			status int
			msg    string
		}{
			{map[string]any{"title": "t", "source_branch": "bad$", "destination_branch": "main"}, 400, "argument src: branch id: invalid value: validation error"},
			{map[string]any{"title": "t", "source_branch": "src", "destination_branch": "bad$"}, 400, "argument dest: branch id: invalid value: validation error"},
			{map[string]any{"title": "t", "source_branch": "", "destination_branch": "main"}, 500, "argument src: required value: validation error"},
			{map[string]any{"title": "t", "source_branch": "main", "destination_branch": "main"}, 400, "source and destination branches are the same: same branch validation error"},
			{map[string]any{"title": "t", "source_branch": "nope", "destination_branch": "main"}, 404, "branch not found"},
			{map[string]any{"source_branch": "src", "destination_branch": "main"}, 400, ""},
		}
		for _, c := range cases {
			expect(t, create(c.body), c.status, c.msg)
		}
		expect(t, tg.do("POST", "/repositories/"+randName("nope-")+"/pulls", map[string]any{"title": "t", "source_branch": "src", "destination_branch": "main"}), 404, "repository not found")
	})
	first := pr("first")
	time.Sleep(1100 * time.Millisecond) // xid seconds resolution: newer must sort first
	second := pr("second")
	dup := pr("")
	if second >= first || dup >= first {
		t.Fatalf("newer ids must sort first: %s %s %s", first, second, dup)
	}
	t.Run("get", func(t *testing.T) {
		r := tg.do("GET", base+"/pulls/"+first, nil)
		expect(t, r, 200, "")
		m := r.obj(t)
		if m["status"] != "open" || m["description"] != "" || m["title"] != "first" || m["source_branch"] != "src" {
			t.Fatalf("%s", r.body)
		}
		if _, err := time.Parse(time.RFC3339Nano, m["creation_date"].(string)); err != nil {
			t.Fatalf("creation_date %v", m["creation_date"])
		}
		for _, k := range []string{"closed_date", "merged_commit_id"} {
			if _, ok := m[k]; ok {
				t.Fatalf("new PR has %s", k)
			}
		}
		expect(t, tg.do("GET", base+"/pulls/not-an-xid", nil), 400, "argument pullRequestID: pull request id: invalid value: validation error")
		expect(t, tg.do("GET", base+"/pulls/00000000000000000000", nil), 404, "pull request not found")
	})
	t.Run("patch transitions", func(t *testing.T) {
		patch := func(body map[string]any) response { return tg.do("PATCH", base+"/pulls/"+second, body) }
		expect(t, patch(map[string]any{}), 204, "")
		expect(t, patch(map[string]any{"status": "OPEN"}), 400, "")
		expect(t, patch(map[string]any{"status": "closed", "description": "d"}), 204, "")
		m := tg.do("GET", base+"/pulls/"+second, nil).obj(t)
		if m["status"] != "closed" || m["closed_date"] == nil || m["description"] != "d" {
			t.Fatalf("%v", m)
		}
		expect(t, patch(map[string]any{"status": "open"}), 204, "")
		m = tg.do("GET", base+"/pulls/"+second, nil).obj(t)
		if m["status"] != "open" || m["closed_date"] == nil {
			t.Fatalf("reopen keeps closed_date: %v", m)
		}
		expect(t, patch(map[string]any{"status": "merged"}), 204, "")
		m = tg.do("GET", base+"/pulls/"+second, nil).obj(t)
		if _, ok := m["merged_commit_id"]; ok || m["status"] != "merged" {
			t.Fatalf("patched merged %v", m)
		}
		expect(t, tg.do("PUT", base+"/pulls/"+second+"/merge", nil), 400, "bad pull request status")
	})
	t.Run("list", func(t *testing.T) {
		r := tg.do("GET", base+"/pulls", nil)
		expect(t, r, 200, "")
		res := r.obj(t)["results"].([]any)
		if len(res) != 3 {
			t.Fatalf("%s", r.body)
		}
		for i := 1; i < len(res); i++ {
			if res[i-1].(map[string]any)["id"].(string) >= res[i].(map[string]any)["id"].(string) {
				t.Fatal("not sorted by id")
			}
		}
		for _, it := range res {
			m := it.(map[string]any)
			if _, ok := m["description"]; ok {
				t.Fatalf("list item has description %v", m)
			}
		}
		closed := tg.do("GET", base+"/pulls?status=closed", nil).obj(t)["results"].([]any)
		if len(closed) != 1 || closed[0].(map[string]any)["id"] != second {
			t.Fatalf("closed filter %v", closed)
		}
		open := tg.do("GET", base+"/pulls?status=open&amount=1", nil).obj(t)
		if p := open["pagination"].(map[string]any); p["has_more"] != true {
			t.Fatalf("open page %v", open)
		}
	})
	t.Run("merge", func(t *testing.T) {
		expect(t, tg.do("PUT", base+"/pulls/"+first+"/merge", nil), 400, "update branch main: no changes")
		tg.upload(repo, "src", "f", "x")
		tg.commitOK(repo, "src", "c")
		expect(t, tg.do("PUT", base+"/pulls/"+first+"/merge", nil, noAuth()), 401, "error authenticating request")
		r := tg.do("PUT", base+"/pulls/"+first+"/merge", nil)
		expect(t, r, 200, "")
		ref := r.obj(t)["reference"].(string)
		m := tg.do("GET", base+"/pulls/"+first, nil).obj(t)
		if m["status"] != "merged" || m["merged_commit_id"] != ref || m["closed_date"] == nil {
			t.Fatalf("merged PR %v", m)
		}
		cm := tg.do("GET", base+"/commits/"+ref, nil).obj(t)
		if cm["message"] != "Merge 'src' into 'main'" || cm["metadata"].(map[string]any)[".lakefs.merge.strategy"] != "default" {
			t.Fatalf("merge commit %v", cm)
		}
		// conflict: both sides change f
		tg.upload(repo, "src", "f", "src side")
		tg.commitOK(repo, "src", "s")
		tg.upload(repo, "main", "f", "main side")
		tg.commitOK(repo, "main", "m")
		expect(t, tg.do("PUT", base+"/pulls/"+dup+"/merge", nil), 409, "update branch main: conflict found")
		if tg.do("GET", base+"/pulls/"+dup, nil).obj(t)["status"] != "open" {
			t.Fatal("conflicting PR must stay open")
		}
	})
	t.Run("merge loads PR before auth", func(t *testing.T) {
		expect(t, tg.do("PUT", base+"/pulls/bad/merge", nil, noAuth()), 400, "argument pullRequestID: pull request id: invalid value: validation error")
		expect(t, tg.do("PUT", base+"/pulls/00000000000000000000/merge", nil, noAuth()), 404, "pull request not found")
		expect(t, tg.do("PUT", "/repositories/"+randName("nope-")+"/pulls/00000000000000000000/merge", nil, noAuth()), 404, "repository not found")
	})
}

func TestContractPullRequestsConcurrentCreate(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	tg.branchFromMain(repo, "src")
	ids := make(chan string, 20)
	inParallel(20, func(int) {
		r := tg.do("POST", "/repositories/"+repo+"/pulls", map[string]any{"title": "t", "source_branch": "src", "destination_branch": "main"})
		if r.status != 201 {
			t.Errorf("status %d %s", r.status, r.body)
			return
		}
		ids <- r.obj(t)["id"].(string)
	})
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("duplicate id %s", id)
		}
		seen[id] = true
	}
	r := tg.do("GET", "/repositories/"+repo+"/pulls?amount=1000", nil)
	if n := len(r.obj(t)["results"].([]any)); n != 20 {
		t.Fatalf("listed %d", n)
	}
}
