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

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// dsFixture creates a repository through the API for the read-only data sources, deleted when the test ends.
func dsFixture(t *testing.T, target *acctest.Target) (repo string, c *client.Client) {
	t.Helper()
	c = target.Client(t)
	repo = acctest.RandomName("tf-dsr")
	createRepositoryAPI(t, c, repo)
	return repo, c
}

// dsUpload uploads content to path on main through the API.
func dsUpload(t *testing.T, c *client.Client, repo, path, content string, opts client.UploadOptions) {
	t.Helper()
	if _, err := c.UploadObjectBytes(context.Background(), repo, "main", path, []byte(content), opts); err != nil {
		t.Fatalf("uploading %s: %v", path, err)
	}
}

// dsCommit commits main through the API and returns the commit.
func dsCommit(t *testing.T, c *client.Client, repo, message string, metadata map[string]string) *client.Commit {
	t.Helper()
	commit, err := c.Commit(context.Background(), repo, "main", client.CommitCreation{Message: message, Metadata: metadata, AllowEmpty: true})
	if err != nil {
		t.Fatalf("committing %q: %v", message, err)
	}
	return commit
}

func testAccCommitDataSourceConfig(repo, ref string) string {
	return hclBlock(`data "lakefs_commit" "test"`, hclString("repository", repo), hclString("ref", ref))
}

var rfc3339Regexp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// TestAccCommitDataSource_basic reads commits by branch, ref expression, id prefix and tag, follows a commit made
// outside Terraform, and fails with lakeFS's message for a ref or repository that does not exist.
func TestAccCommitDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo, c := dsFixture(t, target)
	dsUpload(t, c, repo, "a.txt", "a", client.UploadOptions{})
	first := dsCommit(t, c, repo, "first", map[string]string{"source": "test", "Case": "Kept"})
	second := dsCommit(t, c, repo, "second", nil)
	if _, err := c.CreateTag(context.Background(), repo, "v1", first.ID); err != nil {
		t.Fatal(err)
	}
	address := "data.lakefs_commit.test"
	commitIs := func(commit *client.Commit, parents ...string) []statecheck.StateCheck {
		p := make([]knownvalue.Check, len(parents))
		for i, id := range parents {
			p[i] = knownvalue.StringExact(id)
		}
		return []statecheck.StateCheck{
			expectAttribute(address, "id", knownvalue.StringExact(commit.ID)),
			expectAttribute(address, "message", knownvalue.StringExact(commit.Message)),
			expectAttribute(address, "committer", knownvalue.StringExact(commit.Committer)),
			expectAttribute(address, "creation_date", knownvalue.StringRegexp(rfc3339Regexp)),
			expectAttribute(address, "parents", knownvalue.ListExact(p)),
		}
	}
	var third *client.Commit
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccCommitDataSourceConfig(repo, "main"),
			ConfigStateChecks: append(commitIs(second, first.ID),
				expectAttribute(address, "metadata", knownvalue.MapSizeExact(0))),
		},
		{
			Config: testAccCommitDataSourceConfig(repo, "main~1"),
			ConfigStateChecks: append(commitIs(first, first.Parents[0]),
				expectAttribute(address, "metadata", knownvalue.MapExact(map[string]knownvalue.Check{
					"source": knownvalue.StringExact("test"), "Case": knownvalue.StringExact("Kept"),
				}))),
		},
		{
			Config:            testAccCommitDataSourceConfig(repo, "v1"),
			ConfigStateChecks: commitIs(first, first.Parents[0]),
		},
		{
			Config:            testAccCommitDataSourceConfig(repo, second.ID[:16]),
			ConfigStateChecks: commitIs(second, first.ID),
		},
		{
			// The repository's first commit has no parents.
			Config:            testAccCommitDataSourceConfig(repo, "main~2"),
			ConfigStateChecks: []statecheck.StateCheck{expectAttribute(address, "parents", knownvalue.ListSizeExact(0))},
		},
		{
			// A commit made outside Terraform: the next read follows the branch.
			PreConfig: func() { third = dsCommit(t, c, repo, "third", nil) },
			Config:    testAccCommitDataSourceConfig(repo, "main"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "message", knownvalue.StringExact("third")),
				expectAttribute(address, "parents", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(second.ID)})),
			},
			Check: func(s *terraform.State) error {
				if got, err := stateAttribute(s, address, "id"); err != nil || got != third.ID {
					return fmt.Errorf("id %q (%v), want the new head %s", got, err, third.ID)
				}
				return nil
			},
		},
		{
			Config:      testAccCommitDataSourceConfig(repo, "no-such-ref"),
			ExpectError: regexp.MustCompile(`(?s)Commit "no-such-ref" not found in repository.*HTTP 404: .*not found`),
		},
		{
			Config:      testAccCommitDataSourceConfig("tf-dsr-no-such-repository", "main"),
			ExpectError: regexp.MustCompile(`(?s)Commit "main" not found in repository "tf-dsr-no-such-repository".*HTTP 404: repository not found`),
		},
	}))
}
