package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// prFixture creates, through the API, a repository (deleted when the test ends) whose branch "feature" has one
// committed change that main lacks. Branches and commits have no resources on this branch yet.
func prFixture(t *testing.T, target *acctest.Target) (repo string) {
	t.Helper()
	c := target.Client(t)
	repo = acctest.RandomName("tf-pr")
	createRepositoryAPI(t, c, repo)
	prCommit(t, c, repo, "feature", "feature.txt", "main")
	return repo
}

// createPullRequestAPI opens a pull request through the API and returns its id.
func createPullRequestAPI(t *testing.T, c *client.Client, repo string, pr client.PullRequestCreation) string {
	t.Helper()
	id, err := c.CreatePullRequest(context.Background(), repo, pr)
	if err != nil {
		t.Fatalf("creating pull request %q: %v", pr.Title, err)
	}
	return id
}

// mergePullRequestAPI merges a pull request through the API.
func mergePullRequestAPI(t *testing.T, c *client.Client, repo, id string) *client.MergeResult {
	t.Helper()
	result, err := c.MergePullRequest(context.Background(), repo, id)
	if err != nil {
		t.Fatalf("merging pull request %s: %v", id, err)
	}
	return result
}

// prCommit commits a file to branch, creating the branch from source first when source is not empty.
func prCommit(t *testing.T, c *client.Client, repo, branch, path, source string) {
	t.Helper()
	ctx := context.Background()
	if source != "" {
		if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: branch, Source: source}); err != nil {
			t.Fatalf("creating branch %s: %v", branch, err)
		}
	}
	if _, err := c.UploadObjectBytes(ctx, repo, branch, path, []byte(branch+":"+path), client.UploadOptions{}); err != nil {
		t.Fatalf("uploading %s to %s: %v", path, branch, err)
	}
	if _, err := c.Commit(ctx, repo, branch, client.CommitCreation{Message: "add " + path}); err != nil {
		t.Fatalf("committing to %s: %v", branch, err)
	}
}

func testAccPullRequestConfig(providerBlock, repo, title, description, status string) string {
	return providerBlock + hclBlock(`resource "lakefs_pull_request" "test"`, hclString("repository", repo),
		`source_branch = "feature"`, `destination_branch = "main"`, hclString("title", title),
		hclOptionalString("description", description), hclOptionalString("status", status))
}

func TestAccPullRequest_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	address := "lakefs_pull_request.test"
	config := func(title, description, status string) string {
		return testAccPullRequestConfig("", repo, title, description, status)
	}
	statusIs := func(status string) statecheck.StateCheck {
		return expectAttribute(address, "status", knownvalue.StringExact(status))
	}

	resource.ParallelTest(t, testCase(t, checkPullRequestsNotOpen(target), []resource.TestStep{
		{
			Config: config("First", "", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringRegexp(pullRequestIDRegexp)),
				expectAttribute(address, "title", knownvalue.StringExact("First")),
				expectAttribute(address, "description", knownvalue.StringExact("")),
				statusIs("open"),
				expectAttribute(address, "merged", knownvalue.Bool(false)),
				expectAttribute(address, "author", knownvalue.NotNull()),
				expectAttribute(address, "creation_date", knownvalue.NotNull()),
				expectAttribute(address, "closed_date", knownvalue.Null()),
				expectAttribute(address, "merged_commit_id", knownvalue.Null()),
			},
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
		{
			Config: config("Second", "Why we merge", ""),
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("closed_date"), knownvalue.Null()),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "title", knownvalue.StringExact("Second")),
				expectAttribute(address, "description", knownvalue.StringExact("Why we merge")),
				statusIs("open"),
			},
		},
		{
			Config:           config("Second", "Why we merge", "closed"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				statusIs("closed"),
				expectAttribute(address, "closed_date", knownvalue.NotNull()),
			},
		},
		{
			// Reopen; removing the description empties it.
			Config:           config("Second", "", "open"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				statusIs("open"),
				expectAttribute(address, "description", knownvalue.StringExact("")),
				expectAttribute(address, "closed_date", knownvalue.NotNull()), // lakeFS keeps it
			},
		},
		importStep(address, importIDFromAttributes(address, "repository", "id")),
	}))
}

// TestAccPullRequest_createdClosed opens a pull request straight into the closed state; destroy leaves it closed.
func TestAccPullRequest_createdClosed(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	address := "lakefs_pull_request.test"
	resource.ParallelTest(t, testCase(t, checkPullRequestsNotOpen(target), []resource.TestStep{{
		Config: testAccPullRequestConfig("", repo, "Draft", "notes", "closed"),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute(address, "status", knownvalue.StringExact("closed")),
			expectAttribute(address, "description", knownvalue.StringExact("notes")),
		},
		ConfigPlanChecks: expectEmptyPlanAfterApply(),
	}}))
}

// TestAccPullRequest_disappears changes the pull request behind Terraform's back: closed, retitled, merged,
// and finally gone with its repository.
func TestAccPullRequest_disappears(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	address := "lakefs_pull_request.test"
	config := testAccPullRequestConfig("", repo, "Title", "", "")
	var id string
	captureID := func(s *terraform.State) error {
		id = s.RootModule().Resources[address].Primary.ID
		return nil
	}
	update := func(u client.PullRequestUpdate) func() {
		return func() {
			if err := c.UpdatePullRequest(ctx, repo, id, u); err != nil {
				t.Fatalf("updating the pull request behind Terraform's back: %v", err)
			}
		}
	}
	closed, retitled := "closed", "Changed elsewhere"

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: config, Check: captureID},
		driftStep(update(client.PullRequestUpdate{Status: &closed}), config,
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("open")),
		),
		{
			// Apply reopens it; then it is retitled elsewhere.
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "status", knownvalue.StringExact("open")),
			},
		},
		driftStep(update(client.PullRequestUpdate{Title: &retitled}), config,
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(address, tfjsonpath.New("title"), knownvalue.StringExact("Title")),
		),
		{
			// Merged elsewhere (while still retitled): final. The update restores the title only and does not
			// reopen it, although the configuration says open (by default).
			PreConfig: func() { mergePullRequestAPI(t, c, repo, id) },
			Config:    config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("merged")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "status", knownvalue.StringExact("merged")),
				expectAttribute(address, "merged", knownvalue.Bool(true)),
				expectAttribute(address, "merged_commit_id", knownvalue.StringRegexp(commitIDRegexp)),
				expectAttribute(address, "title", knownvalue.StringExact("Title")),
			},
		},
		{
			// Asking for "closed" or "open" explicitly does not touch a merged pull request either.
			Config:           testAccPullRequestConfig("", repo, "Title", "", "closed"),
			ConfigPlanChecks: expectEmptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "status", knownvalue.StringExact("merged")),
			},
		},
		{
			Config:           testAccPullRequestConfig("", repo, "Title", "", "open"),
			ConfigPlanChecks: expectEmptyPlan(),
		},
		// Gone (lakeFS cannot delete a pull request, so its repository goes): the plan opens a new one.
		testServerOnly(disappearsStep(deleteRepositoryPreConfig(t, target, repo), config, address)),
	}))
}

func TestAccPullRequest_validation(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	config := func(repository, source, destination, title string) string {
		return fmt.Sprintf(`
resource "lakefs_pull_request" "test" {
  repository         = %q
  source_branch      = %q
  destination_branch = %q
  title              = %q
}
`, repository, source, destination, title)
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(config(repo, "main", "main", "Same"), `(?s)destination_branch.*must differ from the source branch`),
		planErrorStep(testAccPullRequestConfig("", repo, "T", "", "merged"), `(?s)status.*value must be one of`),
		planErrorStep(config("Bad_Repo", "-feature", "main", "T"),
			`(?s)repository.*3 to 63 characters.*source_branch|(?s)source_branch.*cannot start with a dash.*repository`),
		{
			Config:      config(repo, "no-such-branch", "main", "T"),
			ExpectError: regexp.MustCompile(`Branch "no-such-branch" does not exist in repository`),
		},
		{
			Config:      config("no-such-repository", "feature", "main", "T"),
			ExpectError: regexp.MustCompile(`Repository "no-such-repository" does not exist`),
		},
	}))
}

// TestAccPullRequest_createReconcile resets the connection after lakeFS created the pull request: the provider
// must adopt that one, not open a second, and must not adopt an identical one that existed before. The pre-existing
// one is a few seconds older than the create (its id says so), and the create lists nothing before it is sent.
func TestAccPullRequest_createReconcile(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	address := "lakefs_pull_request.test"
	// A duplicate opened earlier by someone else, with the same source, destination and title.
	preexisting := createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: "Reconcile",
		SourceBranch: "feature", DestinationBranch: "main"})
	// Older than the create by more than the clock skew allowed plus the second the Date header is truncated to.
	time.Sleep(3500 * time.Millisecond)
	target.Server.ResetCounters()
	target.Server.InjectFault(testserver.Fault{Operation: "createPullRequest", Kind: testserver.FaultResetAfterHandler, Count: 1})

	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config: testAccPullRequestConfig(target.ProviderConfig(), repo, "Reconcile", "", ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute(address, "status", knownvalue.StringExact("open")),
		},
		Check: func(s *terraform.State) error {
			id := s.RootModule().Resources[address].Primary.ID
			if id == preexisting {
				return fmt.Errorf("adopted the pre-existing pull request %s", id)
			}
			if n := target.Server.RequestCount("createPullRequest"); n != 1 {
				return fmt.Errorf("createPullRequest was called %d times, want 1", n)
			}
			if n := target.Server.RequestCount("listPullRequests"); n != 1 {
				return fmt.Errorf("listPullRequests was called %d times, want 1 (after the lost answer only)", n)
			}
			prs, err := c.ListAllPullRequests(ctx, repo, "", "all")
			if err != nil {
				return err
			}
			if len(prs) != 2 {
				return fmt.Errorf("want the pre-existing pull request and exactly one new one, found %d: %+v", len(prs), prs)
			}
			return nil
		},
		ConfigPlanChecks: expectEmptyPlanAfterApply(),
	}}))
}

// TestAccPullRequest_createReconcileAmbiguous: the create's answer is lost and an identical pull request was
// opened by someone else in the same second. Neither can be told to be ours: the apply fails naming both and
// how to import the right one, adopts neither and opens no third.
func TestAccPullRequest_createReconcileAmbiguous(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	target.Server.ResetCounters()
	target.Server.InjectFault(testserver.Fault{Operation: "createPullRequest", Kind: testserver.FaultResetAfterHandler, Count: 1})
	// The reconciling listing waits, so that the other create lands before it.
	target.Server.InjectFault(testserver.Fault{Operation: "listPullRequests", Kind: testserver.FaultLatency, Latency: time.Second, Count: 1})
	other := make(chan string, 1)
	go func() {
		defer close(other)
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if target.Server.RequestCount("createPullRequest") > 0 {
				if id, err := c.CreatePullRequest(ctx, repo, client.PullRequestCreation{Title: "Same second", SourceBranch: "feature", DestinationBranch: "main"}); err == nil {
					other <- id
				}
				return
			}
		}
	}()

	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:      testAccPullRequestConfig(target.ProviderConfig(), repo, "Same second", "", ""),
		ExpectError: regexp.MustCompile(`(?s)several\s+pull\s+requests\s+match.*cannot\s+tell\s+which\s+one.*terraform\s+import\s+<address>\s+` + repo + `/<id>`),
	}}))
	otherID, ok := <-other
	if !ok {
		t.Fatal("the concurrent pull request was not created")
	}
	prs, err := c.ListAllPullRequests(ctx, repo, "", "all")
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 2 {
		t.Fatalf("want the provider's pull request and the concurrent one, found %d: %+v", len(prs), prs)
	}
	if n := target.Server.RequestCount("createPullRequest"); n != 2 {
		t.Fatalf("createPullRequest was called %d times, want 2 (one by the provider, one concurrent)", n)
	}
	if prs[0].ID != otherID && prs[1].ID != otherID {
		t.Fatalf("the concurrent pull request %s is gone: %+v", otherID, prs)
	}
}

// TestAccPullRequest_createTwoRequests: a create that answers costs exactly the create and the read of the new
// pull request (author and creation date come from the read); nothing is listed.
func TestAccPullRequest_createTwoRequests(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	target.Server.ResetCounters()
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config: testAccPullRequestConfig(target.ProviderConfig(), repo, "Two requests", "", ""),
		Check: func(*terraform.State) error {
			got := target.Server.RequestCounts()
			want := map[string]int{"createPullRequest": 1, "getPullRequest": 1}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("the create made %v, want %v", got, want)
			}
			return nil
		},
	}}))
}

// checkPullRequestsNotOpen verifies that destroy closed every pull request of the state (lakeFS cannot delete
// them) or left it merged.
func checkPullRequestsNotOpen(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckEach("lakefs_pull_request", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		pr, err := c.GetPullRequest(ctx, rs.Primary.Attributes["repository"], rs.Primary.ID)
		if client.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if pr.Status == "open" {
			return fmt.Errorf("pull request %s is still open after destroy", pr.ID)
		}
		return nil
	})
}

// TestAccPullRequest_createRetried resets the connection before lakeFS handled the create: the reconcile finds
// nothing new, so the create is tried again, and exactly one pull request exists.
func TestAccPullRequest_createRetried(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	target.Server.ResetCounters()
	target.Server.InjectFault(testserver.Fault{Operation: "createPullRequest", Kind: testserver.FaultResetBeforeHandler, Count: 1})
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config: testAccPullRequestConfig(target.ProviderConfig(), repo, "Retried", "", ""),
		Check: func(s *terraform.State) error {
			if n := target.Server.RequestCount("createPullRequest"); n != 2 {
				return fmt.Errorf("createPullRequest was called %d times, want 2 (the reset one and the retry)", n)
			}
			prs, err := target.Client(t).ListAllPullRequests(context.Background(), repo, "", "all")
			if err != nil {
				return err
			}
			if len(prs) != 1 || prs[0].ID != s.RootModule().Resources["lakefs_pull_request.test"].Primary.ID {
				return fmt.Errorf("want exactly the pull request in the state, found %+v", prs)
			}
			return nil
		},
	}}))
}

// TestAccPullRequest_createWithoutListPermission: under RBAC a user may create pull requests without listing
// them; the pre-create listing's 401 must not block the create.
func TestAccPullRequest_createWithoutListPermission(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	target.Server.ResetCounters()
	// While the pull request is created, listing answers 401 as lakeFS does for a missing permission.
	target.Server.InjectFault(testserver.Fault{Operation: "listPullRequests", Kind: testserver.FaultStatus, Status: http.StatusUnauthorized, Count: 1})
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config: testAccPullRequestConfig(target.ProviderConfig(), repo, "No list permission", "", ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute("lakefs_pull_request.test", "status", knownvalue.StringExact("open")),
		},
		Check: func(*terraform.State) error {
			if n := target.Server.RequestCount("createPullRequest"); n != 1 {
				return fmt.Errorf("createPullRequest was called %d times, want 1", n)
			}
			if n := target.Server.RequestCount("listPullRequests"); n != 0 {
				return fmt.Errorf("listPullRequests was called %d times, want 0 (a create that answers lists nothing)", n)
			}
			return nil
		},
	}}))
}

// TestAccPullRequest_idCarriesServerTime checks, on the double and on real lakeFS, what the create's reconciliation
// relies on: a pull request id decodes to its creation second (that of creation_date), which is not before the
// client's lower bound of the server's clock when the create was sent.
func TestAccPullRequest_idCarriesServerTime(t *testing.T) {
	acctest.PreCheck(t)
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	for i := range 3 {
		mark := c.Mark()
		id := createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: fmt.Sprint("clock ", i),
			SourceBranch: "feature", DestinationBranch: "main"})
		pr, err := c.GetPullRequest(ctx, repo, id)
		if err != nil {
			t.Fatal(err)
		}
		fromID, ok := client.PullRequestCreated(id)
		if !ok {
			t.Fatalf("pull request id %q is not an xid", id)
		}
		created, err := time.Parse(time.RFC3339Nano, pr.CreationDate)
		if err != nil {
			t.Fatal(err)
		}
		if !fromID.Equal(created.Truncate(time.Second)) {
			t.Errorf("id %s decodes to %v, creation_date is %s", id, fromID, pr.CreationDate)
		}
		sent, ok := c.ServerTimeAt(mark)
		if !ok {
			t.Fatal("no Date header in lakeFS's answers")
		}
		if created.Before(sent) {
			t.Errorf("pull request %s created at %s, before the bound %v of the server's clock when the create was sent", id, pr.CreationDate, sent)
		}
		t.Logf("id %s: created %s, server clock at send >= %v", id, pr.CreationDate, sent)
	}
}
