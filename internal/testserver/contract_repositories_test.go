package testserver_test

import (
	"strings"
	"testing"
)

func TestContractRepositories(t *testing.T) {
	tg := target(t)
	t.Run("create, get and initial commit", func(t *testing.T) {
		name := randName("tst-")
		r := tg.do("POST", "/repositories", map[string]any{"name": name, "storage_namespace": tg.nsPrefix + name})
		expect(t, r, 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/repositories/"+name, nil) })
		m := r.obj(t)
		if m["default_branch"] != "main" || m["read_only"] != false || m["storage_id"] != "" || m["id"] != name {
			t.Fatalf("create body %s", r.body)
		}
		g := tg.do("GET", "/repositories/"+name, nil)
		expect(t, g, 200, "")
		c := tg.do("GET", "/repositories/"+name+"/commits/main", nil)
		expect(t, c, 200, "")
		cm := c.obj(t)
		if cm["message"] != "Repository created" || cm["committer"] != "" || len(cm["parents"].([]any)) != 0 || cm["meta_range_id"] != "" || cm["version"] != float64(1) {
			t.Fatalf("initial commit %s", c.body)
		}
		if len(cm["id"].(string)) != 64 {
			t.Fatalf("commit id %v", cm["id"])
		}
		expect(t, tg.do("POST", "/repositories", map[string]any{"name": name, "storage_namespace": tg.nsPrefix + name + "-2"}), 409, "error creating repository: not unique")
	})
	t.Run("namespace rules", func(t *testing.T) {
		name := randName("tst-")
		if strings.HasPrefix(tg.nsPrefix, "local://") {
			expect(t, tg.do("POST", "/repositories", map[string]any{"name": name, "storage_namespace": "s3://bucket/" + name}), 400,
				"failed to match required regex ^local://: invalid namespace")
		}
		ns := tg.nsPrefix + name
		expect(t, tg.do("POST", "/repositories", map[string]any{"name": name, "storage_namespace": ns}), 201, "")
		expect(t, tg.do("DELETE", "/repositories/"+name, nil), 204, "")
		other := randName("tst-")
		r := tg.do("POST", "/repositories", map[string]any{"name": other, "storage_namespace": ns})
		t.Cleanup(func() { tg.do("DELETE", "/repositories/"+other, nil) })
		expect(t, r, 400, "")
		if !strings.HasSuffix(r.msg(), "storage namespace already in use") {
			t.Fatalf("message %q", r.msg())
		}
	})
	t.Run("missing and invalid", func(t *testing.T) {
		expect(t, tg.do("GET", "/repositories/"+randName("nope-"), nil), 404, "repository not found")
		expect(t, tg.do("GET", "/repositories/Bad_Name", nil), 400, "argument repository: repository id: invalid value: validation error")
		expect(t, tg.do("DELETE", "/repositories/"+randName("nope-"), nil), 404, "repository not found")
	})
	t.Run("read-only delete needs force", func(t *testing.T) {
		name := randName("tst-")
		expect(t, tg.do("POST", "/repositories", map[string]any{"name": name, "storage_namespace": tg.nsPrefix + name, "read_only": true}), 201, "")
		expect(t, tg.do("DELETE", "/repositories/"+name, nil), 403, "read-only repository")
		expect(t, tg.do("DELETE", "/repositories/"+name+"?force=true", nil), 204, "")
	})
	t.Run("bare", func(t *testing.T) {
		name := randName("tst-")
		r := tg.do("POST", "/repositories?bare=true", map[string]any{"name": name, "storage_namespace": tg.nsPrefix + name})
		expect(t, r, 201, "")
		t.Cleanup(func() { tg.do("DELETE", "/repositories/"+name, nil) })
		if _, ok := r.obj(t)["read_only"]; ok {
			t.Fatalf("bare create has read_only: %s", r.body)
		}
		l := tg.do("GET", "/repositories/"+name+"/branches", nil)
		expect(t, l, 200, "")
		if len(l.obj(t)["results"].([]any)) != 0 {
			t.Fatalf("bare has branches: %s", l.body)
		}
	})
	t.Run("default branch not validated", func(t *testing.T) {
		name := tg.newRepo(map[string]any{"default_branch": "bad$name"})
		r := tg.do("GET", "/repositories/"+name, nil)
		if r.obj(t)["default_branch"] != "bad$name" {
			t.Fatalf("%s", r.body)
		}
	})
	t.Run("list pagination", func(t *testing.T) {
		prefix := randName("tsp-")
		var names []string
		for i := 0; i < 3; i++ {
			n := prefix + "-" + string(rune('a'+i))
			names = append(names, n)
			expect(t, tg.do("POST", "/repositories", map[string]any{"name": n, "storage_namespace": tg.nsPrefix + n}), 201, "")
			t.Cleanup(func() { tg.do("DELETE", "/repositories/"+n, nil) })
		}
		r := tg.do("GET", "/repositories?amount=2&prefix="+prefix, nil)
		expect(t, r, 200, "")
		p := r.obj(t)["pagination"].(map[string]any)
		if p["has_more"] != true || p["next_offset"] != names[1] || p["results"] != float64(2) || p["max_per_page"] != float64(1000) {
			t.Fatalf("page 1 %s", r.body)
		}
		r = tg.do("GET", "/repositories?amount=2&prefix="+prefix+"&after="+names[1], nil)
		m := r.obj(t)
		p = m["pagination"].(map[string]any)
		res := m["results"].([]any)
		if p["has_more"] != false || p["next_offset"] != "" || len(res) != 1 || res[0].(map[string]any)["id"] != names[2] {
			t.Fatalf("page 2 %s", r.body)
		}
		r = tg.do("GET", "/repositories?search="+prefix[4:]+"-b", nil)
		if res := r.obj(t)["results"].([]any); len(res) != 1 {
			t.Fatalf("search %s", r.body)
		}
		expect(t, tg.do("GET", "/repositories?amount=-1", nil), 200, "")
	})
}
