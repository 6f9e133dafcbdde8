package provider_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// Both ephemeral logins, opened under OpenTofu at TRACE, their tokens fed to aliased providers that create
// repositories, then destroyed: neither the issued tokens, nor the OIDC code or the identity token, nor the
// server's secret key reach the log (OpenTofu's or the provider's).
func TestAccTofuSecrets_loginsNotLogged(t *testing.T) {
	target := loginTarget(t)
	target.Server.RegisterAWSIdentity(accAWSKeyID, accAWSPrincipalARN, "terraform-ci")
	code := acctest.RandomName("oidc-code")
	target.Server.RegisterOIDCCode(code, "state-1", "https://ci.example.com/callback", "oidc-ci")
	identityToken := externalIdentityToken(t, accAWSKeyID)
	stsRepo, eplRepo := acctest.RandomName("secrets-sts"), acctest.RandomName("secrets-epl")
	// The secret inputs come from TF_VAR_ variables: the test framework logs the configuration text itself at TRACE.
	t.Setenv("TF_VAR_oidc_code", code)
	t.Setenv("TF_VAR_identity_token", identityToken)
	logFile := captureTraceLog(t)

	resource.Test(t, ephemeralTestCase(checkRepositoriesDestroyed(target), []resource.TestStep{{
		Config: testAccLoginsSecretsConfig(target.Endpoint, stsRepo, eplRepo),
		Check: resource.ComposeTestCheckFunc(
			checkLoginTokenReachedSessionProvider(t, target, stsRepo, "stsLogin"),
			checkLoginTokenReachedSessionProvider(t, target, eplRepo, "externalPrincipalLogin"),
			func(*terraform.State) error {
				if n := len(target.Server.LoginTokens()); n < 2 {
					return fmt.Errorf("%d login tokens issued, want one per login at least", n)
				}
				return nil
			},
		),
	}}))

	// The capture must hold the CLI's own TRACE lines too (it evaluates the ephemeral values), not only the provider's.
	if raw, err := os.ReadFile(logFile); err != nil || !strings.Contains(string(raw), "[TRACE] vertex") {
		t.Fatalf("the captured log holds no TRACE line of the CLI's graph walk (read error: %v)", err)
	}
	checkNoSecretInLog(t, logFile, map[string][]string{
		"lakeFS secret access key":    {target.SecretAccessKey},
		"login token":                 target.Server.LoginTokens(),
		"identity token or OIDC code": append(target.Server.SecretsSeen(), code, identityToken),
	})
}

// externalIdentityToken is the identity_token of externalIdentityBody.
func externalIdentityToken(t *testing.T, keyID string) string {
	t.Helper()
	body := externalIdentityBody(t, keyID)
	_, rest, ok := strings.Cut(body, "identity_token = \"")
	token, _, ok2 := strings.Cut(rest, "\"")
	if !ok || !ok2 || token == "" {
		t.Fatalf("no identity token in %s", body)
	}
	return token
}

func testAccLoginsSecretsConfig(endpoint, stsRepo, eplRepo string) string {
	return fmt.Sprintf(`
variable "oidc_code" {
  type      = string
  sensitive = true
}

variable "identity_token" {
  type      = string
  sensitive = true
}

provider "lakefs" {
  endpoint    = %[1]q
  max_retries = 0
}

ephemeral "lakefs_sts_login" "sts" {
  code         = var.oidc_code
  state        = "state-1"
  redirect_uri = "https://ci.example.com/callback"
  ttl_seconds  = 600
}

ephemeral "lakefs_external_principal_login" "epl" {
  identity_request = {
    identity_token = var.identity_token
  }
  token_expiration_duration = 900
}
`, endpoint) + testAccLoginRepositoryHCL("sts", endpoint, "ephemeral.lakefs_sts_login.sts.token", "sts", stsRepo) +
		testAccLoginRepositoryHCL("epl", endpoint, "ephemeral.lakefs_external_principal_login.epl.token", "epl", eplRepo)
}
