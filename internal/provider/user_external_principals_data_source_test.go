package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// More principals than the largest page (1000), so the data source must follow next_offset.
func TestAccUserExternalPrincipalsDataSource_pages(t *testing.T) {
	target, users := enterpriseWithUsers(t, 2)
	base := "arn:aws:iam::123456789012:role/" + acctest.RandomName("many") + "/"
	const many = 1003
	ids := make([]string, 0, many+2)
	for i := 0; i < many; i++ {
		ids = append(ids, fmt.Sprintf("%srole-%04d", base, i))
	}
	other := "arn:aws:sts::123456789012:assumed-role/" + acctest.RandomName("other") + "/session"
	attachAll(t, target, users[0], append(ids, other))
	attachAll(t, target, users[1], []string{base + "not-mine"})
	address := "data.lakefs_user_external_principals.test"

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccUserExternalPrincipalsDataSourceConfig(target, users[0], base+"role-"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "principals", knownvalue.ListSizeExact(many)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("principals").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(ids[0]), "user_id": knownvalue.StringExact(users[0]),
				})),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("principals").AtSliceIndex(many-1).AtMapKey("id"), knownvalue.StringExact(ids[many-1])),
			},
		},
		{
			// Without a prefix: every principal of this user, and none of the other user's.
			Config: testAccUserExternalPrincipalsDataSourceConfig(target, users[0], ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "principals", knownvalue.ListSizeExact(many+1)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("principals").AtSliceIndex(many).AtMapKey("id"), knownvalue.StringExact(other)),
			},
		},
		{
			Config: testAccUserExternalPrincipalsDataSourceConfig(target, users[1], ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "principals", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(base + "not-mine"), "user_id": knownvalue.StringExact(users[1]),
					}),
				})),
			},
		},
		{
			// A user without principals: an empty list, not null.
			Config: testAccUserExternalPrincipalsDataSourceConfig(target, users[1], "arn:aws:iam::999"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "principals", knownvalue.ListExact([]knownvalue.Check{})),
			},
		},
		{
			Config:      testAccUserExternalPrincipalsDataSourceConfig(target, "nobody", ""),
			ExpectError: regexp.MustCompile(`(?s)Cannot list the external principals of user "nobody".*HTTP 404`),
		},
	}))
}

func TestAccUserExternalPrincipalsDataSource_notSupported(t *testing.T) {
	target := acctest.OSSTarget(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      testAccUserExternalPrincipalsDataSourceConfig(target, testserver.DefaultUser, ""),
			ExpectError: errPrincipalsUnsupported,
		},
	}))
}

// attachAll attaches principals through the API, a few at a time.
func attachAll(t *testing.T, target *acctest.Target, userID string, principals []string) {
	t.Helper()
	c := target.Client(t)
	inParallelAPI(t, principals, func(id string) error {
		return c.CreateUserExternalPrincipal(context.Background(), userID, id, nil)
	})
}

func testAccUserExternalPrincipalsDataSourceConfig(target *acctest.Target, userID, prefix string) string {
	return target.ProviderConfig() +
		hclBlock(`data "lakefs_user_external_principals" "test"`, hclString("user_id", userID), hclOptionalString("prefix", prefix))
}
