package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// testAccLoginChainConfig opens the ephemeral login with a provider that has only an endpoint, and feeds its
// token to an aliased provider that creates a repository.
func testAccLoginChainConfig(endpoint, ephemeralType, ephemeralBody, repo string) string {
	return fmt.Sprintf(`
provider "lakefs" {
  endpoint    = %[1]q
  max_retries = 0
}

ephemeral %[2]q "login" {
%[3]s
}
`, endpoint, ephemeralType, ephemeralBody) + testAccLoginRepositoryHCL("session", endpoint, "ephemeral."+ephemeralType+".login.token", "test", repo)
}

// testAccLoginRepositoryHCL declares provider lakefs.<alias> at endpoint with the token tokenExpr (an ephemeral
// login's), and lakefs_repository.<name> named repo, created through that provider.
func testAccLoginRepositoryHCL(alias, endpoint, tokenExpr, name, repo string) string {
	return hclBlock(`provider "lakefs"`, hclString("alias", alias), hclString("endpoint", endpoint), "token = "+tokenExpr, "max_retries = 0") +
		hclBlock(`resource "lakefs_repository" "`+name+`"`, "provider = lakefs."+alias, hclString("name", repo),
			hclString("storage_namespace", acctest.StorageNamespace(repo)), "force_destroy = true")
}

// loginChainStep applies testAccLoginChainConfig: the repository is created with the login's token (op is the
// login's operation), and no token is written to the plan or the state.
func loginChainStep(t *testing.T, target *acctest.Target, ephemeralType, ephemeralBody, repo, op string) resource.TestStep {
	return resource.TestStep{
		Config: testAccLoginChainConfig(target.Endpoint, ephemeralType, ephemeralBody, repo),
		ConfigPlanChecks: expectEmptyPlanAfterApply(
			plancheck.ExpectResourceAction("lakefs_repository.test", plancheck.ResourceActionCreate),
			tokensAbsent{target},
		),
		ConfigStateChecks: []statecheck.StateCheck{tokensAbsent{target}},
		Check:             checkLoginTokenReachedSessionProvider(t, target, repo, op),
	}
}

// checkLoginTokenReachedSessionProvider: the repository exists, so the aliased provider authenticated with
// a token from a login (the server's admin keys are random and appear nowhere in the configuration).
func checkLoginTokenReachedSessionProvider(t *testing.T, target *acctest.Target, repo, op string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := target.Client(t).GetRepository(context.Background(), repo); err != nil {
			return fmt.Errorf("the repository created through the session provider is missing: %w", err)
		}
		if target.Server.RequestCount(op) == 0 || len(target.Server.LoginTokens()) == 0 {
			return fmt.Errorf("no %s happened", op)
		}
		return nil
	}
}

const stsLoginBody = `  code         = "oidc-code-1"
  state        = "state-1"
  redirect_uri = "https://ci.example.com/callback"
  ttl_seconds  = 600`

func TestAccTofuSTSLogin_basic(t *testing.T) {
	target := loginTarget(t)
	target.Server.RegisterOIDCCode("oidc-code-1", "state-1", "https://ci.example.com/callback", "oidc-ci")
	repo := acctest.RandomName("tf-sts")

	resource.Test(t, ephemeralTestCase(checkRepositoriesDestroyed(target), []resource.TestStep{
		loginChainStep(t, target, "lakefs_sts_login", stsLoginBody, repo, "stsLogin"),
	}))
}

func TestAccTofuSTSLogin_errors(t *testing.T) {
	enterprise := loginTarget(t) // no code registered
	oss := enterpriseTarget(t, testserver.EditionOSS)
	resource.Test(t, ephemeralTestCase(nil, []resource.TestStep{
		{
			Config:      testAccLoginChainConfig(enterprise.Endpoint, "lakefs_sts_login", stsLoginBody, acctest.RandomName("tf-sts")),
			ExpectError: regexp.MustCompile(`(?s)STS login refused by lakeFS.*lakeFS refused the OIDC authorization\s+code\s+\(HTTP\s+401\):\s+error\s+authenticating\s+request`),
		},
		{
			Config:      testAccLoginChainConfig(oss.Endpoint, "lakefs_sts_login", stsLoginBody, acctest.RandomName("tf-sts")),
			ExpectError: regexp.MustCompile(`(?s)lakeFS does not support STS login.*lakeFS\s+Enterprise\s+and\s+lakeFS\s+Cloud\s+only`),
		},
	}))
	if n := enterprise.Server.RequestCount("createRepository") + oss.Server.RequestCount("createRepository"); n != 0 {
		t.Fatalf("a failed login still led to %d createRepository calls", n)
	}
}
