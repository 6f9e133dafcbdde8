package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
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

func testAccPullRequestMergeConfig(repo string) string {
	return testAccPullRequestConfig("", repo, "Merge me", "", "") + `
resource "lakefs_pull_request_merge" "test" {
  repository      = lakefs_pull_request.test.repository
  pull_request_id = lakefs_pull_request.test.id
}
`
}

// TestAccPullRequestMerge_basic merges a pull request managed in the same configuration: the next plan is empty,
// destroy is clean and leaves the pull request merged.
func TestAccPullRequestMerge_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	pr, merge := "lakefs_pull_request.test", "lakefs_pull_request_merge.test"
	config := testAccPullRequestMergeConfig(repo)
	var id string

	stillMerged := func(*terraform.State) error {
		got, err := c.GetPullRequest(ctx, repo, id)
		if err != nil {
			return err
		}
		if got.Status != "merged" {
			return fmt.Errorf("pull request %s is %s after destroy, want merged", id, got.Status)
		}
		return nil
	}

	resource.ParallelTest(t, testCase(t, stillMerged, []resource.TestStep{
		{
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(pr, plancheck.ResourceActionCreate),
				plancheck.ExpectResourceAction(merge, plancheck.ResourceActionCreate),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(merge, "merged_commit_id", knownvalue.StringRegexp(commitIDRegexp)),
				expectAttribute(merge, "source_branch", knownvalue.StringExact("feature")),
				expectAttribute(merge, "destination_branch", knownvalue.StringExact("main")),
				statecheck.CompareValuePairs(merge, tfjsonpath.New("id"), pr, tfjsonpath.New("id"), compare.ValuesSame()),
			},
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources[pr].Primary.ID
				head, err := c.GetBranch(ctx, repo, "main")
				if err != nil {
					return err
				}
				if want := s.RootModule().Resources[merge].Primary.Attributes["merged_commit_id"]; head.CommitID != want {
					return fmt.Errorf("main is at %s, want the merge commit %s", head.CommitID, want)
				}
				return nil
			},
		},
		{
			// After a refresh the pull request reads merged, with the merge commit, and nothing is planned.
			Config:           config,
			ConfigPlanChecks: expectEmptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(pr, "status", knownvalue.StringExact("merged")),
				expectAttribute(pr, "merged", knownvalue.Bool(true)),
				statecheck.CompareValuePairs(pr, tfjsonpath.New("merged_commit_id"), merge, tfjsonpath.New("merged_commit_id"), compare.ValuesSame()),
			},
		},
		importStep(merge, importIDFromAttributes(merge, "repository", "pull_request_id")),
		{
			// Reopened elsewhere (with new work on the source): the merge is gone, and the next apply merges again.
			PreConfig: func() {
				prCommit(t, c, repo, "feature", "more.txt", "")
				open := "open"
				if err := c.UpdatePullRequest(ctx, repo, id, client.PullRequestUpdate{Status: &open}); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(merge, plancheck.ResourceActionCreate),
				plancheck.ExpectResourceAction(pr, plancheck.ResourceActionNoop),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(merge, "merged_commit_id", knownvalue.StringRegexp(commitIDRegexp)),
			},
		},
	}))
}

// TestAccPullRequestMerge_alreadyMerged adopts a pull request merged outside Terraform.
func TestAccPullRequestMerge_alreadyMerged(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	id := createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: "Done", SourceBranch: "feature", DestinationBranch: "main"})
	result := mergePullRequestAPI(t, c, repo, id)
	merge := "lakefs_pull_request_merge.test"
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{{
		Config: testAccPullRequestMergeByID(repo, id),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute(merge, "merged_commit_id", knownvalue.StringExact(result.Reference)),
			expectAttribute(merge, "id", knownvalue.StringExact(id)),
		},
		ConfigPlanChecks: expectEmptyPlanAfterApply(),
	}}))
}

func testAccPullRequestMergeByID(repo, id string) string {
	return hclBlock(`resource "lakefs_pull_request_merge" "test"`, hclString("repository", repo), hclString("pull_request_id", id))
}

// TestAccPullRequestMerge_errors: each refusal gets its own diagnostic naming the pull request and its branches,
// and nothing reaches the state.
func TestAccPullRequestMerge_errors(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	open := func(src, title string) string {
		return createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: title, SourceBranch: src, DestinationBranch: "main"})
	}
	// conflict: both sides change the same path.
	prCommit(t, c, repo, "conflicting", "shared.txt", "main")
	prCommit(t, c, repo, "main", "shared.txt", "")
	conflict := open("conflicting", "conflict")
	// closed
	closedID := open("feature", "closed")
	closed := "closed"
	if err := c.UpdatePullRequest(ctx, repo, closedID, client.PullRequestUpdate{Status: &closed}); err != nil {
		t.Fatal(err)
	}
	// nothing to merge: a branch with no commits of its own.
	if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: "empty", Source: "main"}); err != nil {
		t.Fatal(err)
	}
	nothing := open("empty", "nothing")
	noState := func(s *terraform.State) error {
		if _, ok := s.RootModule().Resources["lakefs_pull_request_merge.test"]; ok {
			return fmt.Errorf("a failed merge was recorded in the state")
		}
		return nil
	}

	resource.ParallelTest(t, testCase(t, noState, []resource.TestStep{
		{
			Config: testAccPullRequestMergeByID(repo, conflict),
			ExpectError: regexp.MustCompile(`(?s)Merge conflict in pull request ` + conflict +
				` \("conflicting" into\s+"main"\).*HTTP 409.*conflict found`),
		},
		{
			Config:      testAccPullRequestMergeByID(repo, closedID),
			ExpectError: regexp.MustCompile(`(?s)Cannot merge pull request ` + closedID + ` \("feature" into "main"\): it\s+is\s+closed`),
		},
		{
			Config:      testAccPullRequestMergeByID(repo, nothing),
			ExpectError: regexp.MustCompile(`(?s)Cannot merge pull request ` + nothing + `.*nothing to merge.*HTTP 400.*no\s+changes`),
		},
		{
			// Destination dirty: uncommitted changes on main.
			PreConfig: func() {
				if _, err := c.UploadObjectBytes(ctx, repo, "main", "dirty.txt", []byte("x"), client.UploadOptions{}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      testAccPullRequestMergeByID(repo, open("feature", "dirty")),
			ExpectError: regexp.MustCompile(`(?s)destination branch "main" has uncommitted changes.*dirty branch`),
		},
		{
			Config:      testAccPullRequestMergeByID(repo, "00000000000000000000"),
			ExpectError: regexp.MustCompile(`(?s)Cannot merge pull request 00000000000000000000.*HTTP 404`),
		},
		planErrorStep(testAccPullRequestMergeByID(repo, "not-an-id"), `(?s)pull_request_id.*20 characters`),
	}))
}

// TestAccPullRequestMerge_hookRefused: a pre-merge hook's refusal (412) is reported as such. The test server has
// no hooks, so the 412 is injected.
func TestAccPullRequestMerge_hookRefused(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	id := createPullRequestAPI(t, target.Client(t), repo, client.PullRequestCreation{Title: "Hooked",
		SourceBranch: "feature", DestinationBranch: "main"})
	target.Server.InjectFault(testserver.Fault{Operation: "mergePullRequest", Kind: testserver.FaultStatus, Status: http.StatusPreconditionFailed})
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:      target.ProviderConfig() + testAccPullRequestMergeByID(repo, id),
		ExpectError: regexp.MustCompile(`(?s)A pre-merge hook refused pull request ` + id + ` \("feature" into\s+"main"\).*HTTP 412`),
	}}))
}
