package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

func TestAccBranchHardReset_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo, repoConfig := testAccNewRepository("tf-reset")
	address := "lakefs_branch_hard_reset.test"
	ctx := context.Background()
	var c1, c2, c4 string
	// The commit id exists only once PreConfig has made it; the variable is read when the step runs.
	vars := config.Variables{"commit": lazyString(func() string { return c1 })}
	cfg := func(ref, run string) string {
		return repoConfig + testAccBranchHardResetConfig("lakefs_repository.test.name", "main", ref, run, false)
	}

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{Config: repoConfig},
		{
			// main: initial -> c1 -> c2, tag v2 at c2; reset main to c1 by commit id.
			PreConfig: func() {
				c1 = commitFile(t, target, repo, "main", "a.txt")
				c2 = commitFile(t, target, repo, "main", "b.txt")
				if _, err := target.Client(t).CreateTag(ctx, repo, "v2", c2); err != nil {
					t.Fatalf("create tag: %v", err)
				}
			},
			Config:           cfg("var.commit", "1"),
			ConfigVariables:  vars,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", stringIs(&c1)),
				expectAttribute(address, "force", knownvalue.Bool(false)),
			},
			Check: checkMainHead(t, target, repo, &c1),
		},
		{
			// A new commit moves main on; changing triggers runs the same reset again.
			PreConfig:        func() { commitFile(t, target, repo, "main", "c.txt") },
			Config:           cfg("var.commit", "2"),
			ConfigVariables:  vars,
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", stringIs(&c1)),
			},
			Check: checkMainHead(t, target, repo, &c1),
		},
		{
			Config:           cfg(`"v2"`, "2"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", stringIs(&c2)),
				expectAttribute(address, "id", knownvalue.StringFunc(func(v string) error {
					if v != repo+"/main/"+c2 {
						return fmt.Errorf("id %q, want %s/main/%s", v, repo, c2)
					}
					return nil
				})),
			},
			Check: checkMainHead(t, target, repo, &c2),
		},
		{
			Config:           cfg(`"main~1"`, "2"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", stringIs(&c1)),
			},
			Check: checkMainHead(t, target, repo, &c1),
		},
		{
			// A later commit is not drift: no new reset (main~1 would move main again), the state stays.
			PreConfig:        func() { c4 = commitFile(t, target, repo, "main", "d.txt") },
			Config:           cfg(`"main~1"`, "2"),
			ConfigPlanChecks: expectEmptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", stringIs(&c1)),
			},
			Check: checkMainHead(t, target, repo, &c4),
		},
		{
			// Unlike git, lakeFS resets a dirty branch and keeps its uncommitted change on top of the new head.
			PreConfig: func() {
				if _, err := target.Client(t).UploadObjectBytes(ctx, repo, "main", "dirty.txt", []byte("wip"), client.UploadOptions{}); err != nil {
					t.Fatalf("upload: %v", err)
				}
			},
			Config:           cfg(`"v2"`, "3"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionReplace),
			Check: resource.ComposeTestCheckFunc(
				checkMainHead(t, target, repo, &c2),
				checkBranchDiff(t, target, repo, "main", "dirty.txt", "added"),
			),
		},
		{
			// Destroying the resource leaves the branch where it is.
			Config:           repoConfig,
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionDestroy),
			Check:            checkMainHead(t, target, repo, &c2),
		},
	}))
}

func TestAccBranchHardReset_disappears(t *testing.T) {
	target := acctest.Shared(t)
	repo, repoConfig := testAccNewRepository("tf-reset")
	address := "lakefs_branch_hard_reset.test"
	config := repoConfig + testAccBranchHardResetConfig("lakefs_repository.test.name", "dev", `"main"`, "1", false)

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{Config: repoConfig},
		{
			PreConfig: func() {
				createBranchPreConfig(t, target, repo, "dev", "main")()
				commitFile(t, target, repo, "dev", "x.txt")
			},
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", knownvalue.NotNull()),
			},
		},
		// A deleted branch removes the reset from the state: a recreated branch is reset again.
		disappearsStep(deleteBranchPreConfig(t, target, repo, "dev"), config, address),
	}))
}

func TestAccBranchHardReset_errors(t *testing.T) {
	target := acctest.Shared(t)
	repo, repoConfig := testAccNewRepository("tf-reset")
	missingRepo := acctest.RandomName("tf-nope")

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		// Plan-time validation first: the post-test destroy runs with the last step's configuration.
		planErrorStep(testAccBranchHardResetConfig(fmt.Sprintf("%q", repo), "main", `"main$"`, "1", false), `staging-area\s+modifier`),
		planErrorStep(testAccBranchHardResetConfig(fmt.Sprintf("%q", repo), "-main", `"main"`, "1", false), `must\s+consist\s+of\s+letters`),
		{
			Config:      repoConfig + testAccBranchHardResetConfig("lakefs_repository.test.name", "main", `"no-such-tag"`, "1", false),
			ExpectError: regexp.MustCompile(`ref\s+"no-such-tag"\s+does\s+not\s+resolve\s+to\s+a\s+commit`),
		},
		{
			Config:      repoConfig + testAccBranchHardResetConfig("lakefs_repository.test.name", "nope", `"main"`, "1", false),
			ExpectError: regexp.MustCompile(`branch\s+"nope"\s+does\s+not\s+exist`),
		},
		{
			Config:      repoConfig + testAccBranchHardResetConfig(fmt.Sprintf("%q", missingRepo), "main", `"main"`, "1", false),
			ExpectError: regexp.MustCompile(`repository\s+"` + missingRepo + `"\s+does\s+not\s+exist`),
		},
	}))
}

// TestAccBranchHardReset_readOnly: a read-only repository refuses the reset unless force is set. lakefs_repository
// has no read_only argument, so the repository is made through the API.
func TestAccBranchHardReset_readOnly(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-reset-ro")
	ctx := context.Background()
	readOnly := true
	created := createRepositoryWithAPI(t, target.Client(t), client.RepositoryCreation{Name: repo, ReadOnly: &readOnly})
	head, err := target.Client(t).GetBranch(ctx, repo, created.DefaultBranch)
	if err != nil {
		t.Fatalf("get branch: %v", err)
	}
	address := "lakefs_branch_hard_reset.test"

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      testAccBranchHardResetConfig(fmt.Sprintf("%q", repo), "main", `"main"`, "1", false),
			ExpectError: regexp.MustCompile(`read-only(.|\s)*Set\s+force\s+=\s+true`),
		},
		{
			Config: testAccBranchHardResetConfig(fmt.Sprintf("%q", repo), "main", `"main"`, "1", true),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", knownvalue.StringExact(head.CommitID)),
				expectAttribute(address, "force", knownvalue.Bool(true)),
			},
		},
	}))
}

// TestAccBranchHardReset_protected: the test server has no branch protection rules, so a 403 is injected; the
// repository is not read-only, so the diagnostic must blame the protection (which force does not bypass).
func TestAccBranchHardReset_protected(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	target.Server.InjectFault(testserver.Fault{Operation: "hardResetBranch", Kind: testserver.FaultStatus, Status: http.StatusForbidden})
	repo := acctest.RandomName("tf-reset")

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{
			Config: target.ProviderConfig() + testAccRepositoryConfig(repo, acctest.StorageNamespace(repo)) +
				testAccBranchHardResetConfig("lakefs_repository.test.name", "main", `"main"`, "1", true),
			ExpectError: regexp.MustCompile(`branch\s+"main"\s+is\s+protected(.|\s)*force\s+does\s+not\s+bypass`),
		},
	}))
}

// testAccBranchHardResetConfig: repository and ref are HCL expressions (a reference, a quoted string, var.commit).
func testAccBranchHardResetConfig(repository, branch, ref, run string, force bool) string {
	return fmt.Sprintf(`
variable "commit" {
  type    = string
  default = ""
}

resource "lakefs_branch_hard_reset" "test" {
  repository = %s
  branch     = %q
  ref        = %s
  force      = %t
  triggers   = { run = %q }
}
`, repository, branch, ref, force, run)
}

// lazyString is a Terraform variable whose value is read when the step runs (after its PreConfig).
type lazyString func() string

func (f lazyString) MarshalJSON() ([]byte, error) { return json.Marshal(f()) }

// stringIs matches the value *want holds when the check runs.
func stringIs(want *string) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		if v != *want {
			return fmt.Errorf("got %q, want %q", v, *want)
		}
		return nil
	})
}

// checkMainHead expects branch main to point at *want, as lakeFS reports it.
func checkMainHead(t *testing.T, target *acctest.Target, repo string, want *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ref, err := target.Client(t).GetBranch(context.Background(), repo, "main")
		if err != nil {
			return fmt.Errorf("get branch main: %w", err)
		}
		if ref.CommitID != *want {
			return fmt.Errorf("branch main is at %s, want %s", ref.CommitID, *want)
		}
		return nil
	}
}
