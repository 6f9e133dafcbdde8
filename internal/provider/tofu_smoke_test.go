package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// TestAccTofuRepository_basic runs under OpenTofu (make testacc-tofu): the provider must serve OpenTofu as it
// serves Terraform, with a clean plan after apply and a working import.
func TestAccTofuRepository_basic(t *testing.T) {
	target := acctest.Shared(t)
	name := acctest.RandomName("tofu-repo")
	address := "lakefs_repository.test"

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{
			Config: testAccRepositoryConfig(name, acctest.StorageNamespace(name), "force_destroy = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(name)),
			},
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
		importStep(address, importID(name), "force_destroy"),
	}))
}
