package client_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Tags, branch protection, GC rules, repository metadata and the list-all helpers against the in-memory double.

func doubleClient(t *testing.T) (*client.Client, *testserver.Server) {
	return startDouble(t, testserver.Options{}, quickRetries)
}

// quickRetries retries twice within milliseconds, so a test of a retried failure stays fast.
var quickRetries = client.Config{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}

// startDouble starts a double with opts (in a temporary data directory) and a client of it: cfg with the double's
// endpoint and access key.
func startDouble(tb testing.TB, opts testserver.Options, cfg client.Config) (*client.Client, *testserver.Server) {
	tb.Helper()
	opts.DataDir = tb.TempDir()
	srv := testserver.Start(opts)
	tb.Cleanup(srv.Close)
	cfg.Endpoint, cfg.AccessKeyID, cfg.SecretAccessKey = srv.Endpoint(), srv.AccessKeyID(), srv.SecretAccessKey()
	c, err := client.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c, srv
}

func newRepo(t *testing.T, c *client.Client, name string, readOnly bool) {
	t.Helper()
	_, err := c.CreateRepository(context.Background(), client.RepositoryCreation{Name: name, StorageNamespace: "local://" + name, ReadOnly: &readOnly})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTags(t *testing.T) {
	c, srv := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	head, err := c.GetBranch(ctx, "repo1", "main")
	if err != nil {
		t.Fatal(err)
	}
	tag, err := c.CreateTag(ctx, "repo1", "v1", "main")
	if err != nil || *tag != (client.Ref{ID: "v1", CommitID: head.CommitID}) {
		t.Fatalf("%+v %v", tag, err)
	}
	if got, err := c.GetTag(ctx, "repo1", "v1"); err != nil || *got != *tag {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := c.CreateTag(ctx, "repo1", "v1", "main"); !client.IsConflict(err) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := c.CreateTag(ctx, "repo1", "main", "main"); !client.IsConflict(err) {
		t.Fatalf("branch name: %v", err)
	}
	if _, err := c.CreateTag(ctx, "repo1", "v2", "nope"); !client.IsNotFound(err) {
		t.Fatalf("unknown ref: %v", err)
	}
	if _, err := c.CreateTag(ctx, "repo1", "a..b", "main"); !client.IsBadRequest(err) {
		t.Fatalf("invalid id: %v", err)
	}
	if _, err := c.GetTag(ctx, "repo1", "nope"); !client.IsNotFound(err) {
		t.Fatalf("missing: %v", err)
	}
	// A tag id with a slash is escaped as one path segment and refused by lakeFS, not routed elsewhere.
	if _, err := c.GetTag(ctx, "repo1", "a/b"); !client.IsBadRequest(err) {
		t.Fatalf("slash: %v", err)
	}
	page, err := c.ListTags(ctx, "repo1", client.ListOptions{Amount: 10})
	if err != nil || len(page.Results) != 1 || page.Results[0] != *tag || page.Pagination.HasMore {
		t.Fatalf("%+v %v", page, err)
	}
	if err := c.DeleteTag(ctx, "repo1", "v1", false); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTag(ctx, "repo1", "v1", false); !client.IsNotFound(err) {
		t.Fatalf("delete twice: %v", err)
	}

	newRepo(t, c, "ro-repo", true)
	if _, err := c.CreateTag(ctx, "ro-repo", "v1", "main"); !client.IsForbidden(err) {
		t.Fatalf("read-only: %v", err)
	}
	if _, err := c.CreateTagWith(ctx, "ro-repo", client.TagCreation{ID: "v1", Ref: "main", Force: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTag(ctx, "ro-repo", "v1", false); !client.IsForbidden(err) {
		t.Fatalf("read-only delete: %v", err)
	}
	if err := c.DeleteTag(ctx, "ro-repo", "v1", true); err != nil {
		t.Fatal(err)
	}

	// createTag is never replayed once it may have reached the server.
	srv.ResetCounters()
	srv.InjectFault(testserver.Fault{Operation: "createTag", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if _, err := c.CreateTag(ctx, "repo1", "v3", "main"); !client.IsOutcomeUnknown(err) {
		t.Fatalf("reset after create: %v", err)
	}
	if n := srv.RequestCount("createTag"); n != 1 {
		t.Fatalf("createTag sent %d times", n)
	}
	if _, err := c.GetTag(ctx, "repo1", "v3"); err != nil {
		t.Fatalf("the tag was created: %v", err)
	}
}

func TestBranchProtectionRules(t *testing.T) {
	c, srv := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	rules, etag, err := c.GetBranchProtectionRules(ctx, "repo1")
	if err != nil || rules == nil || len(rules) != 0 || etag != "" {
		t.Fatalf("%v %q %v", rules, etag, err)
	}
	if err := c.SetBranchProtectionRules(ctx, "repo1", []client.BranchProtectionRule{{Pattern: "stable-*"}, {Pattern: "main"}}, ""); err != nil {
		t.Fatal(err)
	}
	rules, etag1, err := c.GetBranchProtectionRules(ctx, "repo1")
	if err != nil || !reflect.DeepEqual(rules, []client.BranchProtectionRule{{Pattern: "main"}, {Pattern: "stable-*"}}) || len(etag1) != 64 {
		t.Fatalf("%v %q %v", rules, etag1, err)
	}
	if err := c.SetBranchProtectionRules(ctx, "repo1", []client.BranchProtectionRule{{Pattern: "main"}}, etag1); err != nil {
		t.Fatal(err)
	}
	_, etag2, err := c.GetBranchProtectionRules(ctx, "repo1")
	if err != nil || etag2 == etag1 || etag2 == "" {
		t.Fatalf("%q %v", etag2, err)
	}
	err = c.SetBranchProtectionRules(ctx, "repo1", nil, etag1)
	if !client.IsETagMismatch(err) || !client.IsPreconditionFailed(err) {
		t.Fatalf("stale ETag: %v", err)
	}
	if client.IsETagMismatch(&client.APIError{Operation: "uploadObject", StatusCode: 412}) {
		t.Fatal("a 412 of another operation is not an ETag mismatch")
	}
	// The rules are enforced.
	if _, err := c.UploadObjectBytes(ctx, "repo1", "main", "a", []byte("x"), client.UploadOptions{}); !client.IsForbidden(err) {
		t.Fatalf("upload to a protected branch: %v", err)
	}
	// An empty list removes every rule; its ETag is "" again, so the next set goes without If-Match.
	if err := c.SetBranchProtectionRules(ctx, "repo1", nil, etag2); err != nil {
		t.Fatal(err)
	}
	rules, etag, err = c.GetBranchProtectionRules(ctx, "repo1")
	if err != nil || len(rules) != 0 || etag != "" {
		t.Fatalf("%v %q %v", rules, etag, err)
	}
	if err := c.SetBranchProtectionRules(ctx, "repo1", []client.BranchProtectionRule{{Pattern: "x"}}, etag); err != nil {
		t.Fatal(err)
	}

	newRepo(t, c, "ro-repo", true)
	if err := c.SetBranchProtectionRules(ctx, "ro-repo", nil, ""); !client.IsForbidden(err) {
		t.Fatalf("read-only: %v", err)
	}
	if _, _, err := c.GetBranchProtectionRules(ctx, "nope-repo"); !client.IsNotFound(err) {
		t.Fatalf("missing repository: %v", err)
	}

	// Without an ETag a lost answer is retried; with one it is not (a replay would answer 412).
	srv.InjectFault(testserver.Fault{Operation: "setBranchProtectionRules", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if err := c.SetBranchProtectionRules(ctx, "repo1", []client.BranchProtectionRule{{Pattern: "y"}}, ""); err != nil {
		t.Fatalf("unconditional set after a reset: %v", err)
	}
	_, etag, _ = c.GetBranchProtectionRules(ctx, "repo1")
	srv.InjectFault(testserver.Fault{Operation: "setBranchProtectionRules", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if err := c.SetBranchProtectionRules(ctx, "repo1", []client.BranchProtectionRule{{Pattern: "z"}}, etag); !client.IsOutcomeUnknown(err) {
		t.Fatalf("conditional set after a reset: %v", err)
	}
	if rules, _, _ := c.GetBranchProtectionRules(ctx, "repo1"); len(rules) != 1 || rules[0].Pattern != "z" {
		t.Fatalf("the conditional set was applied once: %v", rules)
	}
}

func TestGCRules(t *testing.T) {
	c, _ := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	if _, err := c.GetGCRules(ctx, "repo1"); !client.IsNotFound(err) {
		t.Fatalf("no rules: %v", err)
	}
	if err := c.DeleteGCRules(ctx, "repo1"); err != nil {
		t.Fatalf("delete without rules: %v", err)
	}
	want := client.GarbageCollectionRules{DefaultRetentionDays: 14, Branches: []client.GarbageCollectionRule{
		{BranchID: "dev", RetentionDays: 3}, {BranchID: "main", RetentionDays: 90}}}
	if err := c.SetGCRules(ctx, "repo1", client.GarbageCollectionRules{DefaultRetentionDays: 14, Branches: []client.GarbageCollectionRule{
		{BranchID: "main", RetentionDays: 90}, {BranchID: "dev", RetentionDays: 3}}}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetGCRules(ctx, "repo1"); err != nil || !reflect.DeepEqual(*got, want) {
		t.Fatalf("%+v %v", got, err)
	}
	// No branch rules: lakeFS answers "branches": null, the client gives an empty slice; nil is sent as [].
	if err := c.SetGCRules(ctx, "repo1", client.GarbageCollectionRules{DefaultRetentionDays: 7}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetGCRules(ctx, "repo1"); err != nil || got.DefaultRetentionDays != 7 || got.Branches == nil || len(got.Branches) != 0 {
		t.Fatalf("%+v %v", got, err)
	}
	if err := c.DeleteGCRules(ctx, "repo1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetGCRules(ctx, "repo1"); !client.IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}
	newRepo(t, c, "ro-repo", true)
	if err := c.SetGCRules(ctx, "ro-repo", want); !client.IsForbidden(err) {
		t.Fatalf("read-only: %v", err)
	}
}

func TestRepositoryMetadata(t *testing.T) {
	c, _ := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	md, err := c.GetRepositoryMetadata(ctx, "repo1")
	if err != nil || md == nil || len(md) != 0 {
		t.Fatalf("%v %v", md, err)
	}
	if err := c.SetRepositoryMetadata(ctx, "repo1", map[string]string{"owner": "team-a", "tier": "gold"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetRepositoryMetadata(ctx, "repo1", map[string]string{"tier": "silver"}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteRepositoryMetadata(ctx, "repo1", []string{"owner", "never-set"}); err != nil {
		t.Fatal(err)
	}
	if md, err := c.GetRepositoryMetadata(ctx, "repo1"); err != nil || !reflect.DeepEqual(md, map[string]string{"tier": "silver"}) {
		t.Fatalf("%v %v", md, err)
	}
	if err := c.SetRepositoryMetadata(ctx, "nope-repo", map[string]string{"a": "b"}); !client.IsNotFound(err) {
		t.Fatalf("missing repository: %v", err)
	}
	// Empty changes are no-ops that lakeFS accepts even for a missing repository.
	if err := c.SetRepositoryMetadata(ctx, "nope-repo", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteRepositoryMetadata(ctx, "nope-repo", nil); err != nil {
		t.Fatal(err)
	}
}

func TestListAllAgainstDouble(t *testing.T) {
	c, srv := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	const n = 1001 // two pages of 1000
	for i := range n {
		if _, err := c.CreateBranch(ctx, "repo1", client.BranchCreation{Name: fmt.Sprintf("b-%04d", i), Source: "main"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateTag(ctx, "repo1", fmt.Sprintf("t-%04d", i), "main"); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"a", "a/1", "a/2", "a/b/3", "b", "d/"} {
		if _, err := c.UploadObjectBytes(ctx, "repo1", "main", p, []byte(p), client.UploadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetCounters()
	branches, err := c.ListAllBranches(ctx, "repo1", "b-")
	if err != nil || len(branches) != n || branches[0].ID != "b-0000" || branches[n-1].ID != "b-1000" || srv.RequestCount("listBranches") != 2 {
		t.Fatalf("%d branches in %d calls: %v", len(branches), srv.RequestCount("listBranches"), err)
	}
	all, err := c.ListAllBranches(ctx, "repo1", "")
	if err != nil || len(all) != n+1 || all[n].ID != "main" {
		t.Fatalf("%d %v", len(all), err)
	}
	tags, err := c.ListAllTags(ctx, "repo1", "")
	if err != nil || len(tags) != n || srv.RequestCount("listTags") != 2 {
		t.Fatalf("%d tags in %d calls: %v", len(tags), srv.RequestCount("listTags"), err)
	}
	if none, err := c.ListAllTags(ctx, "repo1", "zzz"); err != nil || len(none) != 0 {
		t.Fatalf("%v %v", none, err)
	}
	newRepo(t, c, "repo2", false)
	repos, err := c.ListAllRepositories(ctx, "repo")
	if err != nil || len(repos) != 2 || repos[0].ID != "repo1" || repos[1].ID != "repo2" {
		t.Fatalf("%+v %v", repos, err)
	}
	objs, err := c.ListAllObjects(ctx, "repo1", "main", "", "/")
	var got []string
	for _, o := range objs {
		got = append(got, o.Path+":"+o.PathType)
	}
	if err != nil || fmt.Sprint(got) != "[a:object a/:common_prefix b:object d/:common_prefix]" {
		t.Fatalf("%v %v", got, err)
	}
	objs, err = c.ListAllObjects(ctx, "repo1", "main", "a/", "")
	if err != nil || len(objs) != 3 || objs[2].Path != "a/b/3" || objs[2].SizeBytes != 5 {
		t.Fatalf("%+v %v", objs, err)
	}
	if _, err := c.ListAllObjects(ctx, "repo1", "nope", "", ""); !client.IsNotFound(err) {
		t.Fatalf("unknown ref: %v", err)
	}
}

func TestGetCommitForDataSource(t *testing.T) {
	c, _ := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	if _, err := c.UploadObjectBytes(ctx, "repo1", "main", "a", []byte("x"), client.UploadOptions{}); err != nil {
		t.Fatal(err)
	}
	date := int64(1700000000)
	made, err := c.Commit(ctx, "repo1", "main", client.CommitCreation{Message: "m", Metadata: map[string]string{"k": "v"}, Date: &date})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateTag(ctx, "repo1", "v1", "main"); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"v1", "main", made.ID, made.ID[:8]} {
		got, err := c.GetCommit(ctx, "repo1", ref)
		if err != nil || got.ID != made.ID || got.Message != "m" || got.CreationDate != date || got.Metadata["k"] != "v" || len(got.Parents) != 1 {
			t.Fatalf("%s: %+v %v", ref, got, err)
		}
	}
	if _, err := c.GetCommit(ctx, "repo1", "nope"); !client.IsNotFound(err) {
		t.Fatal(err)
	}
}

func TestGetObjectBytes(t *testing.T) {
	c, _ := doubleClient(t)
	ctx := context.Background()
	newRepo(t, c, "repo1", false)
	if _, err := c.UploadObjectBytes(ctx, "repo1", "main", "dir/readme.txt", []byte("hello\n"), client.UploadOptions{ContentType: "text/plain"}); err != nil {
		t.Fatal(err)
	}
	if data, err := c.GetObjectBytes(ctx, "repo1", "main", "dir/readme.txt", 6); err != nil || string(data) != "hello\n" {
		t.Fatalf("%q %v", data, err)
	}
	if _, err := c.GetObjectBytes(ctx, "repo1", "main", "dir/readme.txt", 5); !errors.Is(err, client.ErrObjectTooLarge) {
		t.Fatalf("too large: %v", err)
	}
	if _, err := c.GetObjectBytes(ctx, "repo1", "main", "nope", 5); !client.IsNotFound(err) {
		t.Fatalf("missing: %v", err)
	}
}
