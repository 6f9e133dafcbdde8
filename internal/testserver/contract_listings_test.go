package testserver_test

import (
	"strings"
	"testing"
)

// Listings read page by page the way the client's ListAll helpers do (after = next_offset until has_more is false),
// and the reads behind the commit data source.

// walk follows next_offset with the given page size and returns "path:type" (or ids) of every result.
func (tg *apiTarget) walk(path, query string, amount int, key func(map[string]any) string) []string {
	tg.t.Helper()
	var out []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > 100 {
			tg.t.Fatalf("no end to %s?%s", path, query)
		}
		r := tg.do("GET", path+"?"+query+"&amount="+itoa(amount)+"&after="+q(after), nil)
		expect(tg.t, r, 200, "")
		m := r.obj(tg.t)
		res := m["results"].([]any)
		for _, it := range res {
			out = append(out, key(it.(map[string]any)))
		}
		p := m["pagination"].(map[string]any)
		if p["results"] != float64(len(res)) || p["max_per_page"] != 1000.0 {
			tg.t.Fatalf("pagination %v for %d results", p, len(res))
		}
		if p["has_more"] != true {
			if p["next_offset"] != "" {
				tg.t.Fatalf("last page with next_offset %v", p)
			}
			return out
		}
		if len(res) == 0 || p["next_offset"] != res[len(res)-1].(map[string]any)[keyField(path)] {
			tg.t.Fatalf("next_offset %v is not the last result of %v", p["next_offset"], res)
		}
		after = p["next_offset"].(string)
	}
}

func keyField(path string) string {
	if strings.HasSuffix(path, "/objects/ls") {
		return "path"
	}
	return "id"
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}

func objKey(m map[string]any) string { return m["path"].(string) + ":" + m["path_type"].(string) }
func idKey(m map[string]any) string  { return m["id"].(string) }

func TestContractListObjectsAllPages(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	for _, p := range []string{"a", "a/1", "a/2", "a/b/3", "a/b/4", "b", "c/x", "c/y/z", "d/"} {
		expect(t, tg.upload(repo, "main", p, p), 201, "")
	}
	tg.commitOK(repo, "main", "tree")
	expect(t, tg.upload(repo, "main", "e/staged", "s"), 201, "")
	ls := "/repositories/" + repo + "/refs/"
	cases := []struct{ ref, query, want string }{
		// An object whose name ends in the delimiter ("d/") is listed as a common prefix, even alone.
		{"main", "delimiter=/", "a:object,a/:common_prefix,b:object,c/:common_prefix,d/:common_prefix,e/:common_prefix"},
		{"main", "delimiter=/&prefix=d/", "d/:object"},
		{"main", "delimiter=/&prefix=a/", "a/1:object,a/2:object,a/b/:common_prefix"},
		{"main", "delimiter=/&prefix=a", "a:object,a/:common_prefix"},
		{"main", "delimiter=/&prefix=c/", "c/x:object,c/y/:common_prefix"},
		{"main", "prefix=a/", "a/1:object,a/2:object,a/b/3:object,a/b/4:object"},
		{"main", "delimiter=", "a:object,a/1:object,a/2:object,a/b/3:object,a/b/4:object,b:object,c/x:object,c/y/z:object,d/:object,e/staged:object"},
		// a ref other than a branch shows no staged changes
		{"main@", "delimiter=/", "a:object,a/:common_prefix,b:object,c/:common_prefix,d/:common_prefix"},
		{"main", "delimiter=/&prefix=nothing/", ""},
	}
	for _, c := range cases {
		for _, amount := range []int{1, 2, 1000} {
			got := strings.Join(tg.walk(ls+c.ref+"/objects/ls", c.query, amount, objKey), ",")
			if got != c.want {
				t.Errorf("%s %s amount %d:\n got %s\nwant %s", c.ref, c.query, amount, got, c.want)
			}
		}
	}
	// after inside a common prefix lists that prefix again (the scan resumes inside it).
	r := tg.do("GET", ls+"main/objects/ls?delimiter=/&after=a/1", nil)
	if res := r.obj(t)["results"].([]any); len(res) == 0 || objKey(res[0].(map[string]any)) != "a/:common_prefix" {
		t.Fatalf("after inside a prefix: %s", r.body)
	}
	expect(t, tg.do("GET", ls+"nope/objects/ls", nil), 404, "not found")
	expect(t, tg.do("GET", ls+"main/objects/ls?amount=1001", nil), 400, "")
}

func TestContractListBranchesAndRepositoriesAllPages(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	for _, b := range []string{"b-2", "b-1", "a", "b-3", "c_x"} {
		tg.branchFromMain(repo, b)
	}
	branches := "/repositories/" + repo + "/branches"
	for _, amount := range []int{1, 2, 1000} {
		if got := strings.Join(tg.walk(branches, "prefix=", amount, idKey), ","); got != "a,b-1,b-2,b-3,c_x,main" {
			t.Errorf("branches, amount %d: %s", amount, got)
		}
		if got := strings.Join(tg.walk(branches, "prefix=b-", amount, idKey), ","); got != "b-1,b-2,b-3" {
			t.Errorf("branches b-, amount %d: %s", amount, got)
		}
	}
	prefix := randName("tsl-")
	for _, s := range []string{"c", "a", "b"} {
		n := prefix + "-" + s
		expect(t, tg.do("POST", "/repositories", map[string]any{"name": n, "storage_namespace": tg.nsPrefix + n}), 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/repositories/"+n+"?force=true", nil) })
	}
	for _, amount := range []int{1, 1000} {
		if got := strings.Join(tg.walk("/repositories", "prefix="+prefix, amount, idKey), ","); got != prefix+"-a,"+prefix+"-b,"+prefix+"-c" {
			t.Errorf("repositories, amount %d: %s", amount, got)
		}
	}
}

func TestContractGetCommitByRef(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	initial := tg.do("GET", base+"/commits/main", nil)
	expect(t, initial, 200, "")
	c0 := initial.obj(t)
	if md, ok := c0["metadata"].(map[string]any); !ok || len(md) != 0 {
		t.Fatalf("initial commit metadata must be {}: %s", initial.body)
	}
	tg.upload(repo, "main", "a", "1")
	r := tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "with metadata", "metadata": map[string]string{"k": "v", "": "e"}, "date": 1700000000})
	expect(t, r, 201, "")
	c1 := r.obj(t)
	id := c1["id"].(string)
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "v1", "ref": "main"}), 201, "")
	tg.branchFromMain(repo, "dev")
	for _, ref := range []string{id, id[:7], "main", "main@", "v1", "dev", "v1~0", "dev^0"} {
		g := tg.do("GET", base+"/commits/"+pathEscape(ref), nil)
		expect(t, g, 200, "")
		m := g.obj(t)
		md, _ := m["metadata"].(map[string]any)
		parents, _ := m["parents"].([]any)
		if m["id"] != id || m["message"] != "with metadata" || m["creation_date"] != 1700000000.0 || m["committer"] == "" ||
			len(md) != 2 || md["k"] != "v" || md[""] != "e" || len(parents) != 1 || parents[0] != c0["id"] || m["version"] != 1.0 {
			t.Fatalf("getCommit %s: %s", ref, g.body)
		}
	}
	for _, ref := range []string{"v1~1", "main~1", "dev~1"} {
		if g := tg.do("GET", base+"/commits/"+ref, nil).obj(t); g["id"] != c0["id"] {
			t.Fatalf("getCommit %s: %v", ref, g)
		}
	}
	expect(t, tg.do("GET", base+"/commits/nope", nil), 404, "commit not found")
	expect(t, tg.do("GET", "/repositories/"+randName("nope-")+"/commits/main", nil), 404, "repository not found")
}
