package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Creates whose answer is lost after lakeFS ran them (the connection resets) are adopted, never replayed into
// a 409: a user, a group and a membership, each created once.
func TestAccUserGroupMembership_outcomeUnknown(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionACL})
	ops := []string{"createUser", "createGroup", "addGroupMembership"}
	for _, op := range ops {
		target.Server.InjectFault(testserver.Fault{Operation: op, Kind: testserver.FaultResetAfterHandler, Count: 1})
	}
	group, user := acctest.RandomName("tf-lost"), acctest.RandomName("tf-lost")
	config := target.ProviderConfig() + testAccGroupHCL(group, "") + testAccUserHCL("test", user) + `
resource "lakefs_group_membership" "test" {
  group_id = lakefs_group.test.id
  user_id  = lakefs_user.test.id
}
`

	resource.ParallelTest(t, testCase(t, checkMembershipsDestroyed(target), []resource.TestStep{
		{
			Config:           config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkMember(t, target, group, user, true),
				func(*terraform.State) error {
					for _, op := range ops {
						if n, lost := target.Server.RequestCount(op), target.Server.LostAnswers(op); n != 1 || lost != 1 {
							return fmt.Errorf("%s sent %d times with %d answers lost, want once, lost", op, n, lost)
						}
					}
					return nil
				},
			),
		},
	}))
}
