package provider_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

const groupAddress = "lakefs_group.test"

func TestAccGroup_basic(t *testing.T) {
	target := acctest.ACLTarget(t)
	id := acctest.RandomName("tf-group")
	config := func(description string) string {
		return target.ProviderConfig() + testAccGroupHCL(id, description)
	}

	resource.ParallelTest(t, testCase(t, checkGroupsDestroyed(target), []resource.TestStep{
		{
			Config:           config("data engineers"),
			ConfigPlanChecks: expectActionThenEmptyPlan(groupAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(groupAddress, "id", knownvalue.StringExact(id)),
				expectAttribute(groupAddress, "description", knownvalue.StringExact("data engineers")),
				expectAttribute(groupAddress, "creation_date", knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				_, err := target.Client(t).GetGroup(context.Background(), id)
				return err
			},
		},
		importStep(groupAddress, importID(id)),
		{
			// lakeFS cannot change a description: a new one replaces the group.
			Config:           config("analysts"),
			ConfigPlanChecks: expectActionThenEmptyPlan(groupAddress, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(groupAddress, "description", knownvalue.StringExact("analysts")),
			},
		},
		{
			// No description reads back as null, not "".
			Config:            config(""),
			ConfigPlanChecks:  expectActionThenEmptyPlan(groupAddress, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{expectAttribute(groupAddress, "description", knownvalue.Null())},
		},
		importStep(groupAddress, importID(id)),
		disappearsStep(deleteGroupPreConfig(t, target, id), config(""), groupAddress),
		{Config: config(""), ConfigPlanChecks: expectActionThenEmptyPlan(groupAddress, plancheck.ResourceActionCreate)},
	}))
}

func TestAccGroup_exists(t *testing.T) {
	target := acctest.ACLTarget(t)
	id := acctest.RandomName("tf-group-taken")
	createGroupAPI(t, target, id)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      target.ProviderConfig() + testAccGroupHCL(id, ""),
			ExpectError: regexp.MustCompile(`(?s)Cannot create group.*HTTP 409.*terraform\s+import\s+<address>\s+` + regexp.QuoteMeta(id)),
		},
	}))
}

// lakeFS OSS alone has no groups: its 501 is the diagnostic.
func TestAccGroup_oss(t *testing.T) {
	target := ossAloneTarget(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      target.ProviderConfig() + testAccGroupHCL(acctest.RandomName("tf-group-oss"), ""),
			ExpectError: regexp.MustCompile(`(?s)Cannot create group.*HTTP 501`),
		},
	}))
}
