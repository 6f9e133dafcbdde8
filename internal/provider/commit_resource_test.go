package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

func TestAccCommit_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-commit")
	address := "lakefs_commit.test"
	headIsCommit := checkCommitIDIsMainHead(t, target, repo, address)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccCommitConfig(repo, "one"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "commit_id", knownvalue.StringRegexp(commitIDRegexp)),
				expectAttribute(address, "allow_empty", knownvalue.Bool(false)),
			},
			Check:            headIsCommit,
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
		{
			// The object changes: its checksum is a trigger, so a new commit is made.
			Config: testAccCommitConfig(repo, "two"),
			Check:  headIsCommit,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction("lakefs_object.test", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace),
			),
		},
		// branch, allow_empty and triggers are not part of a lakeFS commit (documented).
		importStep(address, func(s *terraform.State) (string, error) {
			id, err := stateCommitID(s, address)
			return repo + "/" + id, err
		}, "branch", "triggers"),
		// Only a deleted repository takes a commit away.
		testServerOnly(disappearsStep(deleteRepositoryPreConfig(t, target, repo), testAccCommitConfig(repo, "two"), address)),
	}))
}

func TestAccCommit_empty(t *testing.T) {
	repo := acctest.RandomName("tf-commit")
	config := func(allowEmpty bool) string {
		return testAccRepositoryHCL(repo) + fmt.Sprintf(`
resource "lakefs_commit" "test" {
  repository  = lakefs_repository.test.name
  branch      = lakefs_repository.test.default_branch
  message     = "nothing"
  allow_empty = %t
}
`, allowEmpty)
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      config(false),
			ExpectError: regexp.MustCompile(`(?s)HTTP 400: commit: no changes.*allow_empty\s+= true`),
		},
		{
			Config: config(true),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("lakefs_commit.test", "commit_id", knownvalue.NotNull()),
			},
		},
	}))
}

func testAccCommitConfig(repo, content string) string {
	return testAccRepositoryHCL(repo) + testAccObjectHCL("test", "a.txt", hclString("content", content)) + `
resource "lakefs_commit" "test" {
  repository = lakefs_repository.test.name
  branch     = "main"
  message    = "Add a.txt"
  metadata = {
    Source = "terraform"
  }
  triggers = {
    a = lakefs_object.test.checksum
  }
}
`
}
