package testserver_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// Branch protection rules: getBranchProtectionRules / setBranchProtectionRules, their ETag and If-Match, and what
// a rule blocks (see branch_protection.go in the double).

var reETag = regexp.MustCompile(`^[0-9a-f]{64}$`)

func protectionPath(repo string) string {
	return "/repositories/" + repo + "/settings/branch_protection"
}

// getRules returns the sorted patterns and the ETag header (which must be present, possibly empty).
func (tg *apiTarget) getRules(repo string) ([]string, string) {
	tg.t.Helper()
	r := tg.do("GET", protectionPath(repo), nil)
	expect(tg.t, r, 200, "")
	values, ok := r.header[http.CanonicalHeaderKey("ETag")]
	if !ok || len(values) != 1 {
		tg.t.Fatalf("ETag header %v in %v", values, r.header)
	}
	var rules []map[string]any
	if err := json.Unmarshal(r.body, &rules); err != nil || rules == nil {
		tg.t.Fatalf("body %q: %v", r.body, err)
	}
	patterns := make([]string, 0, len(rules))
	for _, rule := range rules {
		if len(rule) != 1 {
			tg.t.Fatalf("rule %v", rule)
		}
		patterns = append(patterns, rule["pattern"].(string))
	}
	sort.Strings(patterns)
	return patterns, values[0]
}

func rulesBody(patterns ...string) []map[string]string {
	out := []map[string]string{}
	for _, p := range patterns {
		out = append(out, map[string]string{"pattern": p})
	}
	return out
}

// oneRuleETag is the ETag of a single rule: the SHA-256 of lakeFS's protobuf (pattern → [STAGING_WRITE, COMMIT]).
func oneRuleETag(pattern string) string {
	entry := append([]byte{0x0a, byte(len(pattern))}, pattern...)
	entry = append(entry, 0x12, 0x04, 0x0a, 0x02, 0x00, 0x01)
	msg := append([]byte{0x0a, byte(len(entry))}, entry...)
	sum := sha256.Sum256(msg)
	return hex.EncodeToString(sum[:])
}

func TestContractBranchProtectionETag(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	path := protectionPath(repo)
	put := func(etag *string, patterns ...string) response {
		var opts []reqOpt
		if etag != nil {
			opts = append(opts, hdr("If-Match", *etag))
		}
		return tg.do("PUT", path, rulesBody(patterns...), opts...)
	}
	str := func(s string) *string { return &s }

	t.Run("never set: empty list, empty ETag", func(t *testing.T) {
		r := tg.do("GET", path, nil)
		expect(t, r, 200, "")
		if strings.TrimSpace(string(r.body)) != "[]" || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("%s %v", r.body, r.header)
		}
		if p, etag := tg.getRules(repo); len(p) != 0 || etag != "" {
			t.Fatalf("%v %q", p, etag)
		}
	})
	t.Run("If-Match before anything was set", func(t *testing.T) {
		for _, v := range []string{"abc", "*", `""`, oneRuleETag("main")} {
			expect(t, put(str(v), "main"), 412, "Precondition failed")
		}
	})
	t.Run("an empty If-Match cannot be sent", func(t *testing.T) {
		r := put(str(""), "main")
		if r.status != 400 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") ||
			strings.TrimSpace(string(r.body)) != "Invalid format for parameter If-Match: parameter 'If-Match' is empty, can't bind its value" {
			t.Fatalf("%d %v %q", r.status, r.header, r.body)
		}
		// The binding runs before authorization.
		if r := tg.do("PUT", path, rulesBody("main"), hdr("If-Match", ""), noAuth()); r.status != 400 {
			t.Fatalf("unauthenticated: %d %s", r.status, r.body)
		}
	})
	var etag1 string
	t.Run("unconditional set", func(t *testing.T) {
		expect(t, put(nil, "main"), 204, "")
		p, etag := tg.getRules(repo)
		if strings.Join(p, ",") != "main" || etag != oneRuleETag("main") {
			t.Fatalf("%v %q, want ETag %s", p, etag, oneRuleETag("main"))
		}
		etag1 = etag
		if _, again := tg.getRules(repo); again != etag1 {
			t.Fatalf("ETag changed without a change: %s %s", etag1, again)
		}
	})
	t.Run("the ETag must match byte for byte", func(t *testing.T) {
		for _, v := range []string{`"` + etag1 + `"`, `W/"` + etag1 + `"`, strings.ToUpper(etag1), "*", etag1[:63], etag1 + "0"} {
			expect(t, put(str(v), "other"), 412, "Precondition failed")
		}
		if p, _ := tg.getRules(repo); strings.Join(p, ",") != "main" {
			t.Fatalf("a failed precondition changed the rules: %v", p)
		}
	})
	t.Run("matching ETag, then it is stale", func(t *testing.T) {
		expect(t, put(str(etag1), "main", "rel-*", "rel-*"), 204, "")
		p, etag2 := tg.getRules(repo)
		if strings.Join(p, ",") != "main,rel-*" || !reETag.MatchString(etag2) || etag2 == etag1 {
			t.Fatalf("%v %q", p, etag2)
		}
		expect(t, put(str(etag1), "x"), 412, "Precondition failed")
		expect(t, put(str(etag2), "main"), 204, "")
		if _, etag3 := tg.getRules(repo); etag3 != etag1 {
			t.Fatalf("same single rule, different ETag: %s %s", etag3, etag1)
		}
	})
	t.Run("an empty list exists but has the empty ETag", func(t *testing.T) {
		_, etag := tg.getRules(repo)
		expect(t, put(str(etag)), 204, "")
		p, empty := tg.getRules(repo)
		if len(p) != 0 || empty != "" {
			t.Fatalf("%v %q", p, empty)
		}
		// Nothing non-empty matches it, and "" cannot be sent: only an unconditional set gets past it.
		expect(t, put(str(etag1), "main"), 412, "Precondition failed")
		expect(t, put(str(`""`), "main"), 412, "Precondition failed")
		expect(t, put(nil, "main"), 204, "")
	})
}

func TestContractBranchProtectionRequests(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	path := protectionPath(repo)
	t.Run("body validation", func(t *testing.T) {
		for _, body := range []any{
			[]map[string]any{{"pattern": ""}}, []map[string]any{{}}, []map[string]any{{"pattern": 1}},
			map[string]any{"pattern": "x"}, []any{"main"}, []any{nil},
		} {
			r := tg.do("PUT", path, body, noAuth())
			expect(t, r, 400, "")
			if !strings.HasPrefix(r.msg(), "request body has an error") {
				t.Fatalf("%v: %q", body, r.msg())
			}
		}
		expect(t, tg.do("PUT", path, "null", hdr("Content-Type", "application/json")), 400, "")
		expect(t, tg.do("PUT", path, nil), 400, "request body has an error: value is required but missing")
	})
	t.Run("extra properties and duplicates", func(t *testing.T) {
		expect(t, tg.do("PUT", path, []map[string]any{{"pattern": "a*", "blocked": []string{"commit"}}, {"pattern": "a*"}}), 204, "")
		if p, etag := tg.getRules(repo); strings.Join(p, ",") != "a*" || etag != oneRuleETag("a*") {
			t.Fatalf("%v %q", p, etag)
		}
	})
	t.Run("repository", func(t *testing.T) {
		missing := protectionPath(randName("nope-"))
		expect(t, tg.do("GET", missing, nil), 404, "repository not found")
		expect(t, tg.do("PUT", missing, rulesBody()), 404, "repository not found")
		// The settings operations do not validate the repository id.
		expect(t, tg.do("GET", protectionPath("Bad_Repo"), nil), 404, "repository not found")
		expect(t, tg.do("PUT", protectionPath("Bad_Repo"), rulesBody()), 404, "repository not found")
		expect(t, tg.do("GET", path, nil, noAuth()), 401, "error authenticating request")
		expect(t, tg.do("PUT", path, rulesBody(), noAuth()), 401, "error authenticating request")
	})
	t.Run("read-only repository", func(t *testing.T) {
		ro := tg.newRepo(map[string]any{"read_only": true})
		expect(t, tg.do("PUT", protectionPath(ro), rulesBody("main")), 403, "read-only repository")
		expect(t, tg.do("PUT", protectionPath(ro), rulesBody("main"), hdr("If-Match", "stale")), 403, "read-only repository")
		if p, etag := tg.getRules(ro); len(p) != 0 || etag != "" {
			t.Fatalf("%v %q", p, etag)
		}
	})
}

// eventually retries check until it passes: real lakeFS caches the rules its write checks use for a few seconds.
func eventually(t *testing.T, what string, check func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, got := check()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %s", what, got)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func TestContractBranchProtectionEnforced(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	tg.branchFromMain(repo, "rel-a")
	tg.branchFromMain(repo, "rel-c")
	tg.branchFromMain(repo, "dev")
	expect(t, tg.upload(repo, "dev", "f", "x"), 201, "")
	tg.commitOK(repo, "dev", "on dev")
	expect(t, tg.do("PUT", protectionPath(repo), rulesBody("ma?n", "rel-{a,b}")), 204, "")

	// Probe with a delete of a missing path: harmless while the old rules still apply (204).
	eventually(t, "write to a protected branch", func() (bool, string) {
		r := tg.do("DELETE", base+"/branches/main/objects?path=nothing", nil)
		return r.status == 403 && r.msg() == "cannot write to protected branch", string(r.body)
	})
	expect(t, tg.upload(repo, "main", "p", "x"), 403, "cannot write to protected branch")
	expect(t, tg.upload(repo, "rel-a", "p", "x"), 403, "cannot write to protected branch")
	expect(t, tg.upload(repo, "rel-c", "p", "x"), 201, "")
	// The check runs before the object is looked up.
	expect(t, tg.do("DELETE", base+"/branches/main/objects?path=nothing", nil), 403, "cannot write to protected branch")
	expect(t, tg.do("PUT", base+"/branches/main/objects/stat/user_metadata?path=nothing", map[string]any{"set": map[string]string{}}), 403,
		"cannot write to protected branch")
	expect(t, tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "m", "allow_empty": true}), 403, "cannot commit to protected branch")
	expect(t, tg.do("PUT", base+"/branches/main/hard_reset?ref=main", nil), 403, "protected branch")
	// Merging into a protected branch, tagging it, branching from it and deleting a protected branch are allowed.
	expect(t, tg.do("POST", base+"/refs/dev/merge/main", map[string]any{}), 200, "")
	expect(t, tg.do("POST", base+"/tags", map[string]any{"id": "v1", "ref": "main"}), 201, "")
	tg.branchFromMain(repo, "from-protected")
	expect(t, tg.do("DELETE", base+"/branches/rel-a", nil), 204, "")

	t.Run("a pattern that does not compile breaks every write", func(t *testing.T) {
		expect(t, tg.do("PUT", protectionPath(repo), rulesBody("[abc")), 204, "")
		eventually(t, "write with a broken pattern", func() (bool, string) {
			r := tg.do("DELETE", base+"/branches/dev/objects?path=nothing", nil)
			return r.status == 500 && r.msg() == "unexpected end of input", string(r.body)
		})
		expect(t, tg.upload(repo, "dev", "q", "x"), 500, "unexpected end of input")
	})
	expect(t, tg.do("PUT", protectionPath(repo), rulesBody()), 204, "")
	eventually(t, "upload after the rules were cleared", func() (bool, string) {
		r := tg.upload(repo, "main", "p", "x")
		return r.status == 201, string(r.body)
	})
}
