package testserver_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// Repository settings: garbage collection rules and repository metadata (gc_rules.go and repository_metadata.go in
// the double).

func gcPath(repo string) string { return "/repositories/" + repo + "/settings/gc_rules" }

func TestContractGCRules(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	path := gcPath(repo)
	get := func() string {
		t.Helper()
		r := tg.do("GET", path, nil)
		expect(t, r, 200, "")
		return strings.TrimSpace(string(r.body))
	}
	t.Run("none set: 404, and delete is a no-op", func(t *testing.T) {
		expect(t, tg.do("GET", path, nil), 404, "not found")
		expect(t, tg.do("DELETE", path, nil), 204, "")
		expect(t, tg.do("GET", path, nil), 404, "not found")
	})
	t.Run("set and get", func(t *testing.T) {
		expect(t, tg.do("PUT", path, map[string]any{"default_retention_days": 7, "branches": []map[string]any{
			{"branch_id": "main", "retention_days": 30}, {"branch_id": "no-such-branch", "retention_days": 1},
			{"branch_id": "main", "retention_days": 2}, {"branch_id": "neg", "retention_days": -5}, {"branch_id": "", "retention_days": 0},
		}}), 204, "")
		var got struct {
			Default  *int `json:"default_retention_days"`
			Branches []struct {
				BranchID string `json:"branch_id"`
				Days     int    `json:"retention_days"`
			} `json:"branches"`
		}
		if err := json.Unmarshal([]byte(get()), &got); err != nil || got.Default == nil || *got.Default != 7 {
			t.Fatalf("%+v %v", got, err)
		}
		// The last rule for a branch wins; the order of the answer is random.
		days := map[string]int{}
		for _, b := range got.Branches {
			days[b.BranchID] = b.Days
		}
		if len(got.Branches) != 4 || days["main"] != 2 || days["no-such-branch"] != 1 || days["neg"] != -5 || days[""] != 0 {
			t.Fatalf("%+v", got.Branches)
		}
	})
	t.Run("no branch rules: branches is null", func(t *testing.T) {
		expect(t, tg.do("PUT", path, map[string]any{"default_retention_days": 5, "branches": []any{}}), 204, "")
		if body := get(); body != `{"branches":null,"default_retention_days":5}` {
			t.Fatalf("%s", body)
		}
	})
	t.Run("retention days are int32", func(t *testing.T) {
		expect(t, tg.do("PUT", path, map[string]any{"default_retention_days": 4294967297, "branches": []map[string]any{
			{"branch_id": "main", "retention_days": 2147483648}}}), 204, "")
		if body := get(); body != `{"branches":[{"branch_id":"main","retention_days":-2147483648}],"default_retention_days":1}` {
			t.Fatalf("%s", body)
		}
	})
	t.Run("all zero rules read back as none", func(t *testing.T) {
		expect(t, tg.do("PUT", path, map[string]any{"default_retention_days": 0, "branches": []any{}}), 204, "")
		expect(t, tg.do("GET", path, nil), 404, "not found")
		expect(t, tg.do("PUT", path, map[string]any{"default_retention_days": 0, "branches": []map[string]any{{"branch_id": "x", "retention_days": 0}}}), 204, "")
		if body := get(); body != `{"branches":[{"branch_id":"x","retention_days":0}],"default_retention_days":0}` {
			t.Fatalf("%s", body)
		}
	})
	t.Run("delete", func(t *testing.T) {
		expect(t, tg.do("DELETE", path, nil), 204, "")
		expect(t, tg.do("GET", path, nil), 404, "not found")
	})
	t.Run("body validation", func(t *testing.T) {
		for _, body := range []any{
			map[string]any{"default_retention_days": 5},
			map[string]any{"branches": []any{}},
			map[string]any{"default_retention_days": 5, "branches": nil},
			map[string]any{"default_retention_days": "5", "branches": []any{}},
			map[string]any{"default_retention_days": 5.5, "branches": []any{}},
			map[string]any{"default_retention_days": 5, "branches": []map[string]any{{"retention_days": 1}}},
			map[string]any{"default_retention_days": 5, "branches": []map[string]any{{"branch_id": "main"}}},
			map[string]any{"default_retention_days": 5, "branches": []map[string]any{{"branch_id": "main", "retention_days": "1"}}},
			map[string]any{"default_retention_days": 5, "branches": map[string]any{"main": 1}},
		} {
			r := tg.do("PUT", path, body, noAuth())
			expect(t, r, 400, "")
			if !strings.HasPrefix(r.msg(), "request body has an error") {
				t.Fatalf("%v: %q", body, r.msg())
			}
		}
		expect(t, tg.do("PUT", path, nil), 400, "request body has an error: value is required but missing")
	})
	t.Run("repository", func(t *testing.T) {
		rules := map[string]any{"default_retention_days": 1, "branches": []any{}}
		for _, p := range []string{gcPath(randName("nope-")), gcPath("Bad_Repo")} {
			expect(t, tg.do("GET", p, nil), 404, "repository not found")
			expect(t, tg.do("PUT", p, rules), 404, "repository not found")
			expect(t, tg.do("DELETE", p, nil), 404, "repository not found")
		}
		expect(t, tg.do("GET", path, nil, noAuth()), 401, "error authenticating request")
		expect(t, tg.do("DELETE", path, nil, noAuth()), 401, "error authenticating request")
		ro := gcPath(tg.newRepo(map[string]any{"read_only": true}))
		expect(t, tg.do("PUT", ro, rules), 403, "read-only repository")
		expect(t, tg.do("DELETE", ro, nil), 403, "read-only repository")
		expect(t, tg.do("GET", ro, nil), 404, "not found")
	})
}

func metadataPath(repo string) string { return "/repositories/" + repo + "/metadata" }

func TestContractRepositoryMetadata(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	path := metadataPath(repo)
	get := func(repo string) string {
		t.Helper()
		r := tg.do("GET", metadataPath(repo), nil)
		expect(t, r, 200, "")
		return strings.TrimSpace(string(r.body))
	}
	set := func(repo string, md map[string]string) response {
		return tg.do("POST", metadataPath(repo), map[string]any{"metadata": md})
	}
	del := func(repo string, keys ...string) response {
		if keys == nil {
			keys = []string{}
		}
		return tg.do("DELETE", metadataPath(repo), map[string]any{"keys": keys})
	}

	if body := get(repo); body != "{}" {
		t.Fatalf("fresh repository: %s", body)
	}
	t.Run("set merges, keys and values are free-form", func(t *testing.T) {
		expect(t, set(repo, map[string]string{"a": "1", "B": "2", "": "empty key", "x.y/z": "", "ünï": "v", ".lakefs.x": "y"}), 204, "")
		expect(t, set(repo, map[string]string{"a": "11", "c": "3"}), 204, "")
		if body := get(repo); body != `{"":"empty key",".lakefs.x":"y","B":"2","a":"11","c":"3","x.y/z":"","ünï":"v"}` {
			t.Fatalf("%s", body)
		}
	})
	t.Run("delete drops keys and ignores unknown ones", func(t *testing.T) {
		expect(t, del(repo, "a", "nonexistent", ""), 204, "")
		if body := get(repo); body != `{".lakefs.x":"y","B":"2","c":"3","x.y/z":"","ünï":"v"}` {
			t.Fatalf("%s", body)
		}
		expect(t, del(repo, ".lakefs.x", "B", "c", "x.y/z", "ünï"), 204, "")
		if body := get(repo); body != "{}" {
			t.Fatalf("%s", body)
		}
	})
	t.Run("empty changes do nothing, not even look the repository up", func(t *testing.T) {
		missing := randName("nope-")
		expect(t, set(missing, map[string]string{}), 204, "")
		expect(t, del(missing), 204, "")
		expect(t, set(missing, map[string]string{"a": "b"}), 404, "repository not found")
		expect(t, del(missing, "a"), 404, "repository not found")
		expect(t, tg.do("GET", metadataPath(missing), nil), 404, "repository not found")
		// Only get validates the repository id.
		expect(t, tg.do("GET", metadataPath("Bad_Repo"), nil), 400, "argument repository: repository id: invalid value: validation error")
		expect(t, set("Bad_Repo", map[string]string{"a": "b"}), 404, "repository not found")
		expect(t, del("Bad_Repo", "a"), 404, "repository not found")
		expect(t, tg.do("POST", path, map[string]any{"metadata": map[string]string{}}, noAuth()), 401, "error authenticating request")
	})
	t.Run("read-only repositories accept metadata", func(t *testing.T) {
		ro := tg.newRepo(map[string]any{"read_only": true})
		expect(t, set(ro, map[string]string{"k": "v"}), 204, "")
		if body := get(ro); body != `{"k":"v"}` {
			t.Fatalf("%s", body)
		}
		expect(t, del(ro, "k"), 204, "")
	})
	t.Run("body validation", func(t *testing.T) {
		for _, c := range []struct {
			method string
			body   any
		}{
			{"POST", map[string]any{}},
			{"POST", map[string]any{"metadata": nil}},
			{"POST", map[string]any{"metadata": map[string]any{"a": 1}}},
			{"POST", map[string]any{"metadata": []string{"a"}}},
			{"DELETE", map[string]any{}},
			{"DELETE", map[string]any{"keys": nil}},
			{"DELETE", map[string]any{"keys": []any{1}}},
			{"DELETE", map[string]any{"keys": "a"}},
		} {
			r := tg.do(c.method, path, c.body, noAuth())
			expect(t, r, 400, "")
			if !strings.HasPrefix(r.msg(), "request body has an error") {
				t.Fatalf("%s %v: %q", c.method, c.body, r.msg())
			}
		}
		expect(t, tg.do("DELETE", path, nil), 400, "request body has an error: value is required but missing")
		expect(t, tg.do("POST", path, nil), 400, "request body has an error: value is required but missing")
	})
}
