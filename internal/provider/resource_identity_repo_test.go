package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// Resource identity (Terraform 1.12+) of a repository's tags and settings: see identityTestCase.

// lakeFS does not record the ref a tag was made from: the import adopts the configured one, an update.
func TestAccIdentity_tag(t *testing.T) {
	repoIdentityTest(t, "lakefs_tag.test", plancheck.ResourceActionUpdate, func(repo string) string {
		return testAccTagConfig(repo, "v1", "main")
	}, "id", "v1")
}

func TestAccIdentity_branchProtection(t *testing.T) {
	repoIdentityTest(t, "lakefs_branch_protection.test", plancheck.ResourceActionNoop, func(repo string) string {
		return testAccBranchProtectionConfig(repo, "main", "release-*")
	})
}

func TestAccIdentity_gcRules(t *testing.T) {
	repoIdentityTest(t, "lakefs_gc_rules.test", plancheck.ResourceActionNoop, func(repo string) string {
		return testAccRepositoryHCL(repo) + testAccGCRulesConfig(7, map[string]int{"main": 21})
	})
}

func TestAccIdentity_repositoryMetadata(t *testing.T) {
	repoIdentityTest(t, "lakefs_repository_metadata.test", plancheck.ResourceActionNoop, func(repo string) string {
		return testAccRepositoryHCL(repo) + testAccRepositoryMetadataConfig(map[string]string{"team": "data"})
	})
}

// repoIdentityTest runs identityTestCase on config of a new repository: the identity of address is that
// repository and the attribute/value pairs of more.
func repoIdentityTest(t *testing.T, address string, importAction plancheck.ResourceActionType, config func(repo string) string, more ...string) {
	repo := acctest.RandomName("tf-identity")
	want := map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo)}
	for i := 0; i+1 < len(more); i += 2 {
		want[more[i]] = knownvalue.StringExact(more[i+1])
	}
	resource.ParallelTest(t, identityTestCase(t, config(repo), address, want, importAction))
}
