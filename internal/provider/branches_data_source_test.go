package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func testAccBranchesDataSourceConfig(repo, prefix string) string {
	return hclBlock(`data "lakefs_branches" "test"`, hclString("repository", repo), hclOptionalString("prefix", prefix))
}

// TestAccBranchesDataSource_basic lists a repository's branches, with and without a prefix, follows changes made
// outside Terraform, and fails with lakeFS's message for a repository that does not exist.
func TestAccBranchesDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo, c := dsFixture(t, target)
	ctx := context.Background()
	head := mainHead(t, target, repo)
	for _, b := range []string{"feature-1", "feature-2"} {
		if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: b, Source: "main"}); err != nil {
			t.Fatal(err)
		}
	}
	address := "data.lakefs_branches.test"
	branch := func(name, commitID string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact(name), "commit_id": knownvalue.StringExact(commitID)})
	}
	branches := func(checks ...knownvalue.Check) []statecheck.StateCheck {
		return []statecheck.StateCheck{expectAttribute(address, "branches", knownvalue.ListExact(checks))}
	}
	var moved string
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:            testAccBranchesDataSourceConfig(repo, ""),
			ConfigStateChecks: branches(branch("feature-1", head), branch("feature-2", head), branch("main", head)),
		},
		{
			Config:            testAccBranchesDataSourceConfig(repo, "feature-"),
			ConfigStateChecks: branches(branch("feature-1", head), branch("feature-2", head)),
		},
		{
			Config:            testAccBranchesDataSourceConfig(repo, "nothing"),
			ConfigStateChecks: branches(),
		},
		{
			// Outside Terraform: feature-2 deleted, feature-1 moved on.
			PreConfig: func() {
				deleteBranchPreConfig(t, target, repo, "feature-2")()
				moved = commitFile(t, target, repo, "feature-1", "f.txt")
			},
			Config: testAccBranchesDataSourceConfig(repo, "feature-"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "branches", knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("branches").AtSliceIndex(0).AtMapKey("commit_id"), knownvalue.StringRegexp(commitIDRegexp)),
			},
			Check: resource.TestCheckResourceAttrWith(address, "branches.0.commit_id", func(got string) error {
				if got != moved {
					return fmt.Errorf("feature-1 at %s, want its new head %s", got, moved)
				}
				return nil
			}),
		},
		{
			Config:      testAccBranchesDataSourceConfig("tf-dsr-no-such-repository", ""),
			ExpectError: regexp.MustCompile(`(?s)Repository "tf-dsr-no-such-repository" not found.*HTTP 404`),
		},
	}))
}
