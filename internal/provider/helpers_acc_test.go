package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// testAccRepositoryHCL declares the repository most tests build on.
func testAccRepositoryHCL(name string) string {
	return fmt.Sprintf(`
resource "lakefs_repository" "test" {
  name              = %q
  storage_namespace = %q
  force_destroy     = true
}
`, name, acctest.StorageNamespace(name))
}

// branchHead reads a branch's head commit through the API.
func branchHead(t *testing.T, target *acctest.Target, repo, branch string) string {
	t.Helper()
	ref, err := target.Client(t).GetBranch(context.Background(), repo, branch)
	if err != nil {
		t.Fatalf("reading branch %s/%s: %v", repo, branch, err)
	}
	return ref.CommitID
}

// stateCommitID returns the commit_id attribute of a resource in the state.
func stateCommitID(s *terraform.State, address string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", address)
	}
	v, ok := rs.Primary.Attributes["commit_id"]
	if !ok {
		return "", fmt.Errorf("%s has no attribute commit_id", address)
	}
	return v, nil
}

// expectCreatePlanStep is a plan-only step: after preConfig removes something behind Terraform's back,
// the refreshed plan must create address again.
func expectCreatePlanStep(preConfig func(), config, address string) resource.TestStep {
	return resource.TestStep{
		PreConfig:          preConfig,
		Config:             config,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
		},
	}
}

// testServerOnly skips step against an external lakeFS.
func testServerOnly(step resource.TestStep) resource.TestStep {
	step.SkipFunc = func() (bool, error) { return acctest.External(), nil }
	return step
}

// deleteBranchPreConfig deletes a branch through the API, behind Terraform's back.
func deleteBranchPreConfig(t *testing.T, target *acctest.Target, repo, branch string) func() {
	return func() {
		if err := target.Client(t).DeleteBranch(context.Background(), repo, branch, false); err != nil {
			t.Fatalf("deleting the branch behind Terraform's back: %v", err)
		}
	}
}

// Shapes of lakeFS identifiers, for state checks.
var (
	commitIDRegexp      = regexp.MustCompile(`^[0-9a-f]{64}$`)
	pullRequestIDRegexp = regexp.MustCompile(`^[0-9a-v]{20}$`)
)

var nonEmptyRegexp = regexp.MustCompile(`.`)
