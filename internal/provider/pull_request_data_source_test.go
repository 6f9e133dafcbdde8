package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func testAccPullRequestDataSourceConfig(repo, id string) string {
	return hclBlock(`data "lakefs_pull_request" "test"`, hclString("repository", repo), hclString("id", id))
}

func TestAccPullRequestDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	id := createPullRequestAPI(t, c, repo, client.PullRequestCreation{
		Title: "Read me", Description: "All the details", SourceBranch: "feature", DestinationBranch: "main"})
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
				expectAttribute(address, "title", knownvalue.StringExact("Read me")),
				expectAttribute(address, "description", knownvalue.StringExact("All the details")),
				expectAttribute(address, "status", knownvalue.StringExact("open")),
				expectAttribute(address, "source_branch", knownvalue.StringExact("feature")),
				expectAttribute(address, "destination_branch", knownvalue.StringExact("main")),
				expectAttribute(address, "author", knownvalue.NotNull()),
				expectAttribute(address, "creation_date", knownvalue.NotNull()),
				expectAttribute(address, "closed_date", knownvalue.Null()),
				expectAttribute(address, "merged_commit_id", knownvalue.Null()),
			},
		},
		{
			PreConfig: func() { mergePullRequestAPI(t, c, repo, id) },
			Config:    testAccPullRequestDataSourceConfig(repo, id),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "status", knownvalue.StringExact("merged")),
				expectAttribute(address, "merged_commit_id", knownvalue.StringRegexp(commitIDRegexp)),
				expectAttribute(address, "closed_date", knownvalue.NotNull()),
			},
		},
	}))
}
