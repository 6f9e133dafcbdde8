package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

const groupACLAddress = "lakefs_group_acl.test"

func TestAccGroupACL_basic(t *testing.T) {
	target := acctest.ACLTarget(t)
	group := acctest.RandomName("tf-acl")
	config := func(permission string) string {
		return target.ProviderConfig() + testAccGroupHCL(group, "") + fmt.Sprintf(`
resource "lakefs_group_acl" "test" {
  group_id   = lakefs_group.test.id
  permission = %q
}
`, permission)
	}
	setOutside := func(permission string) func() {
		return func() {
			if err := target.Client(t).SetGroupACL(context.Background(), group, client.ACL{Permission: permission}); err != nil {
				t.Fatalf("setting the ACL behind Terraform's back: %v", err)
			}
		}
	}

	resource.ParallelTest(t, testCase(t, checkGroupsDestroyed(target), []resource.TestStep{
		{
			Config:           config("Write"),
			ConfigPlanChecks: expectActionThenEmptyPlan(groupACLAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(groupACLAddress, "id", knownvalue.StringExact(group)),
				expectAttribute(groupACLAddress, "permission", knownvalue.StringExact("Write")),
			},
			Check: checkGroupACL(t, target, group, "Write"),
		},
		importStep(groupACLAddress, importID(group)),
		{
			Config:           config("Super"),
			ConfigPlanChecks: expectActionThenEmptyPlan(groupACLAddress, plancheck.ResourceActionUpdate),
			Check:            checkGroupACL(t, target, group, "Super"),
		},
		// Changed behind Terraform's back: the next plan sets it back in place.
		driftStep(setOutside("Admin"), config("Super"),
			plancheck.ExpectResourceAction(groupACLAddress, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(groupACLAddress, tfjsonpath.New("permission"), knownvalue.StringExact("Super"))),
		{Config: config("Super"), ConfigPlanChecks: expectActionThenEmptyPlan(groupACLAddress, plancheck.ResourceActionUpdate), Check: checkGroupACL(t, target, group, "Super")},
		// The group deleted behind Terraform's back (lakeFS then answers 200 with an empty permission): both are created again.
		disappearsStep(deleteGroupPreConfig(t, target, group), config("Super"), groupACLAddress),
		{Config: config("Read"), ConfigPlanChecks: expectActionThenEmptyPlan(groupACLAddress, plancheck.ResourceActionCreate), Check: checkGroupACL(t, target, group, "Read")},
	}))
}

// lakeFS has no operation that removes an ACL: destroying the resource lowers the permission to Read.
func TestAccGroupACL_destroySetsRead(t *testing.T) {
	target := acctest.ACLTarget(t)
	group := acctest.RandomName("tf-acl-keep")
	createGroupAPI(t, target, group)
	config := target.ProviderConfig() + testAccGroupACLHCL(group, "Admin")

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: config, Check: checkGroupACL(t, target, group, "Admin")},
		{Config: config, Destroy: true, Check: checkGroupACL(t, target, group, "Read")},
	}))
}

func TestAccGroupACL_errors(t *testing.T) {
	target := acctest.ACLTarget(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      target.ProviderConfig() + testAccGroupACLHCL("nobody-here", "Read"),
			ExpectError: regexp.MustCompile(`(?s)Cannot set the ACL of group "nobody-here".*HTTP 404.*Check\s+that\s+the\s+group`),
		},
		// A group without an ACL, and a missing group, answer an empty permission: nothing to import.
		importNonExistentStep(target.ProviderConfig()+testAccGroupACLHCL("nobody-here", "Read"), groupACLAddress, "nobody-here"),
	}))
}

func testAccGroupACLHCL(group, permission string) string {
	return hclBlock(`resource "lakefs_group_acl" "test"`, hclString("group_id", group), hclString("permission", permission))
}

func checkGroupACL(t *testing.T, target *acctest.Target, group, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		acl, err := target.Client(t).GetGroupACL(context.Background(), group)
		if err != nil {
			return err
		}
		if acl.Permission != want {
			return fmt.Errorf("group %s has permission %q, want %q", group, acl.Permission, want)
		}
		return nil
	}
}
