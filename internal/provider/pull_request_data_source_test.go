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

func testAccPullRequestDataSourceConfig(repo, id string) string {
	return fmt.Sprintf(`
data "lakefs_pull_request" "test" {
  repository = %q
  id         = %q
}
`, repo, id)
}

func TestAccPullRequestDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	id, err := c.CreatePullRequest(ctx, repo, client.PullRequestCreation{
		Title: "Read me", Description: "All the details", SourceBranch: "feature", DestinationBranch: "main"})
	if err != nil {
		t.Fatal(err)
	}
	address := "data.lakefs_pull_request.test"
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			// Errors first: the destroy at the end reads the last configuration.
			Config:      testAccPullRequestDataSourceConfig(repo, "00000000000000000000"),
			ExpectError: regexp.MustCompile(`Pull request 00000000000000000000 not found in repository`),
		},
		{
			Config:      testAccPullRequestDataSourceConfig(repo, "nope"),
			ExpectError: regexp.MustCompile(`(?s)id.*20 characters`),
		},
		{
			Config: testAccPullRequestDataSourceConfig(repo, id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("title"), knownvalue.StringExact("Read me")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("description"), knownvalue.StringExact("All the details")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("open")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("source_branch"), knownvalue.StringExact("feature")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("destination_branch"), knownvalue.StringExact("main")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("author"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("creation_date"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("closed_date"), knownvalue.Null()),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("merged_commit_id"), knownvalue.Null()),
			},
		},
		{
			PreConfig: func() {
				if _, err := c.MergePullRequest(ctx, repo, id); err != nil {
					t.Fatal(err)
				}
			},
			Config: testAccPullRequestDataSourceConfig(repo, id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("merged")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("merged_commit_id"), knownvalue.StringRegexp(commitIDRegexp)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("closed_date"), knownvalue.NotNull()),
			},
		},
	}))
}
