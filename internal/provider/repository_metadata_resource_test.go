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
)

// lakeFS writes this key itself on every import (graveler.go).
const lakefsImportKey = ".lakefs.last.import.timestamp"

func TestAccRepositoryMetadata_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-repomd")
	repoConfig := testAccRepositoryHCL(repo)
	address := "lakefs_repository_metadata.test"
	ctx := context.Background()
	first := map[string]string{"owner": "team-a", "env": "dev"}
	second := map[string]string{"owner": "team-b", "tier": "gold"}
	secondConfig := repoConfig + testAccRepositoryMetadataConfig(second)
	set := func(md map[string]string) func() {
		return func() {
			if err := target.Client(t).SetRepositoryMetadata(ctx, repo, md); err != nil {
				t.Fatalf("setting metadata behind Terraform's back: %v", err)
			}
		}
	}
	driftUpdates := plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{
			Config:           repoConfig + testAccRepositoryMetadataConfig(first),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo)),
				expectAttribute(address, "metadata", knownvalue.MapExact(map[string]knownvalue.Check{
					"owner": knownvalue.StringExact("team-a"), "env": knownvalue.StringExact("dev"),
				})),
			},
			Check: checkRepositoryMetadata(t, target, repo, first),
		},
		{
			// A key changed, one removed, one added.
			Config:           secondConfig,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkRepositoryMetadata(t, target, repo, second),
		},
		importStep(address, importID(repo)),
		// Behind Terraform's back, a key changed, a key added, a key removed: each shows in the next plan.
		driftStep(set(map[string]string{"owner": "someone-else"}), secondConfig, driftUpdates),
		driftStep(set(map[string]string{"owner": "team-b", "added": "outside"}), secondConfig, driftUpdates),
		driftStep(func() {
			if err := target.Client(t).DeleteRepositoryMetadata(ctx, repo, []string{"added", "tier"}); err != nil {
				t.Fatalf("deleting metadata behind Terraform's back: %v", err)
			}
			set(map[string]string{"added": "outside"})()
		}, secondConfig, driftUpdates),
		{
			// Applying puts the configured map back: the key added outside goes.
			Config:           secondConfig,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkRepositoryMetadata(t, target, repo, second),
		},
		{
			// lakeFS's own keys (written by an import) are not Terraform's: no diff, and they stay.
			PreConfig:        set(map[string]string{lakefsImportKey: "1700000000"}),
			Config:           secondConfig,
			ConfigPlanChecks: expectEmptyPlan(),
			Check:            checkRepositoryMetadata(t, target, repo, map[string]string{"owner": "team-b", "tier": "gold", lakefsImportKey: "1700000000"}),
		},
		{
			// {} removes every key but lakeFS's own and keeps the resource.
			Config:           repoConfig + testAccRepositoryMetadataConfig(map[string]string{}),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkRepositoryMetadata(t, target, repo, map[string]string{lakefsImportKey: "1700000000"}),
		},
		{
			Config: repoConfig + testAccRepositoryMetadataConfig(first),
			Check:  checkRepositoryMetadata(t, target, repo, map[string]string{"owner": "team-a", "env": "dev", lakefsImportKey: "1700000000"}),
		},
		{
			// Destroying the resource removes its keys; the repository and lakeFS's key stay.
			Config:           repoConfig,
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionDestroy),
			Check:            checkRepositoryMetadata(t, target, repo, map[string]string{lakefsImportKey: "1700000000"}),
		},
	}))
}

func TestAccRepositoryMetadata_disappears(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-repomd")
	config := testAccRepositoryHCL(repo) + testAccRepositoryMetadataConfig(map[string]string{"k": "v"})
	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{Config: config, Check: checkRepositoryMetadata(t, target, repo, map[string]string{"k": "v"})},
		// The repository deleted behind Terraform's back takes its metadata along (a real lakeFS would refuse to
		// create the repository again in the same namespace, and answers for it a while: test server only).
		testServerOnly(disappearsStep(deleteRepositoryPreConfig(t, target, repo), config, "lakefs_repository_metadata.test")),
	}))
}

func TestAccRepositoryMetadata_errors(t *testing.T) {
	missing := acctest.RandomName("tf-nope")
	config := func(md map[string]string) string {
		return strings.Replace(testAccRepositoryMetadataConfig(md), "lakefs_repository.test.name", fmt.Sprintf("%q", missing), 1)
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(config(map[string]string{lakefsImportKey: "1"}), `(?s)Reserved metadata key.*metadata`),
		planErrorStep(config(map[string]string{"": "1"}), `(?s)Attribute\s+metadata.*at\s+least\s+1`),
		{
			// lakeFS answers 204 to an empty set even for a missing repository: the provider still says it is missing.
			Config:      config(map[string]string{}),
			ExpectError: regexp.MustCompile(`(?s)Cannot set the metadata of repository.*HTTP 404`),
		},
	}))
}

// testAccRepositoryMetadataConfig declares lakefs_repository_metadata.test on lakefs_repository.test.
func testAccRepositoryMetadataConfig(md map[string]string) string {
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(`
resource "lakefs_repository_metadata" "test" {
  repository = lakefs_repository.test.name
  metadata = {
`)
	for _, k := range keys {
		fmt.Fprintf(&b, "    %q = %q\n", k, md[k])
	}
	return b.String() + "  }\n}\n"
}

// checkRepositoryMetadata verifies the repository's whole metadata, lakeFS's own keys included, through the API.
func checkRepositoryMetadata(t *testing.T, target *acctest.Target, repo string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := target.Client(t).GetRepositoryMetadata(context.Background(), repo)
		if err != nil {
			return err
		}
		if !maps.Equal(got, want) {
			return fmt.Errorf("lakeFS has metadata %v, want %v", got, want)
		}
		return nil
	}
}
