package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// mergeOutcomeFixture is a dedicated server with an open pull request "feature" into "main" and fault injected
// into its mergePullRequest, and the provider block with request_timeout = 1s (a settle window of 2s).
func mergeOutcomeFixture(t *testing.T, fault testserver.Fault) (target *acctest.Target, repo, id, config string) {
	t.Helper()
	target = acctest.StartServer(t, testserver.Options{})
	repo = prFixture(t, target)
	id = createPullRequestAPI(t, target.Client(t), repo, client.PullRequestCreation{Title: "Lost answer",
		SourceBranch: "feature", DestinationBranch: "main"})
	fault.Operation = "mergePullRequest"
	target.Server.InjectFault(fault)
	return target, repo, id, target.ProviderConfigWith(`request_timeout = "1s"`) + testAccPullRequestMergeByID(repo, id)
}

// mergeRecorded checks one merge request, the merge commit at main's head in merged_commit_id, and the pull
// request's status.
func mergeRecorded(t *testing.T, target *acctest.Target, repo, id, wantStatus string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := target.Client(t)
		if n := target.Server.RequestCount("mergePullRequest"); n != 1 {
			return fmt.Errorf("%d merge requests, want 1", n)
		}
		head, err := c.GetCommit(context.Background(), repo, "main")
		if err != nil {
			return err
		}
		if len(head.Parents) != 2 {
			return fmt.Errorf("main's head %s is not a merge commit", head.ID)
		}
		if got := s.RootModule().Resources["lakefs_pull_request_merge.test"].Primary.Attributes["merged_commit_id"]; got != head.ID {
			return fmt.Errorf("merged_commit_id %q, want main's head %s", got, head.ID)
		}
		pr, err := c.GetPullRequest(context.Background(), repo, id)
		if err == nil && pr.Status != wantStatus {
			err = fmt.Errorf("pull request %s is %s, want %s", id, pr.Status, wantStatus)
		}
		return err
	}
}

// A merge that outlasts request_timeout lands while the provider watches: it is recorded, not reported as failed.
func TestAccPullRequestMerge_slowMerge(t *testing.T) {
	target, repo, id, config := mergeOutcomeFixture(t, testserver.Fault{Kind: testserver.FaultSlowHandler, Latency: 2500 * time.Millisecond, Count: 1})
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:           config,
		Check:            mergeRecorded(t, target, repo, id, "merged"),
		ConfigPlanChecks: expectEmptyPlanAfterApply(),
	}}))
}

// lakeFS writes the merge commit before it marks the pull request merged (§12.5 steps 4 and 6). A merge interrupted
// between the two leaves the merge on main and the pull request open: the merge is recorded (with a warning), the
// resource stays while the pull request reads open, and keeps its merge commit once the pull request is marked
// merged with PATCH (which records none).
func TestAccPullRequestMerge_interrupted(t *testing.T) {
	target, repo, id, config := mergeOutcomeFixture(t, testserver.Fault{Kind: testserver.FaultInterruptedHandler, Count: 1})
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{
		{
			Config:           config,
			Check:            mergeRecorded(t, target, repo, id, "open"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
		{
			PreConfig: func() {
				merged := "merged"
				if err := target.Client(t).UpdatePullRequest(context.Background(), repo, id, client.PullRequestUpdate{Status: &merged}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           config,
			Check:            mergeRecorded(t, target, repo, id, "merged"),
			ConfigPlanChecks: expectEmptyPlan(),
		},
	}))
}

// A later apply of an interrupted merge (no state) meets "nothing to merge": the diagnostic names the merge commit
// already on main and how to mark the pull request merged.
func TestAccPullRequestMerge_interruptedEarlier(t *testing.T) {
	target, repo, id, config := mergeOutcomeFixture(t, testserver.Fault{Kind: testserver.FaultInterruptedHandler, Count: 1})
	if _, err := target.Client(t).MergePullRequest(context.Background(), repo, id); !client.IsOutcomeUnknown(err) {
		t.Fatalf("interrupted merge: %v, want an unknown outcome", err)
	}
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:      config,
		ExpectError: regexp.MustCompile(`(?s)nothing to merge.*already merges the source head.*status = "merged"`),
	}}))
}

// A merge lost before lakeFS ran it: after the settle window the apply says the merge did not happen, and the
// next apply merges.
func TestAccPullRequestMerge_lostBeforeMerge(t *testing.T) {
	target, repo, id, config := mergeOutcomeFixture(t, testserver.Fault{Kind: testserver.FaultResetBeforeHandler, Count: 1})
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{
		{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)The merge did not happen: for 2s the pull request stayed open`),
		},
		{
			PreConfig: target.Server.ResetCounters,
			Config:    config,
			Check:     mergeRecorded(t, target, repo, id, "merged"),
		},
	}))
}
