package provider_test

import (
	"context"
	"fmt"
	"regexp"
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

// testAccObjectsDataSourceConfig declares data.lakefs_objects.test with more attributes, one line each.
func testAccObjectsDataSourceConfig(repo, ref string, attributes ...string) string {
	return hclBlock(`data "lakefs_objects" "test"`, append([]string{hclString("repository", repo), hclString("ref", ref)}, attributes...)...)
}

// stringsExact is a list check for exactly these strings, in order.
func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// objectPaths checks the paths of the listed objects of address, in order.
func objectPaths(address string, paths ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(paths))
	for i, p := range paths {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"path": knownvalue.StringExact(p)})
	}
	return expectAttribute(address, "objects", knownvalue.ListExact(checks))
}

// TestAccObjectsDataSource_basic lists with and without prefix and delimiter, follows a delete made outside
// Terraform, and fails with lakeFS's message for a ref or repository that does not exist.
func TestAccObjectsDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo, c := dsFixture(t, target)
	for _, p := range []string{"a.txt", "dir/b.txt", "dir/c.txt", "dir/sub/d.txt", "other/e.txt"} {
		dsUpload(t, c, repo, p, "content of "+p, client.UploadOptions{})
	}
	dsUpload(t, c, repo, "meta.txt", "m", client.UploadOptions{ContentType: "text/plain", Metadata: map[string]string{"k": "v"}})
	dsCommit(t, c, repo, "objects", nil)
	stat, err := c.StatObject(context.Background(), repo, "main", "meta.txt")
	if err != nil {
		t.Fatal(err)
	}
	address := "data.lakefs_objects.test"
	prefixes := func(values ...string) statecheck.StateCheck {
		return expectAttribute(address, "common_prefixes", stringsExact(values...))
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccObjectsDataSourceConfig(repo, "main"),
			ConfigStateChecks: []statecheck.StateCheck{
				objectPaths(address, "a.txt", "dir/b.txt", "dir/c.txt", "dir/sub/d.txt", "meta.txt", "other/e.txt"),
				prefixes(),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("objects").AtSliceIndex(4), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"path":             knownvalue.StringExact("meta.txt"),
					"checksum":         knownvalue.StringExact(stat.Checksum),
					"size_bytes":       knownvalue.Int64Exact(1),
					"content_type":     knownvalue.StringExact("text/plain"),
					"metadata":         knownvalue.MapExact(map[string]knownvalue.Check{"k": knownvalue.StringExact("v")}),
					"physical_address": knownvalue.StringExact(stat.PhysicalAddress),
					"mtime":            knownvalue.StringRegexp(rfc3339Regexp),
				})),
				// An object without metadata has {} here too, as in lakefs_object.
				statecheck.ExpectKnownValue(address, tfjsonpath.New("objects").AtSliceIndex(0).AtMapKey("metadata"), knownvalue.MapSizeExact(0)),
			},
		},
		{
			Config:            testAccObjectsDataSourceConfig(repo, "main", `delimiter = "/"`),
			ConfigStateChecks: []statecheck.StateCheck{objectPaths(address, "a.txt", "meta.txt"), prefixes("dir/", "other/")},
		},
		{
			Config:            testAccObjectsDataSourceConfig(repo, "main", `prefix = "dir/"`, `delimiter = "/"`),
			ConfigStateChecks: []statecheck.StateCheck{objectPaths(address, "dir/b.txt", "dir/c.txt"), prefixes("dir/sub/")},
		},
		{
			Config:            testAccObjectsDataSourceConfig(repo, "main", `prefix = "dir/"`),
			ConfigStateChecks: []statecheck.StateCheck{objectPaths(address, "dir/b.txt", "dir/c.txt", "dir/sub/d.txt"), prefixes()},
		},
		{
			Config:            testAccObjectsDataSourceConfig(repo, "main", `prefix = "nothing-here/"`),
			ConfigStateChecks: []statecheck.StateCheck{objectPaths(address), prefixes()},
		},
		{
			// Deleted outside Terraform, not committed: gone at the branch, still there at its committed state.
			PreConfig: deleteObjectPreConfig(t, target, repo, "main", "dir/c.txt"),
			Config: testAccObjectsDataSourceConfig(repo, "main", `prefix = "dir/"`, `delimiter = "/"`) + fmt.Sprintf(`
data "lakefs_objects" "committed" {
  repository = %q
  ref        = "main@"
  prefix     = "dir/"
  delimiter  = "/"
}
`, repo),
			ConfigStateChecks: []statecheck.StateCheck{
				objectPaths(address, "dir/b.txt"),
				objectPaths("data.lakefs_objects.committed", "dir/b.txt", "dir/c.txt"),
			},
		},
		{
			Config:      testAccObjectsDataSourceConfig(repo, "no-such-branch"),
			ExpectError: regexp.MustCompile(`(?s)Cannot list objects at ref "no-such-branch".*HTTP 404.*The ref "no-such-branch" does not exist`),
		},
		{
			Config:      testAccObjectsDataSourceConfig("tf-dsr-no-such-repository", "main"),
			ExpectError: regexp.MustCompile(`(?s)Cannot list objects.*HTTP 404.*The repository "tf-dsr-no-such-repository" does not exist`),
		},
	}))
}

// TestAccListingDataSources_pagination reads listings longer than one page of lakeFS's largest size with the
// fewest calls: 1001 objects, branches and repositories, two list calls each.
func TestAccListingDataSources_pagination(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	ctx := context.Background()
	c := target.Client(t)
	const n = 1001
	repo := "page-0000"
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("page-%04d", i)
		if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: name, StorageNamespace: "local://" + name}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n-1; i++ { // with main, n branches
		if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("b-%04d", i), Source: "main"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		dsUpload(t, c, repo, fmt.Sprintf("dir/%04d", i), "x", client.UploadOptions{})
	}
	config := target.ProviderConfig() + fmt.Sprintf(`
data "lakefs_repositories" "test" {
  prefix = "page-"
}

data "lakefs_branches" "test" {
  repository = %[1]q
}

data "lakefs_objects" "test" {
  repository = %[1]q
  ref        = "main"
  prefix     = "dir/"
}
`, repo)
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		PreConfig: target.Server.ResetCounters,
		Config:    config,
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute("data.lakefs_repositories.test", "repositories", knownvalue.ListSizeExact(n)),
			expectAttribute("data.lakefs_branches.test", "branches", knownvalue.ListSizeExact(n)),
			expectAttribute("data.lakefs_objects.test", "objects", knownvalue.ListSizeExact(n)),
			statecheck.ExpectKnownValue("data.lakefs_objects.test", tfjsonpath.New("objects").AtSliceIndex(n-1).AtMapKey("path"), knownvalue.StringExact("dir/1000")),
			statecheck.ExpectKnownValue("data.lakefs_branches.test", tfjsonpath.New("branches").AtSliceIndex(n-1).AtMapKey("name"), knownvalue.StringExact("main")),
			statecheck.ExpectKnownValue("data.lakefs_repositories.test", tfjsonpath.New("repositories").AtSliceIndex(n-1).AtMapKey("id"), knownvalue.StringExact("page-1000")),
		},
		Check: func(*terraform.State) error {
			// One read of each data source (the apply's plan) has happened when Check runs.
			for _, op := range []string{"listRepositories", "listBranches", "listObjects"} {
				if got := target.Server.RequestCount(op); got != 2 {
					return fmt.Errorf("%s was called %d times for %d items, want 2", op, got, n)
				}
			}
			return nil
		},
	}}))
}
