package client

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// What the new operations put on the wire.
func TestAdminOperationsWire(t *testing.T) {
	type seen struct{ method, path, query, body, ifMatch string }
	var last seen
	var hasIfMatch bool
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last = seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, strings.TrimSpace(string(b)), r.Header.Get("If-Match")}
		_, hasIfMatch = r.Header["If-Match"]
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/branch_protection"):
			w.Header().Set("ETag", `"quoted-as-is"`)
			writeJSON(w, 200, []BranchProtectionRule{{"b"}, {"a"}})
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/gc_rules"):
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"branches":[{"branch_id":"z","retention_days":1},{"branch_id":"a","retention_days":2}],"default_retention_days":3}`)
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/metadata"):
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, "null")
		case r.Method == http.MethodGet:
			writeJSON(w, 200, ObjectStatsList{})
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	ctx := context.Background()

	rules, etag, err := c.GetBranchProtectionRules(ctx, "repo1")
	if err != nil || etag != `"quoted-as-is"` || len(rules) != 2 || rules[0].Pattern != "a" {
		t.Fatalf("%v %q %v", rules, etag, err)
	}
	if err := c.SetBranchProtectionRules(ctx, "repo1", nil, ""); err != nil || hasIfMatch || last.body != "[]" || last.method != http.MethodPut ||
		last.path != "/api/v1/repositories/repo1/settings/branch_protection" {
		t.Fatalf("unconditional: %+v If-Match sent %v: %v", last, hasIfMatch, err)
	}
	if err := c.SetBranchProtectionRules(ctx, "repo1", []BranchProtectionRule{{"main"}}, "abc"); err != nil || last.ifMatch != "abc" ||
		last.body != `[{"pattern":"main"}]` {
		t.Fatalf("conditional: %+v %v", last, err)
	}

	gc, err := c.GetGCRules(ctx, "repo1")
	if err != nil || gc.DefaultRetentionDays != 3 || gc.Branches[0].BranchID != "a" || gc.Branches[1].BranchID != "z" {
		t.Fatalf("%+v %v", gc, err)
	}
	if err := c.SetGCRules(ctx, "repo1", GarbageCollectionRules{}); err != nil || last.body != `{"default_retention_days":0,"branches":[]}` {
		t.Fatalf("%+v %v", last, err)
	}
	if err := c.DeleteGCRules(ctx, "repo1"); err != nil || last.method != http.MethodDelete || last.path != "/api/v1/repositories/repo1/settings/gc_rules" {
		t.Fatalf("%+v %v", last, err)
	}

	md, err := c.GetRepositoryMetadata(ctx, "repo1")
	if err != nil || md == nil || len(md) != 0 {
		t.Fatalf("null metadata: %v %v", md, err)
	}
	if err := c.SetRepositoryMetadata(ctx, "repo1", nil); err != nil || last.method != http.MethodPost || last.body != `{"metadata":{}}` {
		t.Fatalf("%+v %v", last, err)
	}
	if err := c.DeleteRepositoryMetadata(ctx, "repo1", []string{"a"}); err != nil || last.method != http.MethodDelete || last.body != `{"keys":["a"]}` ||
		last.path != "/api/v1/repositories/repo1/metadata" {
		t.Fatalf("%+v %v", last, err)
	}

	if _, err := c.CreateTagWith(ctx, "repo1", TagCreation{ID: "v1", Ref: "main"}); err == nil || last.body != `{"id":"v1","ref":"main"}` {
		t.Fatalf("create tag without force: %+v %v", last, err)
	}
	if err := c.DeleteTag(ctx, "repo1", "v/1", true); err != nil || last.path != "/api/v1/repositories/repo1/tags/v%2F1" || last.query != "force=true" {
		t.Fatalf("%+v %v", last, err)
	}
	if _, err := c.ListAllObjects(ctx, "repo1", "main", "dir/", "/"); err != nil || last.query != "amount=1000&delimiter=%2F&prefix=dir%2F" {
		t.Fatalf("%+v %v", last, err)
	}
}

// A conditional set is not retried after an answer that may follow an applied request; an unconditional one is.
func TestSetBranchProtectionRulesRetries(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	})
	ctx := context.Background()
	if err := c.SetBranchProtectionRules(ctx, "repo1", nil, "etag"); !IsOutcomeUnknown(err) || attempts.Load() != 1 {
		t.Fatalf("conditional: %d attempts: %v", attempts.Load(), err)
	}
	attempts.Store(0)
	if err := c.SetBranchProtectionRules(ctx, "repo1", nil, ""); StatusCode(err) != http.StatusBadGateway || attempts.Load() != 3 {
		t.Fatalf("unconditional: %d attempts: %v", attempts.Load(), err)
	}
}
