package provider_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

func TestAccExternalPrincipalDataSource_basic(t *testing.T) {
	target, users := enterpriseWithUsers(t, 1)
	attached := testARN("attached")
	if err := target.Client(t).CreateUserExternalPrincipal(context.Background(), users[0], attached, nil); err != nil {
		t.Fatalf("attaching: %v", err)
	}
	address := "data.lakefs_external_principal.test"

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccExternalPrincipalDataSourceConfig(target, attached),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(attached)),
				expectAttribute(address, "user_id", knownvalue.StringExact(users[0])),
			},
		},
		{
			Config:      testAccExternalPrincipalDataSourceConfig(target, testARN("unattached")),
			ExpectError: regexp.MustCompile(`(?s)Cannot read external principal.*HTTP 404`),
		},
	}))
}

func TestAccExternalPrincipalDataSource_notSupported(t *testing.T) {
	target := acctest.OSSTarget(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      testAccExternalPrincipalDataSourceConfig(target, testARN("oss")),
			ExpectError: errPrincipalsUnsupported,
		},
	}))
}

func testAccExternalPrincipalDataSourceConfig(target *acctest.Target, principalID string) string {
	return target.ProviderConfig() + hclBlock(`data "lakefs_external_principal" "test"`, hclString("principal_id", principalID))
}
