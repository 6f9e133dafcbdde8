package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// TestAccProvider_configSources configures the provider from each source in turn (the provider block,
// LAKEFS_*, LAKECTL_*, the lakectl file in the home directory) with every other source empty, and reads the
// current user through it. Not parallel: it changes the process environment the in-process provider reads.
func TestAccProvider_configSources(t *testing.T) {
	target := acctest.Shared(t)
	var wantUser knownvalue.Check = knownvalue.StringExact(testserver.DefaultUser)
	if acctest.External() {
		wantUser = knownvalue.StringRegexp(nonEmptyRegexp)
	}
	clearAll := func(t *testing.T) {
		for _, k := range []string{
			"LAKEFS_ENDPOINT", "LAKEFS_ACCESS_KEY_ID", "LAKEFS_SECRET_ACCESS_KEY", "LAKEFS_TOKEN",
			"LAKECTL_SERVER_ENDPOINT_URL", "LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", "LAKECTL_CONFIG_FILE",
		} {
			t.Setenv(k, "")
		}
		t.Setenv("HOME", t.TempDir()) // no ~/.lakectl.yaml unless a case writes one
	}
	const readUser = `
data "lakefs_current_user" "me" {}
`
	cases := []struct {
		name     string
		setup    func(t *testing.T)
		provider string
	}{
		{"provider block", func(*testing.T) {}, target.ProviderConfig()},
		{"LAKEFS_ environment", func(t *testing.T) {
			t.Setenv("LAKEFS_ENDPOINT", target.Endpoint+"/api/v1/")
			t.Setenv("LAKEFS_ACCESS_KEY_ID", target.AccessKeyID)
			t.Setenv("LAKEFS_SECRET_ACCESS_KEY", target.SecretAccessKey)
		}, ""},
		{"LAKECTL_ environment", func(t *testing.T) {
			t.Setenv("LAKECTL_SERVER_ENDPOINT_URL", target.Endpoint+"/")
			t.Setenv("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", target.AccessKeyID)
			t.Setenv("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", target.SecretAccessKey)
		}, ""},
		{"lakectl file in the home directory", func(t *testing.T) {
			home := os.Getenv("HOME")
			yaml := fmt.Sprintf("server:\n  endpoint_url: %s/api/v1\ncredentials:\n  access_key_id: %s\n  secret_access_key: %q\n",
				target.Endpoint, target.AccessKeyID, target.SecretAccessKey)
			if err := os.WriteFile(filepath.Join(home, ".lakectl.yaml"), []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearAll(t)
			tc.setup(t)
			resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
				Config: tc.provider + readUser,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttribute("data.lakefs_current_user.me", "id", wantUser),
				},
			}}))
		})
	}
}

// TestAccProvider_unknownEndpoint configures the provider from a value known only after apply: plan must
// work, and apply then configures the provider with the known value.
func TestAccProvider_unknownEndpoint(t *testing.T) {
	target := acctest.Shared(t)
	name := acctest.RandomName("tf-unknown")
	resource.Test(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{{
		Config: fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %q
}

provider "lakefs" {
  endpoint          = terraform_data.endpoint.output
  access_key_id     = %q
  secret_access_key = %q
}
`, target.Endpoint, target.AccessKeyID, target.SecretAccessKey) + testAccRepositoryConfig(name, acctest.StorageNamespace(name)),
		ConfigPlanChecks: expectActionThenEmptyPlan("lakefs_repository.test", plancheck.ResourceActionCreate),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute("lakefs_repository.test", "id", knownvalue.StringExact(name)),
		},
	}}))
}
