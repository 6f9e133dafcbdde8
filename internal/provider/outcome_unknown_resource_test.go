package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// A createBranch or commit whose answer is lost is reconciled, never repeated blindly: one branch, one commit.
// A commit that did not happen is retried after the settle window (twice request_timeout: 2s here).
func TestAccCommit_outcomeUnknown(t *testing.T) {
	for name, tc := range map[string]struct {
		kind    testserver.FaultKind
		commits int // commit requests: the lost one, and a second only when the first did not land
	}{
		"applied":    {testserver.FaultResetAfterHandler, 1},
		"notApplied": {testserver.FaultResetBeforeHandler, 2},
	} {
		kind := tc.kind
		t.Run(name, func(t *testing.T) {
			target := acctest.StartServer(t, testserver.Options{})
			target.Server.InjectFault(testserver.Fault{Operation: "createBranch", Kind: kind, Count: 1})
			target.Server.InjectFault(testserver.Fault{Operation: "commit", Kind: kind, Count: 1})
			repo := acctest.RandomName("tf-unknown")
			config := target.ProviderConfigWith(`request_timeout = "1s"`) + testAccBranchConfig(repo, "feature", "main") +
				hclBlock(`resource "lakefs_commit" "test"`,
					"repository = lakefs_repository.test.name", "branch = lakefs_branch.test.name", `message = "once"`, "allow_empty = true")
			resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
				Config: config,
				Check: func(s *terraform.State) error {
					log, err := target.Client(t).LogCommits(context.Background(), repo, "feature", client.ListOptions{})
					if err != nil {
						return err
					}
					if n := target.Server.RequestCount("commit"); n != tc.commits {
						return fmt.Errorf("%d commit requests, want %d", n, tc.commits)
					}
					if n := len(log.Results); n != 2 { // the repository's initial commit and ours
						return fmt.Errorf("%d commits on the branch, want 2", n)
					}
					got, err := stateCommitID(s, "lakefs_commit.test")
					if err == nil && got != log.Results[0].ID {
						return fmt.Errorf("commit_id %s, want %s", got, log.Results[0].ID)
					}
					return err
				},
			}}))
		})
	}
}

// A commit that outlasts request_timeout is still running when the client gives up: the provider watches the
// branch instead of committing again at once, which would fail with "no changes" (allow_empty = false) while the
// first commit lands, or make a second, empty commit (allow_empty = true).
func TestAccCommit_slowCommit(t *testing.T) {
	for name, allowEmpty := range map[string]bool{"staged": false, "allowEmpty": true} {
		t.Run(name, func(t *testing.T) {
			target := acctest.StartServer(t, testserver.Options{})
			// The commit lands 2.5s after it was sent; the client gives up after 1s and watches for up to 2s more.
			target.Server.InjectFault(testserver.Fault{Operation: "commit", Kind: testserver.FaultSlowHandler, Latency: 2500 * time.Millisecond, Count: 1})
			repo := acctest.RandomName("tf-slow")
			config := target.ProviderConfigWith(`request_timeout = "1s"`) + testAccRepositoryHCL(repo) + testAccObjectHCL("test", "a.txt", `content = "a"`) + fmt.Sprintf(`
resource "lakefs_commit" "test" {
  repository  = lakefs_repository.test.name
  branch      = "main"
  message     = "slow"
  allow_empty = %t
  triggers    = { a = lakefs_object.test.checksum }
}
`, allowEmpty)
			resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
				Config: config,
				Check: func(s *terraform.State) error {
					if n := target.Server.RequestCount("commit"); n != 1 {
						return fmt.Errorf("%d commit requests, want 1", n)
					}
					log, err := target.Client(t).LogCommits(context.Background(), repo, "main", client.ListOptions{})
					if err != nil {
						return err
					}
					if n := len(log.Results); n != 2 { // the repository's initial commit and the slow one
						return fmt.Errorf("%d commits on the branch, want 2", n)
					}
					got, err := stateCommitID(s, "lakefs_commit.test")
					if err == nil && got != log.Results[0].ID {
						return fmt.Errorf("commit_id %s, want %s", got, log.Results[0].ID)
					}
					return err
				},
			}}))
		})
	}
}
