package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func TestAccObjectUserMetadata_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo, repoConfig := testAccNewRepository("tf-meta")
	const objPath = "dir/sub/file.txt"
	address := "lakefs_object_user_metadata.test"
	ctx := context.Background()
	var committed string
	first := map[string]string{"Owner": "team-a", "env": "dev"}
	// Keys added (Tier), removed (env) and changed in case only (Owner -> owner).
	second := map[string]string{"owner": "team-b", "Tier": "gold"}
	secondConfig := repoConfig + testAccMetadataConfig("main", objPath, second)

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{Config: repoConfig},
		{
			// A committed object whose upload headers gave it lower-cased metadata.
			PreConfig: func() {
				c := target.Client(t)
				if _, err := c.UploadObjectBytes(ctx, repo, "main", objPath, []byte("hello"),
					client.UploadOptions{Metadata: map[string]string{"Orig": "x"}}); err != nil {
					t.Fatalf("upload: %v", err)
				}
				commit, err := c.Commit(ctx, repo, "main", client.CommitCreation{Message: "add object"})
				if err != nil {
					t.Fatalf("commit: %v", err)
				}
				committed = commit.ID
			},
			Config:           repoConfig + testAccMetadataConfig("main", objPath, first),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo+"/main/"+objPath)),
				expectAttribute(address, "metadata", knownvalue.MapExact(map[string]knownvalue.Check{
					"Owner": knownvalue.StringExact("team-a"), "env": knownvalue.StringExact("dev"),
				})),
			},
			Check: resource.ComposeTestCheckFunc(
				checkObjectUserMetadata(t, target, repo, "main", objPath, first),
				// The change is uncommitted; the commit keeps the metadata of the upload.
				func(*terraform.State) error {
					return checkObjectUserMetadata(t, target, repo, committed, objPath, map[string]string{"orig": "x"})(nil)
				},
				checkBranchDiff(t, target, repo, "main", objPath, "changed"),
			),
		},
		{
			Config:           secondConfig,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "metadata", knownvalue.MapExact(map[string]knownvalue.Check{
					"owner": knownvalue.StringExact("team-b"), "Tier": knownvalue.StringExact("gold"),
				})),
			},
			Check: checkObjectUserMetadata(t, target, repo, "main", objPath, second),
		},
		importStep(address, importID(repo, "main", objPath)),
		// Edited behind Terraform's back: the next plan puts the configured map back.
		driftStep(func() {
			if err := target.Client(t).UpdateObjectUserMetadata(ctx, repo, "main", objPath, map[string]string{"owner": "someone-else"}); err != nil {
				t.Fatalf("editing the metadata behind Terraform's back: %v", err)
			}
		}, secondConfig, plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)),
		{
			Config:           secondConfig,
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionUpdate),
			Check:            checkObjectUserMetadata(t, target, repo, "main", objPath, second),
		},
		{
			// An empty map clears the metadata and keeps the resource.
			Config:           repoConfig + testAccMetadataConfig("main", objPath, map[string]string{}),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkObjectUserMetadata(t, target, repo, "main", objPath, map[string]string{}),
		},
		{
			Config: repoConfig + testAccMetadataConfig("main", objPath, first),
			Check:  checkObjectUserMetadata(t, target, repo, "main", objPath, first),
		},
		{
			// Destroying the resource clears the metadata; the object stays.
			Config:           repoConfig,
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionDestroy),
			Check:            checkObjectUserMetadata(t, target, repo, "main", objPath, map[string]string{}),
		},
	}))
}

func TestAccObjectUserMetadata_disappears(t *testing.T) {
	target := acctest.Shared(t)
	repo, repoConfig := testAccNewRepository("tf-meta")
	const objPath = "a.csv"
	address := "lakefs_object_user_metadata.test"
	meta := map[string]string{"k": "v"}
	config := repoConfig + testAccMetadataConfig("dev", objPath, meta)
	upload := func() {
		if _, err := target.Client(t).UploadObjectBytes(context.Background(), repo, "dev", objPath, []byte("a,b\n"), client.UploadOptions{}); err != nil {
			t.Fatalf("upload: %v", err)
		}
	}

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{Config: repoConfig},
		{
			// A staged (never committed) object on another branch.
			PreConfig: func() {
				createBranchPreConfig(t, target, repo, "dev", "main")()
				upload()
			},
			Config: config,
			Check:  checkObjectUserMetadata(t, target, repo, "dev", objPath, meta),
		},
		disappearsStep(deleteObjectPreConfig(t, target, repo, "dev", objPath), config, address),
		{
			// Re-uploaded without metadata: applying sets it again.
			PreConfig: upload,
			Config:    config,
			Check:     checkObjectUserMetadata(t, target, repo, "dev", objPath, meta),
		},
		disappearsStep(deleteBranchPreConfig(t, target, repo, "dev"), config, address),
	}))
}

func TestAccObjectUserMetadata_missing(t *testing.T) {
	target := acctest.Shared(t)
	_, repoConfig := testAccNewRepository("tf-meta")
	missingRepo := acctest.RandomName("tf-nope")
	meta := map[string]string{"k": "v"}

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{
			Config:      repoConfig + testAccMetadataConfig("nope", "a.txt", meta),
			ExpectError: regexp.MustCompile(`branch\s+"nope"\s+does\s+not\s+exist`),
		},
		{
			Config:      repoConfig + testAccMetadataConfig("main", "missing.txt", meta),
			ExpectError: regexp.MustCompile(`object\s+"missing.txt"\s+does\s+not\s+exist`),
		},
		{
			// lakeFS answers the update with 204 for a repository that does not exist; the read-back catches it.
			Config: repoConfig + fmt.Sprintf(`
resource "lakefs_object_user_metadata" "test" {
  repository = %q
  branch     = "main"
  path       = "a.txt"
  metadata   = { k = "v" }
}
`, missingRepo),
			ExpectError: regexp.MustCompile(`repository\s+"` + missingRepo + `"\s+does\s+not\s+exist`),
		},
	}))
}

func TestAccObjectUserMetadata_validation(t *testing.T) {
	cases := map[string]struct {
		repo, branch, path, metadata string
		want                         string
	}{
		"repository": {"Bad_Repo", "main", "a", `{ k = "v" }`, `must be 3 to 63 characters`},
		"branch":     {"repo1", "a/b", "a", `{ k = "v" }`, `must consist of letters`},
		"path":       {"repo1", "main", "", `{ k = "v" }`, `non-empty object path`},
		"key":        {"repo1", "main", "a", `{ "" = "v" }`, `string length must be at least 1`},
	}
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	steps := make([]resource.TestStep, 0, len(cases))
	for _, name := range names {
		tc := cases[name]
		steps = append(steps, planErrorStep(hclBlock(`resource "lakefs_object_user_metadata" "test"`,
			hclString("repository", tc.repo), hclString("branch", tc.branch), hclString("path", tc.path), "metadata = "+tc.metadata),
			strings.ReplaceAll(tc.want, " ", `\s+`)))
	}
	resource.ParallelTest(t, testCase(t, nil, steps))
}

func testAccMetadataConfig(branch, objPath string, metadata map[string]string) string {
	keys := make([]string, 0, len(metadata))
	for k := range metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "    %q = %q\n", k, metadata[k])
	}
	return fmt.Sprintf(`
resource "lakefs_object_user_metadata" "test" {
  repository = lakefs_repository.test.name
  branch     = %q
  path       = %q
  metadata = {
%s  }
}
`, branch, objPath, b.String())
}

// checkObjectUserMetadata compares an object's metadata at ref, as lakeFS reports it, with want.
func checkObjectUserMetadata(t *testing.T, target *acctest.Target, repo, ref, objPath string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats, err := target.Client(t).StatObject(context.Background(), repo, ref, objPath)
		if err != nil {
			return fmt.Errorf("stat %s@%s: %w", objPath, ref, err)
		}
		if !maps.Equal(stats.Metadata, want) {
			return fmt.Errorf("metadata of %s@%s: got %v, want %v", objPath, ref, stats.Metadata, want)
		}
		return nil
	}
}

// checkBranchDiff expects an uncommitted change of the given type for objPath on branch.
func checkBranchDiff(t *testing.T, target *acctest.Target, repo, branch, objPath, changeType string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		diff, err := target.Client(t).DiffBranch(context.Background(), repo, branch, client.ListOptions{})
		if err != nil {
			return fmt.Errorf("diff %s: %w", branch, err)
		}
		for _, d := range diff.Results {
			if d.Path == objPath {
				if d.Type != changeType {
					return fmt.Errorf("uncommitted change of %s on %s: got %q, want %q", objPath, branch, d.Type, changeType)
				}
				return nil
			}
		}
		return fmt.Errorf("no uncommitted change of %s on %s (diff: %+v)", objPath, branch, diff.Results)
	}
}
