package provider_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// externalIdentityBody is the ephemeral block's body with an AWS IAM identity token built the way lakectl
// does (contract §4.3.1), valid for a few minutes.
func externalIdentityBody(t *testing.T, keyID string) string {
	t.Helper()
	raw, err := json.Marshal(map[string]any{
		"method": "POST", "host": "sts.amazonaws.com", "region": "us-east-1", "action": "GetCallerIdentity",
		"date": time.Now().UTC().Format("20060102T150405Z"), "expiration_duration": "300", "access_key_id": keyID,
		"signature": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "signed_headers": []string{"host", "x-lakefs-server-id"},
		"version": "2011-06-15", "algorithm": "AWS4-HMAC-SHA256", "security_token": "",
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`  identity_request = {
    identity_token = %q
  }
  token_expiration_duration = 900`, base64.StdEncoding.EncodeToString(raw))
}

func TestAccTofuExternalPrincipalLogin_basic(t *testing.T) {
	target := loginTarget(t)
	target.Server.RegisterAWSIdentity(accAWSKeyID, accAWSPrincipalARN, "terraform-ci")
	repo := acctest.RandomName("tf-epl")

	resource.Test(t, ephemeralTestCase(checkRepositoriesDestroyed(target), []resource.TestStep{
		loginChainStep(t, target, "lakefs_external_principal_login", externalIdentityBody(t, accAWSKeyID), repo, "externalPrincipalLogin"),
	}))
}

func TestAccTofuExternalPrincipalLogin_errors(t *testing.T) {
	enterprise := loginTarget(t)
	enterprise.Server.RegisterAWSIdentity("AKIAORPHANPRINCIPAL1", accAWSPrincipalARN, "")
	oss := enterpriseTarget(t, testserver.EditionOSS)
	resource.Test(t, ephemeralTestCase(nil, []resource.TestStep{
		{
			Config: testAccLoginChainConfig(enterprise.Endpoint, "lakefs_external_principal_login",
				externalIdentityBody(t, "AKIAUNKNOWNKEY000001"), acctest.RandomName("tf-epl")),
			ExpectError: regexp.MustCompile(`(?s)External principal login refused by lakeFS.*lakeFS refused the\s+identity\s+\(HTTP\s+401\):\s+invalid\s+token\s+format`),
		},
		{
			Config: testAccLoginChainConfig(enterprise.Endpoint, "lakefs_external_principal_login",
				externalIdentityBody(t, "AKIAORPHANPRINCIPAL1"), acctest.RandomName("tf-epl")),
			ExpectError: regexp.MustCompile(`(?s)no\s+lakeFS\s+user\s+is\s+attached\s+to\s+it\s+\(HTTP\s+404\)`),
		},
		{
			Config: testAccLoginChainConfig(oss.Endpoint, "lakefs_external_principal_login",
				externalIdentityBody(t, accAWSKeyID), acctest.RandomName("tf-epl")),
			ExpectError: regexp.MustCompile(`(?s)lakeFS does not support external principal login.*lakeFS\s+Enterprise\s+and\s+lakeFS\s+Cloud\s+only`),
		},
		{
			Config: testAccLoginChainConfig(oss.Endpoint, "lakefs_external_principal_login",
				`  identity_request = "not an object"`, acctest.RandomName("tf-epl")),
			ExpectError: regexp.MustCompile(`(?s)Invalid identity request.*must be an object`),
		},
	}))
}
