package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

func testAccPullRequestsDataSourceConfig(providerBlock, repo, status string) string {
	return providerBlock + hclBlock(`data "lakefs_pull_requests" "test"`, hclString("repository", repo), hclOptionalString("status", status))
}

// TestAccPullRequestsDataSource_pagination reads 1001 pull requests with the fewest list calls: two pages of 1000.
func TestAccPullRequestsDataSource_pagination(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := prFixture(t, target)
	c := target.Client(t)
	const n = 1001
	for i := 0; i < n; i++ {
		createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: fmt.Sprintf("pr %d", i),
			SourceBranch: "feature", DestinationBranch: "main"})
	}
	address := "data.lakefs_pull_requests.test"
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		PreConfig: target.Server.ResetCounters,
		Config:    testAccPullRequestsDataSourceConfig(target.ProviderConfig(), repo, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute(address, "pull_requests", knownvalue.ListSizeExact(n)),
		},
		Check: func(s *terraform.State) error {
			// One read of the data source (the apply's plan) has happened when Check runs.
			if got := target.Server.RequestCount("listPullRequests"); got != 2 {
				return fmt.Errorf("listPullRequests was called %d times for %d pull requests, want 2", got, n)
			}
			// lakeFS's order (by id; newest first across seconds), kept as it is.
			all, err := c.ListAllPullRequests(context.Background(), repo, "", "all")
			if err != nil {
				return err
			}
			attrs := s.RootModule().Resources[address].Primary.Attributes
			for _, i := range []int{0, 999, 1000} {
				if got := attrs[fmt.Sprintf("pull_requests.%d.id", i)]; got != all[i].ID {
					return fmt.Errorf("pull_requests[%d] is %s, lakeFS lists %s there", i, got, all[i].ID)
				}
			}
			return nil
		},
	}}))
}

// TestAccPullRequestsDataSource_status: each filter returns exactly the pull requests of that status; lakeFS's own
// "closed" filter would include merged ones.
func TestAccPullRequestsDataSource_status(t *testing.T) {
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	create := func(title string) string {
		id := createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: title, SourceBranch: "feature", DestinationBranch: "main"})
		return id
	}
	openID, closedID, mergedID := create("open one"), create("closed one"), create("merged one")
	closed := "closed"
	if err := c.UpdatePullRequest(ctx, repo, closedID, client.PullRequestUpdate{Status: &closed}); err != nil {
		t.Fatal(err)
	}
	mergePullRequestAPI(t, c, repo, mergedID)
	address := "data.lakefs_pull_requests.test"
	only := func(id, status string) []statecheck.StateCheck {
		first := tfjsonpath.New("pull_requests").AtSliceIndex(0)
		return []statecheck.StateCheck{
			expectAttribute(address, "pull_requests", knownvalue.ListSizeExact(1)),
			statecheck.ExpectKnownValue(address, first.AtMapKey("id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(address, first.AtMapKey("status"), knownvalue.StringExact(status)),
		}
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccPullRequestsDataSourceConfig("", repo, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "pull_requests", knownvalue.ListSizeExact(3)),
			},
		},
		{
			Config: testAccPullRequestsDataSourceConfig("", repo, "all"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "pull_requests", knownvalue.ListSizeExact(3)),
			},
		},
		{
			Config: testAccPullRequestsDataSourceConfig("", repo, "open"),
			ConfigStateChecks: append(only(openID, "open"),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("pull_requests").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(openID), "title": knownvalue.StringExact("open one"), "status": knownvalue.StringExact("open"),
					"author": knownvalue.NotNull(), "source_branch": knownvalue.StringExact("feature"),
					"destination_branch": knownvalue.StringExact("main"), "creation_date": knownvalue.NotNull(),
					"closed_date": knownvalue.Null(),
				}))),
		},
		{
			Config: testAccPullRequestsDataSourceConfig("", repo, "closed"),
			ConfigStateChecks: append(only(closedID, "closed"),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("pull_requests").AtSliceIndex(0).AtMapKey("closed_date"), knownvalue.NotNull())),
		},
		{
			Config:            testAccPullRequestsDataSourceConfig("", repo, "merged"),
			ConfigStateChecks: only(mergedID, "merged"),
		},
		{
			Config: testAccPullRequestsPrefixConfig(repo, openID),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "pull_requests", knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("pull_requests").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(openID)),
			},
		},
	}))
}

// testAccPullRequestsPrefixConfig lists by the full id as prefix, which matches exactly one pull request.
func testAccPullRequestsPrefixConfig(repo, prefix string) string {
	return hclBlock(`data "lakefs_pull_requests" "test"`, hclString("repository", repo), hclString("prefix", prefix))
}
