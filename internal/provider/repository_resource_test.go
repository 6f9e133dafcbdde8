package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

func TestAccRepository_basic(t *testing.T) {
	target := acctest.Shared(t)
	name := acctest.RandomName("tf-repo")
	namespace := acctest.StorageNamespace(name)
	address := "lakefs_repository.test"

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{
			Config: testAccRepositoryConfig(name, namespace, "force_destroy = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(name)),
				expectAttribute(address, "default_branch", knownvalue.StringExact("main")),
				expectAttribute(address, "storage_namespace", knownvalue.StringExact(namespace)),
				expectAttribute(address, "creation_date", knownvalue.NotNull()),
			},
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
		{
			// force_destroy is provider-side only: an in-place update, no replacement.
			Config:           testAccRepositoryConfig(name, namespace, "force_destroy = true"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "force_destroy", knownvalue.Bool(true)),
			},
		},
		importStep(address, importID(name), "force_destroy"),
		// Deleted behind Terraform's back: the next plan recreates it (a real lakeFS would refuse the
		// reused namespace, so this step runs against the test server only).
		testServerOnly(disappearsStep(deleteRepositoryPreConfig(t, target, name), testAccRepositoryConfig(name, namespace, "force_destroy = true"), address)),
	}))
}

// TestAccRepository_replacement: a change that replaces the repository must come with a new storage namespace
// (lakeFS never reuses one); with one, the repository is replaced.
func TestAccRepository_replacement(t *testing.T) {
	target := acctest.Shared(t)
	name := acctest.RandomName("tf-repl")
	address := "lakefs_repository.test"
	config := func(namespace, defaultBranch string) string {
		return testAccRepositoryConfig(name, namespace, fmt.Sprintf("default_branch = %q", defaultBranch))
	}
	first, second := acctest.StorageNamespace(name), acctest.StorageNamespace(name+"-2")

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{Config: config(first, "main")},
		{
			Config:      config(first, "develop"),
			ExpectError: regexp.MustCompile(`(?s)would reuse its storage namespace.*default_branch`),
		},
		{
			Config:           config(second, "develop"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionDestroyBeforeCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "default_branch", knownvalue.StringExact("develop")),
			},
		},
	}))
}
