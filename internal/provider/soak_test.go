package provider_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// The soak applies, plans and destroys a mixed configuration while the server fails requests the way a loaded
// lakeFS behind a flaky network does. The CI version (this test under `make test`) runs 50 resources for one
// cycle; `make soak` sets LAKEFS_SOAK_RESOURCES=200 LAKEFS_SOAK_CYCLES=3. LAKEFS_SOAK_SEED picks the faults.

// soakFaults are the injected failures: 10% answered 503 or 429 with Retry-After (not applied), 2% connections
// reset after the handler ran (applied, answer lost: creates too), and latency spikes.
// On top of the random ones, the first request of every write operation is reset after the handler ran, so that
// each create-reconcile and delete path is exercised whatever the seed and the size.
func soakFaults() []testserver.Fault {
	faults := []testserver.Fault{
		{Kind: testserver.FaultLatency, Latency: 250 * time.Millisecond, Probability: 0.03},
		{Kind: testserver.FaultStatus, Status: 503, RetryAfter: time.Second, Probability: 0.05},
		{Kind: testserver.FaultStatus, Status: 429, RetryAfter: time.Second, Probability: 0.05},
		{Kind: testserver.FaultResetAfterHandler, Probability: 0.02},
	}
	for _, op := range []string{
		"createBranch", "uploadObject", "commit", "createPullRequest", "createUserExternalPrincipal", "updateObjectUserMetadata",
		"createPresignMultipartUpload", "completePresignMultipartUpload",
		"createTag", "deleteTag",
		"deleteBranch", "deleteObject", "deleteUserExternalPrincipal", "updatePullRequest",
		"setGCRules", "deleteGCRules", "setRepositoryMetadata", "deleteRepositoryMetadata",
		"createUser", "createGroup", "addGroupMembership", "setGroupACL", "deleteUser", "deleteGroup", "deleteGroupMembership",
	} {
		faults = append(faults, testserver.Fault{Operation: op, Kind: testserver.FaultResetAfterHandler, Count: 1})
	}
	return faults
}

// soakShape splits n resources into kinds: one multipart object, the repository's GC rules and metadata,
// external principals, object user metadata, a managed group with its ACL and members (lakefs_user +
// lakefs_group_membership pairs), and chains of branch -> object -> commit -> pull request and tag.
type soakShape struct {
	chains, metadata, principals, users, members int
}

func newSoakShape(n int) soakShape {
	s := soakShape{principals: n / 10, metadata: n / 5, members: max(n/20, 1)}
	rest := n - soakSingles - s.principals - s.metadata - s.accounts()
	s.chains = rest / soakChainLength
	s.metadata += rest % soakChainLength
	s.users = min(max(s.principals, 1), 5)
	return s
}

// soakSingles: the multipart object, lakefs_gc_rules and lakefs_repository_metadata.
const soakSingles = 3

// soakChainLength is the number of resources in a chain.
const soakChainLength = 5

// accounts is the number of user, group, membership and group ACL resources.
func (s soakShape) accounts() int { return 2 + 2*s.members }

func (s soakShape) total() int {
	return soakSingles + s.principals + s.metadata + s.accounts() + soakChainLength*s.chains
}

func soakEnvInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q is not a non-negative integer", name, v)
	}
	return n
}

// soakRun is the estate: a repository and users made through the API (so that "nothing left after destroy"
// can be checked in them), and the configuration managed on top.
type soakRun struct {
	t       *testing.T
	target  *acctest.Target
	shape   soakShape
	repo    string
	users   []string
	prefix  string // makes principal ids unique to the run
	bigFile string // source of the multipart object
}

func TestAccSoak_faults(t *testing.T) {
	n := soakEnvInt(t, "LAKEFS_SOAK_RESOURCES", 50)
	cycles := soakEnvInt(t, "LAKEFS_SOAK_CYCLES", 1)
	seed := soakEnvInt(t, "LAKEFS_SOAK_SEED", 1)
	shape := newSoakShape(n)
	if shape.chains < 1 || shape.total() != n {
		t.Fatalf("LAKEFS_SOAK_RESOURCES=%d: need at least 10 resources", n)
	}

	target := acctest.StartServer(t, testserver.Options{
		Edition: testserver.EditionEnterprise, PresignedMultipart: true, Seed: int64(seed),
	})
	run := &soakRun{t: t, target: target, shape: shape, repo: acctest.RandomName("soak"), prefix: acctest.RandomName("p")}
	run.setUp(t)
	target.Server.ResetCounters()

	steps := make([]resource.TestStep, 0, 2*cycles)
	for c := 0; c < cycles; c++ {
		steps = append(steps,
			resource.TestStep{
				PreConfig:        run.injectFaults,
				Config:           run.config(),
				ConfigPlanChecks: expectEmptyPlanAfterApply(),
				Check: func(s *terraform.State) error {
					var err error
					run.withoutFaults(func() { err = run.checkApplied(s) })
					return err
				},
			},
			resource.TestStep{
				Config: run.config(), Destroy: true,
				Check: func(*terraform.State) error {
					var err error
					run.withoutFaults(func() { err = run.checkNothingLeft() })
					target.Server.ClearFaults()
					return err
				},
			},
		)
	}

	t.Cleanup(func() {
		t.Logf("soak: %d resources, %d cycle(s), seed %d: %d requests, %d answers lost after the handler ran",
			n, cycles, seed, totalRequests(target.Server), totalLost(target.Server))
	})
	resource.ParallelTest(t, testCase(t, nil, steps))
}

func totalRequests(srv *testserver.Server) int {
	total := 0
	for _, v := range srv.RequestCounts() {
		total += v
	}
	return total
}

func totalLost(srv *testserver.Server) int {
	total := 0
	for op := range srv.RequestCounts() {
		total += srv.LostAnswers(op)
	}
	return total
}

func (r *soakRun) injectFaults() {
	for _, f := range soakFaults() {
		r.target.Server.InjectFault(f)
	}
}

// withoutFaults runs the test's own API checks on a quiet server, then puts the faults back.
func (r *soakRun) withoutFaults(check func()) {
	r.target.Server.ClearFaults()
	defer r.injectFaults()
	check()
}

func (r *soakRun) setUp(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	c := r.target.Client(t)
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: r.repo, StorageNamespace: acctest.StorageNamespace(r.repo)}); err != nil {
		t.Fatalf("creating the repository: %v", err)
	}
	for i := 0; i < r.shape.metadata; i++ {
		if _, err := c.UploadObjectBytes(ctx, r.repo, "main", soakMetadataPath(i), []byte("metadata target"), client.UploadOptions{}); err != nil {
			t.Fatalf("uploading a metadata target: %v", err)
		}
	}
	if _, err := c.Commit(ctx, r.repo, "main", client.CommitCreation{Message: "soak: metadata targets"}); err != nil {
		t.Fatalf("committing the metadata targets: %v", err)
	}
	for i := 0; i < r.shape.users; i++ {
		user := acctest.RandomName(fmt.Sprintf("soak-user%d", i))
		if _, err := c.CreateUser(ctx, client.UserCreation{ID: user}); err != nil {
			t.Fatalf("creating user %s: %v", user, err)
		}
		r.users = append(r.users, user)
	}
	// Above multipart_threshold: three presigned parts of 5 MiB, 5 MiB and 1 MiB.
	r.bigFile = filepath.Join(t.TempDir(), "big.bin")
	big := make([]byte, 11<<20)
	for i := range big {
		big[i] = byte(i % 251)
	}
	if err := os.WriteFile(r.bigFile, big, 0o600); err != nil {
		t.Fatal(err)
	}
}

func soakMetadataPath(i int) string { return fmt.Sprintf("meta/%03d.txt", i) }

func (r *soakRun) principalID(i int) string {
	return fmt.Sprintf("arn:aws:iam::123456789012:role/soak/%s-%d", r.prefix, i)
}

func (r *soakRun) groupID() string { return r.prefix + "-team" }

func (r *soakRun) memberID(i int) string { return fmt.Sprintf("%s-member-%d", r.prefix, i) }

func (r *soakRun) config() string {
	var b strings.Builder
	fmt.Fprintf(&b, `
provider "lakefs" {
  endpoint            = %q
  access_key_id       = %q
  secret_access_key   = %q
  max_retries         = 6
  multipart_threshold = 5242880
  part_size           = 5242880
}

resource "lakefs_object" "big" {
  repository = %[4]q
  branch     = "main"
  path       = "big/object.bin"
  source     = %[5]q
}

resource "lakefs_gc_rules" "gc" {
  repository             = %[4]q
  default_retention_days = 7
  branch_retention_days  = { main = 21 }
}

resource "lakefs_repository_metadata" "md" {
  repository = %[4]q
  metadata   = { owner = "soak" }
}
`, r.target.Endpoint, r.target.AccessKeyID, r.target.SecretAccessKey, r.repo, r.bigFile)
	for i := 0; i < r.shape.chains; i++ {
		fmt.Fprintf(&b, `
resource "lakefs_branch" "b%[1]d" {
  repository = %[2]q
  name       = "soak-%[1]d"
  source     = "main"
}

resource "lakefs_object" "o%[1]d" {
  repository = %[2]q
  branch     = lakefs_branch.b%[1]d.name
  path       = "data/%[1]d.csv"
  content    = "id,value\n%[1]d,soak\n"
}

resource "lakefs_commit" "c%[1]d" {
  repository = %[2]q
  branch     = lakefs_branch.b%[1]d.name
  message    = "soak %[1]d"
  triggers   = { data = lakefs_object.o%[1]d.checksum }
}

resource "lakefs_pull_request" "pr%[1]d" {
  repository         = %[2]q
  source_branch      = lakefs_commit.c%[1]d.branch
  destination_branch = "main"
  title              = "soak %[1]d"
}

resource "lakefs_tag" "t%[1]d" {
  repository = %[2]q
  id         = "soak-tag-%[1]d"
  ref        = lakefs_commit.c%[1]d.commit_id
}
`, i, r.repo)
	}
	for i := 0; i < r.shape.metadata; i++ {
		fmt.Fprintf(&b, `
resource "lakefs_object_user_metadata" "m%d" {
  repository = %q
  branch     = "main"
  path       = %q
  metadata   = { Owner = "soak", index = "%d" }
}
`, i, r.repo, soakMetadataPath(i), i)
	}
	fmt.Fprintf(&b, `
resource "lakefs_group" "team" {
  id          = %q
  description = "soak"
}

resource "lakefs_group_acl" "team" {
  group_id   = lakefs_group.team.id
  permission = "Write"
}
`, r.groupID())
	for i := 0; i < r.shape.members; i++ {
		fmt.Fprintf(&b, `
resource "lakefs_user" "u%[1]d" {
  id = %[2]q
}

resource "lakefs_group_membership" "u%[1]d" {
  group_id = lakefs_group.team.id
  user_id  = lakefs_user.u%[1]d.id
}
`, i, r.memberID(i))
	}
	for i := 0; i < r.shape.principals; i++ {
		fmt.Fprintf(&b, `
resource "lakefs_user_external_principal" "x%d" {
  user_id      = %q
  principal_id = %q
}
`, i, r.users[i%len(r.users)], r.principalID(i))
	}
	return b.String()
}

// checkApplied: the server holds exactly the configured pull requests (a create that was retried or
// reconciled left no duplicate), every metadata map and principal, and no multipart upload is left open.
func (r *soakRun) checkApplied(s *terraform.State) error {
	ctx := context.Background()
	c := r.target.Client(r.t)
	var want []string
	for i := 0; i < r.shape.chains; i++ {
		rs, ok := s.RootModule().Resources[fmt.Sprintf("lakefs_pull_request.pr%d", i)]
		if !ok {
			return fmt.Errorf("lakefs_pull_request.pr%d is not in the state", i)
		}
		want = append(want, rs.Primary.ID)
	}
	open, err := c.ListAllPullRequests(ctx, r.repo, "", "open")
	if err != nil {
		return err
	}
	got := make([]string, 0, len(open))
	for _, pr := range open {
		got = append(got, pr.ID)
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("open pull requests on the server %v (%d), configured %v (%d): a create was duplicated or lost",
			got, len(got), want, len(want))
	}
	if err := r.checkTags(s); err != nil {
		return err
	}
	for i := 0; i < r.shape.metadata; i++ {
		st, err := c.StatObject(ctx, r.repo, "main", soakMetadataPath(i))
		if err != nil {
			return err
		}
		if st.Metadata["index"] != strconv.Itoa(i) || st.Metadata["Owner"] != "soak" {
			return fmt.Errorf("%s has user metadata %v", soakMetadataPath(i), st.Metadata)
		}
	}
	if err := r.checkSettings(true); err != nil {
		return err
	}
	principals := 0
	for _, u := range r.users {
		list, err := c.ListAllUserExternalPrincipals(ctx, u, "")
		if err != nil {
			return err
		}
		principals += len(list)
	}
	if principals != r.shape.principals {
		return fmt.Errorf("%d external principals attached, configured %d", principals, r.shape.principals)
	}
	if err := r.checkAccounts(); err != nil {
		return err
	}
	return r.checkMultipartUploads()
}

// checkAccounts: the managed group has exactly the managed members and its ACL.
func (r *soakRun) checkAccounts() error {
	ctx := context.Background()
	c := r.target.Client(r.t)
	members, err := c.ListAllGroupMembers(ctx, r.groupID(), "")
	if err != nil {
		return err
	}
	if len(members) != r.shape.members {
		return fmt.Errorf("group %s has %d members, configured %d", r.groupID(), len(members), r.shape.members)
	}
	acl, err := c.GetGroupACL(ctx, r.groupID())
	if err != nil {
		return err
	}
	if acl.Permission != "Write" {
		return fmt.Errorf("group %s has permission %q, configured Write", r.groupID(), acl.Permission)
	}
	return nil
}

// checkMultipartUploads: no upload holds a part, and the only open ones are those whose create was run by lakeFS
// but whose answer was lost (their id never reached the provider, and lakeFS cannot list uploads).
func (r *soakRun) checkMultipartUploads() error {
	srv := r.target.Server
	if held := srv.HeldMultipartParts(); held != 0 {
		return fmt.Errorf("%d uploaded parts held by open multipart uploads", held)
	}
	if open, lost := srv.OpenMultipartUploads(), srv.LostAnswers("createPresignMultipartUpload"); open > lost {
		return fmt.Errorf("%d multipart uploads open, only %d could not be known to the provider", open, lost)
	}
	return nil
}

// checkNothingLeft: after destroy no pull request is open, no principal is attached, no metadata is left, the
// managed branches and objects are gone and no multipart upload holds anything.
func (r *soakRun) checkNothingLeft() error {
	ctx := context.Background()
	c := r.target.Client(r.t)
	var problems []error
	open, err := c.ListAllPullRequests(ctx, r.repo, "", "open")
	if err != nil {
		return err
	}
	if len(open) != 0 {
		problems = append(problems, fmt.Errorf("%d pull requests left open after destroy", len(open)))
	}
	for _, u := range r.users {
		list, err := c.ListAllUserExternalPrincipals(ctx, u, "")
		if err != nil {
			return err
		}
		if len(list) != 0 {
			problems = append(problems, fmt.Errorf("user %s still has %d external principals after destroy", u, len(list)))
		}
	}
	for i := 0; i < r.shape.metadata; i++ {
		st, err := c.StatObject(ctx, r.repo, "main", soakMetadataPath(i))
		if err != nil {
			return err
		}
		if len(st.Metadata) != 0 {
			problems = append(problems, fmt.Errorf("%s still has user metadata %v after destroy", soakMetadataPath(i), st.Metadata))
		}
	}
	if tags, err := c.ListTags(ctx, r.repo, client.ListOptions{Amount: 1000}); err != nil {
		return err
	} else if len(tags.Results) != 0 {
		problems = append(problems, fmt.Errorf("%d tags left after destroy", len(tags.Results)))
	}
	branches, err := c.ListBranches(ctx, r.repo, client.ListOptions{Amount: 1000})
	if err != nil {
		return err
	}
	if len(branches.Results) != 1 {
		problems = append(problems, fmt.Errorf("%d branches after destroy, want only main", len(branches.Results)))
	}
	if _, err := c.StatObject(ctx, r.repo, "main", "big/object.bin"); !client.IsNotFound(err) {
		problems = append(problems, fmt.Errorf("the multipart object is still there after destroy (%v)", err))
	}
	if _, err := c.GetGroup(ctx, r.groupID()); !client.IsNotFound(err) {
		problems = append(problems, fmt.Errorf("group %s is still there after destroy (%v)", r.groupID(), err))
	}
	if users, err := c.ListAllUsers(ctx, r.prefix+"-member-"); err != nil || len(users) != 0 {
		problems = append(problems, fmt.Errorf("%d managed users left after destroy (%v)", len(users), err))
	}
	if err := r.checkMultipartUploads(); err != nil {
		problems = append(problems, err)
	}
	if err := r.checkSettings(false); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}

// checkSettings: the repository has the configured GC rules and metadata (applied), or none (destroyed).
func (r *soakRun) checkSettings(applied bool) error {
	ctx := context.Background()
	c := r.target.Client(r.t)
	rules, err := c.GetGCRules(ctx, r.repo)
	switch {
	case !applied && !client.IsNotFound(err):
		return fmt.Errorf("GC rules after destroy: %+v (%v)", rules, err)
	case applied && err != nil:
		return err
	case applied && (rules.DefaultRetentionDays != 7 || len(rules.Branches) != 1 || rules.Branches[0] != client.GarbageCollectionRule{BranchID: "main", RetentionDays: 21}):
		return fmt.Errorf("GC rules %+v", rules)
	}
	md, err := c.GetRepositoryMetadata(ctx, r.repo)
	if err != nil {
		return err
	}
	if want := map[string]string{"owner": "soak"}; applied && !maps.Equal(md, want) || !applied && len(md) != 0 {
		return fmt.Errorf("repository metadata %v (applied: %t)", md, applied)
	}
	return nil
}

// checkTags: the server holds exactly the configured tags, each on its chain's commit.
func (r *soakRun) checkTags(s *terraform.State) error {
	tags, err := r.target.Client(r.t).ListTags(context.Background(), r.repo, client.ListOptions{Amount: 1000})
	if err != nil {
		return err
	}
	if len(tags.Results) != r.shape.chains {
		return fmt.Errorf("%d tags on the server, configured %d", len(tags.Results), r.shape.chains)
	}
	for _, tag := range tags.Results {
		var i int
		if _, err := fmt.Sscanf(tag.ID, "soak-tag-%d", &i); err != nil {
			return fmt.Errorf("unexpected tag %s", tag.ID)
		}
		want, err := stateCommitID(s, fmt.Sprintf("lakefs_commit.c%d", i))
		if err != nil {
			return err
		}
		if tag.CommitID != want {
			return fmt.Errorf("tag %s points at %s, want its commit %s", tag.ID, tag.CommitID, want)
		}
	}
	return nil
}
