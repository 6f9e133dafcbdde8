package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Changes that change nothing in lakeFS must not replace anything (issue #14, item 5): they are in-place updates that
// only record the new value. These tests run against a real lakeFS too; against the test server they also count
// the requests that a replacement would send.

// countingTarget is a test server of its own (its counters see this test's requests only), or the external lakeFS.
func countingTarget(t *testing.T) *acctest.Target {
	t.Helper()
	if acctest.External() {
		return acctest.Shared(t)
	}
	return acctest.StartServer(t, testserver.Options{})
}

// expectRequests checks, on the test server only, how many requests operation got so far.
func expectRequests(target *acctest.Target, operation string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if target.Server == nil {
			return nil
		}
		if got := target.Server.RequestCount(operation); got != want {
			return fmt.Errorf("%s was called %d times, want %d", operation, got, want)
		}
		return nil
	}
}

// TestAccBranchHardReset_noEffectChanges: toggling force, or triggers going between null and {}, does not run the
// reset again, which would move the branch back past the commits made since.
func TestAccBranchHardReset_noEffectChanges(t *testing.T) {
	target := countingTarget(t)
	repo := acctest.RandomName("tf-reset-noop")
	address := "lakefs_branch_hard_reset.test"
	var c1, c2 string
	vars := config.Variables{"commit": lazyString(func() string { return c1 })}
	cfg := func(force bool, triggers string) string {
		line := ""
		if triggers != "" {
			line = "triggers   = " + triggers
		}
		return target.ProviderConfig() + testAccRepositoryConfig(repo, acctest.StorageNamespace(repo)) + fmt.Sprintf(`
variable "commit" {
  type = string
}

resource "lakefs_branch_hard_reset" "test" {
  repository = lakefs_repository.test.name
  branch     = "main"
  ref        = var.commit
  force      = %t
  %s
}
`, force, line)
	}
	step := func(force bool, triggers string, action plancheck.ResourceActionType, head *string, resets int) resource.TestStep {
		return resource.TestStep{
			Config: cfg(force, triggers), ConfigVariables: vars,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, action),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "force", knownvalue.Bool(force)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(checkMainHead(t, target, repo, head),
				expectRequests(target, "hardResetBranch", resets)),
		}
	}
	first := step(false, "", plancheck.ResourceActionCreate, &c1, 1)
	first.PreConfig = func() { c1 = commitFile(t, target, repo, "main", "a.txt") }
	afterNewCommit := step(true, "", plancheck.ResourceActionUpdate, &c2, 1)
	afterNewCommit.PreConfig = func() { c2 = commitFile(t, target, repo, "main", "b.txt") }

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: target.ProviderConfig() + testAccRepositoryConfig(repo, acctest.StorageNamespace(repo))},
		first,
		// main moved on to c2: neither change may reset it back to c1.
		afterNewCommit,
		step(false, "", plancheck.ResourceActionUpdate, &c2, 1),
		step(false, "{}", plancheck.ResourceActionUpdate, &c2, 1),
		step(false, "", plancheck.ResourceActionUpdate, &c2, 1),
		// A real change of triggers still resets.
		step(false, `{ run = "2" }`, plancheck.ResourceActionReplace, &c1, 2),
	}))
}

// TestAccCommit_noEffectChanges: metadata or triggers going between null and {}, and allow_empty, make no new commit.
func TestAccCommit_noEffectChanges(t *testing.T) {
	target := countingTarget(t)
	repo := acctest.RandomName("tf-commit-noop")
	address := "lakefs_commit.test"
	var first string
	cfg := func(allowEmpty bool, metadata, triggers string) string {
		lines := ""
		if metadata != "" {
			lines += "metadata    = " + metadata + "\n"
		}
		if triggers != "" {
			lines += "triggers    = " + triggers + "\n"
		}
		return target.ProviderConfig() + testAccRepositoryHCL(repo) + fmt.Sprintf(`
resource "lakefs_commit" "test" {
  repository  = lakefs_repository.test.name
  branch      = lakefs_repository.test.default_branch
  message     = "empty"
  allow_empty = %t
  %s
}
`, allowEmpty, lines)
	}
	sameCommit := func(s *terraform.State) error {
		got, err := stateCommitID(s, address)
		if err != nil {
			return err
		}
		if got != first {
			return fmt.Errorf("commit_id %s, want the first commit %s", got, first)
		}
		if head := mainHead(t, target, repo); head != first {
			return fmt.Errorf("main is at %s, want the first commit %s", head, first)
		}
		return nil
	}
	step := func(allowEmpty bool, metadata, triggers string) resource.TestStep {
		return resource.TestStep{
			Config:           cfg(allowEmpty, metadata, triggers),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            resource.ComposeAggregateTestCheckFunc(sameCommit, expectRequests(target, "commit", 1)),
		}
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:           cfg(true, "", ""),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			Check: resource.ComposeAggregateTestCheckFunc(func(s *terraform.State) error {
				var err error
				first, err = stateCommitID(s, address)
				return err
			}, expectRequests(target, "commit", 1)),
		},
		step(true, "{}", ""),
		step(true, "{}", "{}"),
		step(true, "", ""),
		// allow_empty only matters while a commit is made.
		step(false, "", ""),
		step(true, "", "{}"),
		{
			// A real change still commits again.
			Config:           cfg(true, `{ run = "2" }`, "{}"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionReplace),
			Check:            expectRequests(target, "commit", 2),
		},
	}))
}

// TestAccRepository_sampleDataInPlace: sample_data only applies at creation; changing it later neither replaces
// the repository (deleting its data) nor fails the plan.
func TestAccRepository_sampleDataInPlace(t *testing.T) {
	target := countingTarget(t)
	repo := acctest.RandomName("tf-repo-sample")
	address := "lakefs_repository.test"
	cfg := func(sample bool) string {
		return target.ProviderConfig() + testAccRepositoryConfig(repo, acctest.StorageNamespace(repo),
			fmt.Sprintf("sample_data       = %t", sample), "force_destroy     = true")
	}
	var head string
	sameRepository := func(*terraform.State) error {
		if got := mainHead(t, target, repo); got != head {
			return fmt.Errorf("main is at %s, want %s: the repository was replaced", got, head)
		}
		return nil
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: cfg(false),
			Check: func(*terraform.State) error {
				head = commitFile(t, target, repo, "main", "keep.txt")
				return nil
			},
		},
		{
			Config:           cfg(true),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "sample_data", knownvalue.Bool(true)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(sameRepository,
				expectRequests(target, "deleteRepository", 0), expectRequests(target, "createRepository", 1)),
		},
	}))
}
