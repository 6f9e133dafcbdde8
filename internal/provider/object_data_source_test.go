package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// testAccObjectDataSourceConfig declares data.lakefs_object.test with more attributes, one line each.
func testAccObjectDataSourceConfig(repo, ref, path string, attributes ...string) string {
	return hclBlock(`data "lakefs_object" "test"`,
		append([]string{hclString("repository", repo), hclString("ref", ref), hclString("path", path)}, attributes...)...)
}

// TestAccObjectDataSource_basic reads an object's stats and content at a branch, its committed state and a commit,
// follows a change made outside Terraform, and refuses content that is too large or not text.
func TestAccObjectDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo, c := dsFixture(t, target)
	ctx := context.Background()
	dsUpload(t, c, repo, "dir/a.txt", "hello", client.UploadOptions{ContentType: "text/plain", Metadata: map[string]string{"owner": "data"}})
	dsUpload(t, c, repo, "big.txt", strings.Repeat("x", 2000), client.UploadOptions{})
	dsUpload(t, c, repo, "binary.dat", "\xff\xfe\x00binary", client.UploadOptions{})
	committed := dsCommit(t, c, repo, "objects", nil)
	stat, err := c.StatObject(ctx, repo, "main", "dir/a.txt")
	if err != nil {
		t.Fatal(err)
	}
	address := "data.lakefs_object.test"
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccObjectDataSourceConfig(repo, "main", "dir/a.txt"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo+"/main/dir/a.txt")),
				expectAttribute(address, "checksum", knownvalue.StringExact(stat.Checksum)),
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(5)),
				expectAttribute(address, "content_type", knownvalue.StringExact("text/plain")),
				expectAttribute(address, "metadata", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("data")})),
				expectAttribute(address, "physical_address", knownvalue.StringExact(stat.PhysicalAddress)),
				expectAttribute(address, "mtime", knownvalue.StringRegexp(rfc3339Regexp)),
				expectAttribute(address, "content", knownvalue.Null()),
				expectAttribute(address, "max_content_bytes", knownvalue.Int64Exact(1<<20)),
			},
		},
		{
			Config: testAccObjectDataSourceConfig(repo, committed.ID, "dir/a.txt", "read_content = true"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "content", knownvalue.StringExact("hello")),
				expectAttribute(address, "id", knownvalue.StringExact(repo+"/"+committed.ID+"/dir/a.txt")),
			},
		},
		{
			// Changed outside Terraform, not committed: the branch shows the change, its committed state (main@) does not.
			PreConfig: func() { dsUpload(t, c, repo, "dir/a.txt", "changed!", client.UploadOptions{}) },
			Config: testAccObjectDataSourceConfig(repo, "main", "dir/a.txt", "read_content = true") + `
data "lakefs_object" "committed" {
  repository   = data.lakefs_object.test.repository
  ref          = "main@"
  path         = "dir/a.txt"
  read_content = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "content", knownvalue.StringExact("changed!")),
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(8)),
				expectAttribute(address, "content_type", knownvalue.StringExact("application/octet-stream")),
				expectAttribute(address, "metadata", knownvalue.MapSizeExact(0)),
				expectAttribute("data.lakefs_object.committed", "content", knownvalue.StringExact("hello")),
			},
			Check: func(s *terraform.State) error {
				got, err := stateAttribute(s, address, "checksum")
				if err == nil && got == stat.Checksum {
					return fmt.Errorf("checksum still %s after the object changed", got)
				}
				return err
			},
		},
		{
			Config: testAccObjectDataSourceConfig(repo, "main", "big.txt", "read_content = true", "max_content_bytes = 2000"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "content", knownvalue.StringExact(strings.Repeat("x", 2000))),
			},
		},
		{
			Config:      testAccObjectDataSourceConfig(repo, "main", "big.txt", "read_content = true", "max_content_bytes = 1999"),
			ExpectError: regexp.MustCompile(`(?s)Cannot read the content of object "big.txt".*2000 bytes, more than\s+max_content_bytes \(1999\)`),
		},
		{
			Config:      testAccObjectDataSourceConfig(repo, "main", "binary.dat", "read_content = true"),
			ExpectError: regexp.MustCompile(`(?s)Cannot read the content of object "binary.dat".*not valid UTF-8`),
		},
		{
			// Stats of a binary object are fine.
			Config:            testAccObjectDataSourceConfig(repo, "main", "binary.dat"),
			ConfigStateChecks: []statecheck.StateCheck{expectAttribute(address, "size_bytes", knownvalue.Int64Exact(9))},
		},
		{
			Config:      testAccObjectDataSourceConfig(repo, "main", "missing.txt"),
			ExpectError: regexp.MustCompile(`(?s)Object "missing.txt" not found at ref "main".*HTTP 404`),
		},
		{
			Config:      testAccObjectDataSourceConfig(repo, "no-such-branch", "dir/a.txt"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 404.*The ref "no-such-branch" does not exist in repository`),
		},
		{
			Config:      testAccObjectDataSourceConfig("tf-dsr-no-such-repository", "main", "dir/a.txt"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 404.*The repository "tf-dsr-no-such-repository" does not exist`),
		},
	}))
}

// An object that grows between its stat and its download is refused by the download's own limit: the content in
// the state is never cut short. A raw server plays lakeFS: stat says 1 byte, the content is 100.
func TestAccObjectDataSource_grewAfterStat(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/repositories/repo/refs/main/objects/stat":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"path":"a.txt","path_type":"object","physical_address":"local://x","checksum":"c","size_bytes":1,"mtime":1,"metadata":{}}`))
		case "/api/v1/repositories/repo/refs/main/objects":
			_, _ = w.Write([]byte(strings.Repeat("y", 100)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	resource.ParallelTest(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:      standInProviderHCL(srv.URL) + testAccObjectDataSourceConfig("repo", "main", "a.txt", "read_content = true", "max_content_bytes = 10"),
		ExpectError: regexp.MustCompile(`(?s)Cannot read the content of object "a.txt".*larger now than when it was\s+stat'ed`),
	}}))
}
