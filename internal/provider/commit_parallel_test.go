package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// TestAccCommit_parallelOnOneBranch: Terraform creates the commits of one branch in parallel, and lakeFS answers
// some of several concurrent commits to a branch with 500 "predicate failed" (the commit lost the race for the
// branch and did not happen). Every commit must land, each exactly once (issue #14, item 7). The test server
// reproduces the race with a wide window, and an injected "predicate failed" makes sure at least one is seen.
func TestAccCommit_parallelOnOneBranch(t *testing.T) {
	const n = 6
	var target *acctest.Target
	if acctest.External() {
		target = acctest.Shared(t)
	} else {
		target = acctest.StartServer(t, testserver.Options{BranchRaceWindow: 20 * time.Millisecond})
		target.Server.InjectFault(testserver.Fault{Operation: "commit", Kind: testserver.FaultStatus,
			Status: 500, Message: "predicate failed", Count: 2})
	}
	repo := acctest.RandomName("tf-commit-par")
	var hcl strings.Builder
	hcl.WriteString(target.ProviderConfig() + testAccRepositoryHCL(repo))
	values := make([]statecheck.StateCheck, 0, n+1)
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	for i := range n {
		fmt.Fprintf(&hcl, `
resource "lakefs_commit" "c%d" {
  repository  = lakefs_repository.test.name
  branch      = lakefs_repository.test.default_branch
  message     = "parallel-%d"
  allow_empty = true
}
`, i, i)
		address := fmt.Sprintf("lakefs_commit.c%d", i)
		values = append(values,
			expectAttribute(address, "commit_id", knownvalue.StringRegexp(commitIDRegexp)),
			differ.AddStateValue(address, tfjsonpath.New("commit_id")))
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{{
		Config:            hcl.String(),
		ConfigStateChecks: values,
		Check: resource.ComposeAggregateTestCheckFunc(
			checkEachCommitOnce(t, target, repo, n),
			func(*terraform.State) error {
				if target.Server == nil {
					return nil
				}
				if got := target.Server.RequestCount("commit"); got <= n {
					return fmt.Errorf("%d commit requests for %d commits: no commit lost the race, the test proves nothing", got, n)
				}
				return nil
			}),
	}}))
}

// checkEachCommitOnce expects main's log to hold each of the n "parallel-<i>" commits exactly once, and the
// state to record that commit for lakefs_commit.c<i>.
func checkEachCommitOnce(t *testing.T, target *acctest.Target, repo string, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		log, err := target.Client(t).LogCommits(context.Background(), repo, "main", client.ListOptions{Amount: 100})
		if err != nil {
			return err
		}
		seen := map[string][]string{}
		for _, c := range log.Results {
			if strings.HasPrefix(c.Message, "parallel-") {
				seen[c.Message] = append(seen[c.Message], c.ID)
			}
		}
		if len(seen) != n {
			return fmt.Errorf("%d distinct commits in the log, want %d: %v", len(seen), n, seen)
		}
		for i := range n {
			ids := seen[fmt.Sprintf("parallel-%d", i)]
			if len(ids) != 1 {
				return fmt.Errorf("commit parallel-%d is in the log %d times", i, len(ids))
			}
			got, err := stateCommitID(s, fmt.Sprintf("lakefs_commit.c%d", i))
			if err != nil {
				return err
			}
			if got != ids[0] {
				return fmt.Errorf("lakefs_commit.c%d records %s, the log has %s", i, got, ids[0])
			}
		}
		return nil
	}
}

// TestAccCommit_raceLostEveryTime: the retries are bounded; a commit that loses the race every time fails the apply
// with lakeFS's message and says that nothing was committed.
func TestAccCommit_raceLostEveryTime(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	target.Server.InjectFault(testserver.Fault{Operation: "commit", Kind: testserver.FaultStatus, Status: 500, Message: "predicate failed"})
	repo := acctest.RandomName("tf-commit-race")
	resource.ParallelTest(t, testCase(t, func(*terraform.State) error {
		// max_retries = 5 in the provider block: six attempts, then the error.
		if got := target.Server.RequestCount("commit"); got != 6 {
			return fmt.Errorf("%d commit requests, want 6", got)
		}
		return nil
	}, []resource.TestStep{{
		Config: target.ProviderConfig() + testAccRepositoryHCL(repo) + `
resource "lakefs_commit" "test" {
  repository  = lakefs_repository.test.name
  branch      = lakefs_repository.test.default_branch
  message     = "never"
  allow_empty = true
}
`,
		ExpectError: regexp.MustCompile(`(?s)HTTP 500: predicate failed.*kept\s+winning\s+the\s+race.*did\s+not\s+happen`),
	}}))
}
