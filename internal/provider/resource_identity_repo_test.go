package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// Resource identity (Terraform 1.12+) of a repository's tags and settings: see identityTestCase.

func TestAccIdentity_tag(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	// lakeFS does not record the ref a tag was made from: the import adopts the configured one, an update.
	resource.ParallelTest(t, identityTestCase(t, testAccTagConfig(repo, "v1", "main"), "lakefs_tag.test",
		map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo), "id": knownvalue.StringExact("v1")},
		plancheck.ResourceActionUpdate))
}

func TestAccIdentity_branchProtection(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	resource.ParallelTest(t, identityTestCase(t, testAccBranchProtectionConfig(repo, "main", "release-*"),
		"lakefs_branch_protection.test", repoSettingIdentity(repo), plancheck.ResourceActionNoop))
}

func TestAccIdentity_gcRules(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	resource.ParallelTest(t, identityTestCase(t, testAccRepositoryHCL(repo)+testAccGCRulesConfig(7, map[string]int{"main": 21}),
		"lakefs_gc_rules.test", repoSettingIdentity(repo), plancheck.ResourceActionNoop))
}

func TestAccIdentity_repositoryMetadata(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	resource.ParallelTest(t, identityTestCase(t, testAccRepositoryHCL(repo)+testAccRepositoryMetadataConfig(map[string]string{"team": "data"}),
		"lakefs_repository_metadata.test", repoSettingIdentity(repo), plancheck.ResourceActionNoop))
}

// repoSettingIdentity is the identity of a resource that is one of repo's settings.
func repoSettingIdentity(repo string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo)}
}
