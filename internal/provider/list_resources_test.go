package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// List resources (Terraform 1.14 `terraform query`).

// testAccListFixtureConfig is a repository (from prFixture: main and feature) with a pull request, a branch,
// objects under data/ and beside it, and tags v1 and rc1.
func testAccListFixtureConfig(repo string) string {
	object := func(name, path, content string) string {
		return hclBlock(`resource "lakefs_object" "`+name+`"`,
			hclString("repository", repo), `branch = "main"`, hclString("path", path), hclString("content", content))
	}
	return testAccPullRequestConfig("", repo, "Listed", "", "") +
		hclBlock(`resource "lakefs_branch" "other"`, hclString("repository", repo), `name = "other"`, `source = "main"`) +
		object("nested", "data/2026/a b.csv", "a,b\n") +
		object("top", "data/top.txt", "top") +
		object("outside", "readme.txt", "not under data/") +
		hclBlock(`resource "lakefs_tag" "listed"`,
			"count = 2 # terraform-plugin-testing does not handle for_each",
			hclString("repository", repo),
			`id = ["v1", "rc1"][count.index]`,
			`ref = ["main", "feature"][count.index]`)
}

// testAccListQuery lists what testAccListFixtureConfig made, with include_resource.
func testAccListQuery(repo string) string {
	withResources := []string{"include_resource = true"}
	return listProviderHCL +
		listHCL("lakefs_repository", "mine", withResources, hclString("prefix", repo)) +
		listHCL("lakefs_branch", "all", withResources, hclString("repository", repo)) +
		listHCL("lakefs_pull_request", "open", withResources, hclString("repository", repo), `status = "open"`) +
		listHCL("lakefs_tag", "v", withResources, hclString("repository", repo), `prefix = "v"`) +
		listHCL("lakefs_object", "data", withResources, hclString("repository", repo), `branch = "main"`, `prefix = "data/"`)
}

// listProviderHCL is the provider block of a query configuration: the shared server's settings come from the
// environment.
const listProviderHCL = "\nprovider \"lakefs\" {}\n"

// listHCL is the list block typ "name" of the lakefs provider, with its own arguments (`include_resource = true`,
// `limit = 10`) and the lines of its config block.
func listHCL(typ, name string, arguments []string, config ...string) string {
	lines := append([]string{"provider = lakefs"}, arguments...)
	lines = append(lines, "config {")
	for _, l := range config {
		lines = append(lines, "  "+l)
	}
	return hclBlock(fmt.Sprintf("list %q %q", typ, name), append(lines, "}")...)
}

func TestAccList_basic(t *testing.T) {
	repo := prFixture(t, acctest.Shared(t))
	nested := map[string]knownvalue.Check{
		"repository": knownvalue.StringExact(repo), "branch": knownvalue.StringExact("main"), "path": knownvalue.StringExact("data/2026/a b.csv"),
	}
	tagV1 := map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo), "id": knownvalue.StringExact("v1")}
	tc := testCase(t, nil, []resource.TestStep{
		{Config: testAccListFixtureConfig(repo)},
		{
			Query:  true,
			Config: testAccListQuery(repo),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("lakefs_repository.mine", 1),
				querycheck.ExpectIdentity("lakefs_repository.mine", map[string]knownvalue.Check{"name": knownvalue.StringExact(repo)}),
				querycheck.ExpectResourceKnownValues("lakefs_repository.mine",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(repo)}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("storage_namespace"), KnownValue: knownvalue.StringExact(acctest.StorageNamespace(repo))},
						{Path: tfjsonpath.New("default_branch"), KnownValue: knownvalue.StringExact("main")},
						{Path: tfjsonpath.New("force_destroy"), KnownValue: knownvalue.Bool(false)},
					}),

				querycheck.ExpectLength("lakefs_branch.all", 3),
				querycheck.ExpectIdentity("lakefs_branch.all", map[string]knownvalue.Check{
					"repository": knownvalue.StringExact(repo), "name": knownvalue.StringExact("other"),
				}),
				querycheck.ExpectResourceKnownValues("lakefs_branch.all",
					queryfilter.ByDisplayName(knownvalue.StringExact(repo+"/feature")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("commit_id"), KnownValue: knownvalue.StringRegexp(commitIDRegexp)},
						{Path: tfjsonpath.New("source"), KnownValue: knownvalue.StringRegexp(commitIDRegexp)},
					}),

				querycheck.ExpectLength("lakefs_tag.v", 1),
				querycheck.ExpectIdentity("lakefs_tag.v", tagV1),
				querycheck.ExpectResourceKnownValues("lakefs_tag.v", queryfilter.ByResourceIdentity(tagV1),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("commit_id"), KnownValue: knownvalue.StringRegexp(commitIDRegexp)},
						{Path: tfjsonpath.New("ref"), KnownValue: knownvalue.StringRegexp(commitIDRegexp)},
						{Path: tfjsonpath.New("force"), KnownValue: knownvalue.Bool(false)},
					}),

				querycheck.ExpectLength("lakefs_pull_request.open", 1),
				querycheck.ExpectResourceKnownValues("lakefs_pull_request.open",
					queryfilter.ByDisplayName(knownvalue.StringRegexp(regexp.MustCompile(`: Listed$`))),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("repository"), KnownValue: knownvalue.StringExact(repo)},
						{Path: tfjsonpath.New("source_branch"), KnownValue: knownvalue.StringExact("feature")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("open")},
					}),

				querycheck.ExpectLength("lakefs_object.data", 2),
				querycheck.ExpectIdentity("lakefs_object.data", nested),
				querycheck.ExpectResourceKnownValues("lakefs_object.data", queryfilter.ByResourceIdentity(nested),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("size_bytes"), KnownValue: knownvalue.Int64Exact(4)},
						{Path: tfjsonpath.New("content"), KnownValue: knownvalue.Null()},
					}),
			},
		},
	})
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.ParallelTest(t, tc)
}

// TestAccList_allPages lists more branches than lakeFS serves in one page (1000), and stops at the list block's
// limit.
func TestAccList_allPages(t *testing.T) {
	if acctest.External() {
		t.Skip("creates 1001 branches: the test server only")
	}
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-pages")
	c := target.Client(t)
	ctx := context.Background()
	createRepositoryAPI(t, c, repo)
	for i := range 1001 {
		if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("b%04d", i), Source: "main"}); err != nil {
			t.Fatalf("creating branch %d: %v", i, err)
		}
	}
	query := func(limit int) string {
		return listProviderHCL + listHCL("lakefs_branch", "all", []string{fmt.Sprintf("limit = %d", limit)}, hclString("repository", repo))
	}
	tc := testCase(t, nil, []resource.TestStep{
		{Config: testAccRepositoryHCL(acctest.RandomName("tf-pages-anchor"))},
		{
			Query:  true,
			Config: query(2000),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("lakefs_branch.all", 1002), // main too
				querycheck.ExpectIdentity("lakefs_branch.all", map[string]knownvalue.Check{
					"repository": knownvalue.StringExact(repo), "name": knownvalue.StringExact("b1000"),
				}),
			},
		},
		{
			Query:             true,
			Config:            query(10),
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("lakefs_branch.all", 10)},
		},
	})
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.ParallelTest(t, tc)
}
