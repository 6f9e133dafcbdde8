package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// The user and group data sources read what the resources manage.
func TestAccUserGroupDataSources_basic(t *testing.T) {
	target := acctest.ACLTarget(t)
	prefix := acctest.RandomName("tf-ds")
	group, userA, userB := prefix+"-group", prefix+"-a", prefix+"-b"
	config := target.ProviderConfig() + testAccGroupHCL(group, "readers of reports") +
		testAccUserHCL("a", userA) + testAccUserHCL("b", userB) + `
resource "lakefs_group_membership" "a" {
  group_id = lakefs_group.test.id
  user_id  = lakefs_user.a.id
}

resource "lakefs_group_membership" "b" {
  group_id = lakefs_group.test.id
  user_id  = lakefs_user.b.id
}

data "lakefs_user" "a" {
  id = lakefs_user.a.id
}

data "lakefs_group" "test" {
  id         = lakefs_group.test.id
  depends_on = [lakefs_group_membership.a, lakefs_group_membership.b]
}

data "lakefs_users" "test" {
  prefix     = "` + prefix + `"
  depends_on = [lakefs_user.a, lakefs_user.b]
}

data "lakefs_groups" "test" {
  prefix     = lakefs_group.test.id
}
`

	resource.ParallelTest(t, testCase(t, checkUsersDestroyed(target), []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("data.lakefs_user.a", "id", knownvalue.StringExact(userA)),
				statecheck.CompareValuePairs("data.lakefs_user.a", tfjsonpath.New("creation_date"),
					"lakefs_user.a", tfjsonpath.New("creation_date"), compare.ValuesSame()),
				expectAttribute("data.lakefs_user.a", "email", knownvalue.NotNull()),
				expectAttribute("data.lakefs_group.test", "description", knownvalue.StringExact("readers of reports")),
				expectAttribute("data.lakefs_group.test", "members",
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(userA), knownvalue.StringExact(userB)})),
				statecheck.CompareValuePairs("data.lakefs_group.test", tfjsonpath.New("creation_date"),
					"lakefs_group.test", tfjsonpath.New("creation_date"), compare.ValuesSame()),
				expectAttribute("data.lakefs_users.test", "users", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(userA)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(userB)}),
				})),
				expectAttribute("data.lakefs_groups.test", "groups", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(group), "description": knownvalue.StringExact("readers of reports"),
						"creation_date": knownvalue.NotNull(),
					}),
				})),
			},
		},
	}))
}

// The ACL server's own groups, and a group without members: an empty list, not null.
func TestAccGroupDataSource_builtIn(t *testing.T) {
	target := acctest.ACLTarget(t)
	empty := acctest.RandomName("tf-ds-empty")
	createGroupAPI(t, target, empty)
	me, err := target.Client(t).GetCurrentUser(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: target.ProviderConfig() + fmt.Sprintf(`
data "lakefs_group" "admins" {
  id = "Admins"
}

data "lakefs_group" "empty" {
  id = %q
}

data "lakefs_groups" "all" {}
`, empty),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("data.lakefs_group.empty", "members", knownvalue.ListExact([]knownvalue.Check{})),
				expectAttribute("data.lakefs_group.empty", "description", knownvalue.StringExact("")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckTypeSetElemAttr("data.lakefs_group.admins", "members.*", me.ID),
				resource.TestCheckTypeSetElemNestedAttrs("data.lakefs_groups.all", "groups.*", map[string]string{"id": "Admins"}),
				resource.TestCheckTypeSetElemNestedAttrs("data.lakefs_groups.all", "groups.*", map[string]string{"id": empty, "description": ""}),
			),
		},
		{
			Config:      target.ProviderConfig() + `data "lakefs_group" "x" { id = "nobody-here" }`,
			ExpectError: regexp.MustCompile(`(?s)Cannot read group "nobody-here".*HTTP 404`),
		},
		{
			Config:      target.ProviderConfig() + `data "lakefs_user" "x" { id = "nobody-here" }`,
			ExpectError: regexp.MustCompile(`(?s)Cannot read user "nobody-here".*HTTP 404`),
		},
	}))
}

// More users, groups and members than the largest page (1000): every page is read.
func TestAccUserGroupDataSources_pages(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionACL})
	prefix := acctest.RandomName("tf-pages")
	const many = 1003
	c := target.Client(t)
	group := prefix + "-group"
	if _, err := c.CreateGroup(context.Background(), client.GroupCreation{ID: group}); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, many)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%04d", prefix, i)
	}
	inParallelAPI(t, ids, func(id string) error {
		if _, err := c.CreateUser(context.Background(), client.UserCreation{ID: id}); err != nil {
			return err
		}
		if _, err := c.CreateGroup(context.Background(), client.GroupCreation{ID: id}); err != nil {
			return err
		}
		return c.AddGroupMembership(context.Background(), group, id)
	})

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: target.ProviderConfig() + fmt.Sprintf(`
data "lakefs_users" "test" {
  prefix = %[1]q
}

data "lakefs_groups" "test" {
  prefix = %[1]q
}

data "lakefs_group" "test" {
  id = %[2]q
}
`, prefix, group),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("data.lakefs_users.test", "users", knownvalue.ListSizeExact(many)),
				statecheck.ExpectKnownValue("data.lakefs_users.test", tfjsonpath.New("users").AtSliceIndex(many-1).AtMapKey("id"), knownvalue.StringExact(ids[many-1])),
				expectAttribute("data.lakefs_groups.test", "groups", knownvalue.ListSizeExact(many+1)),
				expectAttribute("data.lakefs_group.test", "members", knownvalue.ListSizeExact(many)),
				statecheck.ExpectKnownValue("data.lakefs_group.test", tfjsonpath.New("members").AtSliceIndex(many-1), knownvalue.StringExact(ids[many-1])),
			},
		},
	}))
}
