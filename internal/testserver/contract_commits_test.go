package testserver_test

import (
	"testing"
)

func TestContractCommitAndLog(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	expect(t, tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "x"}), 400, "commit: no changes")
	r := tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "", "allow_empty": true})
	expect(t, r, 201, "")
	empty := r.obj(t)
	tg.upload(repo, "main", "a", "1")
	r = tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "m", "metadata": map[string]any{"k": "v"}, "date": 1700000000})
	expect(t, r, 201, "")
	c := r.obj(t)
	if c["creation_date"] != float64(1700000000) || c["metadata"].(map[string]any)["k"] != "v" ||
		c["parents"].([]any)[0] != empty["id"] || c["committer"] == "" || c["meta_range_id"] == "" {
		t.Fatalf("commit %s", r.body)
	}
	if d := tg.do("GET", base+"/branches/main/diff", nil).obj(t)["results"].([]any); len(d) != 0 {
		t.Fatalf("staging not cleared %v", d)
	}
	expect(t, tg.do("POST", base+"/branches/nope/commits", map[string]any{"message": "x"}), 404, "")

	id := c["id"].(string)
	for _, ref := range []string{id, id[:12], "main", "main~1"} {
		r := tg.do("GET", base+"/commits/"+ref, nil)
		expect(t, r, 200, "")
		want := id
		if ref == "main~1" {
			want = empty["id"].(string)
		}
		if r.obj(t)["id"] != want {
			t.Fatalf("getCommit %s: %s", ref, r.body)
		}
	}
	expect(t, tg.do("GET", base+"/commits/"+"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", nil), 404, "commit not found")

	r = tg.do("GET", base+"/refs/main/commits?amount=2", nil)
	expect(t, r, 200, "")
	m := r.obj(t)
	res := m["results"].([]any)
	p := m["pagination"].(map[string]any)
	if len(res) != 2 || res[0].(map[string]any)["id"] != id || p["has_more"] != true || p["next_offset"] != empty["id"] {
		t.Fatalf("log %s", r.body)
	}
	r = tg.do("GET", base+"/refs/main/commits?after="+empty["id"].(string), nil)
	res = r.obj(t)["results"].([]any)
	if len(res) != 1 || res[0].(map[string]any)["message"] != "Repository created" {
		t.Fatalf("log page 2 %s", r.body)
	}
	expect(t, tg.do("GET", base+"/refs/nope/commits", nil), 404, "ref: not found")

	ro := tg.newRepo(map[string]any{"read_only": true})
	expect(t, tg.do("POST", "/repositories/"+ro+"/branches/main/commits", map[string]any{"message": "x", "allow_empty": true}), 403, "read-only repository")
	expect(t, tg.do("POST", "/repositories/"+ro+"/branches/main/commits", map[string]any{"message": "x", "allow_empty": true, "force": true}), 201, "")
}

func TestContractDiffBranch(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.upload(repo, "main", "keep", "k")
	tg.upload(repo, "main", "change", "c")
	tg.upload(repo, "main", "remove", "r")
	tg.commitOK(repo, "main", "c")
	tg.upload(repo, "main", "dir/added", "new")
	tg.upload(repo, "main", "change", "c2")
	tg.do("DELETE", base+"/branches/main/objects?path=remove", nil)
	r := tg.do("GET", base+"/branches/main/diff", nil)
	expect(t, r, 200, "")
	got := map[string]string{}
	for _, it := range r.obj(t)["results"].([]any) {
		m := it.(map[string]any)
		got[m["path"].(string)] = m["type"].(string)
	}
	if len(got) != 3 || got["dir/added"] != "added" || got["change"] != "changed" || got["remove"] != "removed" {
		t.Fatalf("diff %s", r.body)
	}
	r = tg.do("GET", base+"/branches/main/diff?delimiter=/", nil)
	first := r.obj(t)["results"].([]any)
	var cp map[string]any
	for _, it := range first {
		if it.(map[string]any)["path"] == "dir/" {
			cp = it.(map[string]any)
		}
	}
	if cp == nil || cp["type"] != "prefix_changed" || cp["path_type"] != "common_prefix" {
		t.Fatalf("delimited diff %s", r.body)
	}
	expect(t, tg.do("GET", base+"/branches/nope/diff", nil), 404, "")
}

func TestContractMergeIntoBranch(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.upload(repo, "main", "shared", "base")
	tg.commitOK(repo, "main", "base")
	tg.branchFromMain(repo, "feat")
	merge := func(src, dst string, body any) response {
		return tg.do("POST", base+"/refs/"+src+"/merge/"+dst, body)
	}
	expect(t, merge("feat", "main", nil), 400, "update branch main: no changes")
	tg.upload(repo, "feat", "new", "n")
	fh := tg.commitOK(repo, "feat", "feat")["id"].(string)
	tg.upload(repo, "main", "dirty", "d")
	expect(t, merge("feat", "main", nil), 400, "uncommitted changes (dirty branch)")
	tg.do("DELETE", base+"/branches/main/objects?path=dirty", nil)
	mh := tg.do("GET", base+"/branches/main", nil).obj(t)["commit_id"].(string)
	r := merge("feat", "main", map[string]any{"metadata": map[string]any{"a": "b"}})
	expect(t, r, 200, "")
	ref := r.obj(t)["reference"].(string)
	cm := tg.do("GET", base+"/commits/"+ref, nil).obj(t)
	parents := cm["parents"].([]any)
	md := cm["metadata"].(map[string]any)
	if len(parents) != 2 || parents[0] != mh || parents[1] != fh || md[".lakefs.merge.strategy"] != "default" || md["a"] != "b" ||
		cm["message"] != "Merge 'feat' into 'main'" {
		t.Fatalf("merge commit %v", cm)
	}
	expect(t, tg.do("GET", base+"/refs/main/objects/stat?path=new", nil), 200, "")

	// conflict
	tg.upload(repo, "feat", "shared", "feat side")
	tg.commitOK(repo, "feat", "f2")
	tg.upload(repo, "main", "shared", "main side")
	tg.commitOK(repo, "main", "m2")
	r = merge("feat", "main", nil)
	expect(t, r, 409, "")
	if m := r.obj(t); len(m) != 1 || m["reference"] != "" {
		t.Fatalf("conflict body %s", r.body)
	}
	expect(t, merge("feat", "main", map[string]any{"strategy": "bogus"}), 400, "argument strategy: invalid value: validation error")
	r = merge("feat", "main", map[string]any{"strategy": "source-wins"})
	expect(t, r, 200, "")
	got := tg.do("GET", base+"/refs/main/objects?path=shared", nil)
	if string(got.body) != "feat side" {
		t.Fatalf("source-wins content %q", got.body)
	}
	cm = tg.do("GET", base+"/commits/main", nil).obj(t)
	if cm["metadata"].(map[string]any)[".lakefs.merge.strategy"] != "source-wins" {
		t.Fatalf("strategy metadata %v", cm)
	}
	expect(t, merge("nope", "main", nil), 404, "update branch main: get commit by ref nope: not found")
	expect(t, merge("feat", "nope", nil), 404, "branch not found")
}
