package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func TestAccBranch_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-branch")
	address := "lakefs_branch.test"
	config := testAccBranchConfig(repo, "feature", "main")
	var newHead string

	resource.ParallelTest(t, testCase(t, checkBranchesDestroyed(target), []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo+"/feature")),
				expectAttribute(address, "source", knownvalue.StringExact("main")),
				expectAttribute(address, "commit_id", knownvalue.StringRegexp(commitIDRegexp)),
			},
			Check:            checkCommitIDIsMainHead(t, target, repo, address),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
		{
			// A commit made outside Terraform moves the head: refreshed, with nothing to plan.
			PreConfig:        func() { newHead = commitFile(t, target, repo, "feature", "x.txt") },
			Config:           config,
			ConfigPlanChecks: expectEmptyPlan(),
			Check: func(s *terraform.State) error {
				got, err := stateCommitID(s, address)
				if err == nil && got != newHead {
					return fmt.Errorf("commit_id %s, want the new head %s", got, newHead)
				}
				return err
			},
		},
		// lakeFS does not record a branch's source: import leaves it empty (documented).
		importStep(address, importID(repo, "feature"), "source"),
		disappearsStep(deleteBranchPreConfig(t, target, repo, "feature"), config, address),
	}))
}

func TestAccBranch_sourceChangeReplaces(t *testing.T) {
	repo := acctest.RandomName("tf-branch")
	address := "lakefs_branch.test"
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: testAccBranchConfig(repo, "feature", "main")},
		{
			Config:           testAccBranchConfig(repo, "feature", "main@"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionReplace),
		},
	}))
}

// After an import, the configured source is adopted in place: the branch is not recreated.
func TestAccBranch_importAdoptsSource(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-branch")
	address := "lakefs_branch.test"
	config := testAccBranchConfig(repo, "imported", "main")
	imported := importPersistStep(createBranchPreConfig(t, target, repo, "imported", "main"), config, address, importID(repo, "imported"))
	imported.ImportStateCheck = func(states []*terraform.InstanceState) error {
		for _, st := range states {
			if st.ID == repo+"/imported" {
				if st.Attributes["commit_id"] == "" || st.Attributes["source"] != "" {
					return fmt.Errorf("unexpected imported state %v", st)
				}
				return nil
			}
		}
		return fmt.Errorf("the branch was not imported: %v", states)
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		imported,
		{Config: config, ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate)},
		{
			// Once adopted, a change of source replaces the branch again.
			Config:           testAccBranchConfig(repo, "imported", "main@"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionReplace),
		},
	}))
}

func TestAccBranch_errors(t *testing.T) {
	repo := acctest.RandomName("tf-branch")
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(testAccBranchConfig(repo, "-bad", "main"), `(?s)Attribute name must consist of letters`),
		{
			Config:      testAccBranchConfig(repo, "feature", "nope"),
			ExpectError: regexp.MustCompile(`(?s)Cannot create branch "feature".*HTTP 404`),
		},
		{
			// The repository creates main: a branch resource of that name points at import.
			Config:      testAccBranchConfig(repo, "main", "main"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 409.*terraform import`),
		},
	}))
}

func testAccBranchConfig(repo, name, source string) string {
	return testAccRepositoryHCL(repo) +
		hclBlock(`resource "lakefs_branch" "test"`, "repository = lakefs_repository.test.name", hclString("name", name), hclString("source", source))
}

// TestAccBranch_defaultBranchDeleteRefused: destroying a lakefs_branch that is its repository's default branch
// is a clear error that says why and how out; the branch stays.
func TestAccBranch_defaultBranchDeleteRefused(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-defbranch")
	c := target.Client(t)
	if _, err := c.CreateRepository(context.Background(), client.RepositoryCreation{Name: repo, StorageNamespace: acctest.StorageNamespace(repo)}); err != nil {
		t.Fatalf("creating the repository: %v", err)
	}
	const nothing = "locals {}\n"

	resource.Test(t, testCase(t, nil, []resource.TestStep{
		importPersistStep(nil, fmt.Sprintf(`
resource "lakefs_branch" "main" {
  repository = %q
  name       = "main"
  source     = "main"
}
`, repo), "lakefs_branch.main", importID(repo, "main")),
		{
			// Removing it from the configuration plans its deletion, which lakeFS refuses.
			Config:      nothing,
			ExpectError: regexp.MustCompile(`(?s)"main" is the default branch of repository.*terraform state rm`),
		},
		{
			// The branch is still there; with the repository gone the branch goes too, and all is clean.
			PreConfig: func() {
				if _, err := c.GetBranch(context.Background(), repo, "main"); err != nil {
					t.Fatalf("the default branch must survive the refused delete: %v", err)
				}
				if err := c.DeleteRepository(context.Background(), repo, true); err != nil {
					t.Fatalf("deleting the repository: %v", err)
				}
			},
			Config:           nothing,
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
	}))
}
