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
)

const userAddress = "lakefs_user.test"

func TestAccUser_basic(t *testing.T) {
	target := acctest.ACLTarget(t)
	id, renamed := acctest.RandomName("tf-user"), acctest.RandomName("tf-user")
	config := target.ProviderConfig() + testAccUserHCL("test", id)

	resource.ParallelTest(t, testCase(t, checkUsersDestroyed(target), []resource.TestStep{
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(userAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(userAddress, "id", knownvalue.StringExact(id)),
				expectAttribute(userAddress, "creation_date", knownvalue.NotNull()),
				expectAttribute(userAddress, "email", knownvalue.NotNull()),
				expectAttribute(userAddress, "friendly_name", knownvalue.NotNull()),
			},
			Check: func(s *terraform.State) error {
				user, err := target.Client(t).GetUser(context.Background(), id)
				if err != nil {
					return err
				}
				if got, _ := stateAttribute(s, userAddress, "creation_date"); got != fmt.Sprint(user.CreationDate) {
					return fmt.Errorf("creation_date %s, lakeFS says %d", got, user.CreationDate)
				}
				return nil
			},
		},
		importStep(userAddress, importID(id)),
		// Deleted behind Terraform's back: the next plan creates it again.
		disappearsStep(deleteUserPreConfig(t, target, id), config, userAddress),
		{Config: config, ConfigPlanChecks: expectActionThenEmptyPlan(userAddress, plancheck.ResourceActionCreate)},
		{
			// A new name is a new user.
			Config:           target.ProviderConfig() + testAccUserHCL("test", renamed),
			ConfigPlanChecks: expectActionThenEmptyPlan(userAddress, plancheck.ResourceActionReplace),
			Check: func(*terraform.State) error {
				return waitUserGone(context.Background(), target.Client(t), id)
			},
		},
	}))
}

// lakeFS's deleteUser leaves the user's access keys (and a user created again under the name gets them back):
// destroying the resource deletes them first.
func TestAccUser_destroyDeletesAccessKeys(t *testing.T) {
	target := acctest.ACLTarget(t)
	id := acctest.RandomName("tf-user-keys")
	config := target.ProviderConfig() + testAccUserHCL("test", id)
	c := target.Client(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				for range 2 {
					if _, err := c.CreateCredentials(context.Background(), id); err != nil {
						t.Fatalf("creating an access key: %v", err)
					}
				}
			},
			Config:  config,
			Destroy: true,
			Check: func(*terraform.State) error {
				keys, err := c.ListAllUserCredentials(context.Background(), id, "")
				if err != nil {
					return err
				}
				if len(keys) != 0 {
					return fmt.Errorf("user %s still has %d access keys after destroy", id, len(keys))
				}
				return waitUserGone(context.Background(), c, id)
			},
		},
	}))
}

func TestAccUser_exists(t *testing.T) {
	target := acctest.ACLTarget(t)
	id := acctest.RandomName("tf-user-taken")
	createUserAPI(t, target, id)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      target.ProviderConfig() + testAccUserHCL("test", id),
			ExpectError: regexp.MustCompile(`(?s)Cannot create user.*HTTP 409.*terraform\s+import\s+<address>\s+` + regexp.QuoteMeta(id)),
		},
	}))
}

// lakeFS OSS alone has a single user: creating another is its 409, with the reason in the diagnostic.
func TestAccUser_ossSingleUser(t *testing.T) {
	target := ossAloneTarget(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      target.ProviderConfig() + testAccUserHCL("test", acctest.RandomName("tf-user-oss")),
			ExpectError: regexp.MustCompile(`(?s)HTTP 409.*single\s+user`),
		},
	}))
}

// An import of a user that does not exist fails instead of importing nothing.
func TestAccUser_importMissing(t *testing.T) {
	target := acctest.ACLTarget(t)
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		importNonExistentStep(target.ProviderConfig()+testAccUserHCL("test", "nobody-here"), userAddress, "nobody-here"),
	}))
}
