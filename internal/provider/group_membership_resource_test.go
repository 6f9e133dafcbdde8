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

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

const membershipAddress = "lakefs_group_membership.test"

func TestAccGroupMembership_basic(t *testing.T) {
	target := acctest.ACLTarget(t)
	group, user, other := acctest.RandomName("tf-members"), acctest.RandomName("tf-member"), acctest.RandomName("tf-member")
	config := func(member string) string {
		return target.ProviderConfig() + testAccGroupHCL(group, "") + testAccUserHCL("a", user) + testAccUserHCL("b", other) +
			fmt.Sprintf(`
resource "lakefs_group_membership" "test" {
  group_id = lakefs_group.test.id
  user_id  = lakefs_user.%s.id
}
`, member)
	}

	resource.ParallelTest(t, testCase(t, checkMembershipsDestroyed(target), []resource.TestStep{
		{
			Config:           config("a"),
			ConfigPlanChecks: expectActionThenEmptyPlan(membershipAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(membershipAddress, "id", knownvalue.StringExact(group+"/"+user)),
			},
			Check: checkMember(t, target, group, user, true),
		},
		importStep(membershipAddress, importID(group, user)),
		// Taken out of the group behind Terraform's back: the next plan adds the user again.
		disappearsStep(func() {
			if err := target.Client(t).DeleteGroupMembership(context.Background(), group, user); err != nil {
				t.Fatalf("removing the member: %v", err)
			}
		}, config("a"), membershipAddress),
		{Config: config("a"), ConfigPlanChecks: expectActionThenEmptyPlan(membershipAddress, plancheck.ResourceActionCreate), Check: checkMember(t, target, group, user, true)},
		{
			// Another user: the membership is replaced, the first user leaves the group.
			Config:           config("b"),
			ConfigPlanChecks: expectActionThenEmptyPlan(membershipAddress, plancheck.ResourceActionReplace),
			Check:            resource.ComposeTestCheckFunc(checkMember(t, target, group, user, false), checkMember(t, target, group, other, true)),
		},
		// The group deleted behind Terraform's back: both are created again.
		disappearsStep(deleteGroupPreConfig(t, target, group), config("b"), membershipAddress),
	}))
}

// A membership made outside Terraform is not adopted silently: the error says how to import it.
func TestAccGroupMembership_exists(t *testing.T) {
	target := acctest.ACLTarget(t)
	group, user := acctest.RandomName("tf-members"), acctest.RandomName("tf-member")
	createGroupAPI(t, target, group)
	createUserAPI(t, target, user)
	if err := target.Client(t).AddGroupMembership(context.Background(), group, user); err != nil {
		t.Fatal(err)
	}
	config := target.ProviderConfig() + testAccMembershipHCL(group, user)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)HTTP 409.*terraform\s+import\s+<address>\s+` + regexp.QuoteMeta(group+"/"+user)),
		},
		importPersistStep(nil, config, membershipAddress, importID(group, user)),
		{Config: config, ConfigPlanChecks: expectEmptyPlan()},
	}))
}

func TestAccGroupMembership_missing(t *testing.T) {
	target := acctest.ACLTarget(t)
	group := acctest.RandomName("tf-members")
	createGroupAPI(t, target, group)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      target.ProviderConfig() + testAccMembershipHCL(group, "nobody-here"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 404.*Check\s+that\s+the\s+group.*and\s+the\s+user\s+"nobody-here"\s+exist`),
		},
		importNonExistentStep(target.ProviderConfig()+testAccMembershipHCL(group, "nobody-here"), membershipAddress, group+"/nobody-here"),
		{
			Config:        target.ProviderConfig() + testAccMembershipHCL(group, "nobody-here"),
			ResourceName:  membershipAddress,
			ImportState:   true,
			ImportStateId: group,
			ExpectError:   regexp.MustCompile(`(?s)<group_id>/<user_id>`),
		},
	}))
}

func testAccMembershipHCL(group, user string) string {
	return hclBlock(`resource "lakefs_group_membership" "test"`, hclString("group_id", group), hclString("user_id", user))
}

func checkMember(t *testing.T, target *acctest.Target, group, user string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := isMember(t, target, group, user); got != want {
			return fmt.Errorf("user %s in group %s: %v, want %v", user, group, got, want)
		}
		return nil
	}
}

// checkMembershipsDestroyed verifies that no membership of the state is left (its group may be gone).
func checkMembershipsDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckEach("lakefs_group_membership", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		a := rs.Primary.Attributes
		members, err := c.ListAllGroupMembers(ctx, a["group_id"], "")
		if client.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.ID == a["user_id"] {
				return fmt.Errorf("user %s is still in group %s", a["user_id"], a["group_id"])
			}
		}
		return nil
	})
}
