package provider_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

const (
	accAWSKeyID        = "AKIAACCTESTPROVIDER1"
	accAWSPrincipalARN = "arn:aws:iam::123456789012:role/terraform-ci"
)

// setStaticAWSCredentials points the AWS SDK at static credentials only: no shared files, no instance
// metadata. t.Setenv makes these tests sequential.
func setStaticAWSCredentials(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": accAWSKeyID, "AWS_SECRET_ACCESS_KEY": "acc-test-secret-wJalrXUtnFEMI", "AWS_SESSION_TOKEN": "",
		"AWS_REGION": "us-east-1", "AWS_PROFILE": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
	} {
		t.Setenv(k, v)
	}
}

// enterpriseTarget is a dedicated enterprise server whose admin keys are random, so nothing in the
// environment can authenticate against it by accident.
func enterpriseTarget(t *testing.T, edition testserver.Edition) *acctest.Target {
	t.Helper()
	return acctest.StartServer(t, testserver.Options{Edition: edition,
		AccessKeyID: "AKIA" + strings.ToUpper(acctest.RandomName("k")[2:]), SecretAccessKey: acctest.RandomName("secret")})
}

// testAccAWSIAMConfig makes repositories in lanes: each lane's repositories are created one after the other
// (depends_on), the lanes in parallel.
func testAccAWSIAMConfig(endpoint, block string, repos []string, lanes int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"lakefs\" {\n  endpoint    = %q\n  max_retries = 0\n%s\n}\n", endpoint, block)
	for i, name := range repos {
		dependsOn := ""
		if i >= lanes {
			dependsOn = fmt.Sprintf("\n  depends_on        = [lakefs_repository.r%d]", i-lanes)
		}
		fmt.Fprintf(&b, `
resource "lakefs_repository" "r%d" {
  name              = %q
  storage_namespace = %q
  force_destroy     = true%s
}
`, i, name, acctest.StorageNamespace(name), dependsOn)
	}
	return b.String()
}

func TestAccProviderAWSIAM_basic(t *testing.T) {
	target := enterpriseTarget(t, testserver.EditionEnterprise)
	target.Server.RegisterAWSIdentity(accAWSKeyID, accAWSPrincipalARN, "terraform-ci")
	setStaticAWSCredentials(t)
	name := acctest.RandomName("tf-iam")

	resource.Test(t, testCaseNoPreCheck(checkRepositoriesDestroyed(target), []resource.TestStep{{
		Config: testAccAWSIAMConfig(target.Endpoint, "  aws_iam {}", []string{name}, 1),
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttribute("lakefs_repository.r0", "id", knownvalue.StringExact(name)),
		},
		Check: func(_ *terraform.State) error {
			if _, err := target.Client(t).GetRepository(context.Background(), name); err != nil {
				return fmt.Errorf("the repository created with an AWS IAM login is not there: %w", err)
			}
			if target.Server.RequestCount("externalPrincipalLogin") == 0 {
				return fmt.Errorf("the provider never logged in with AWS IAM")
			}
			return nil
		},
	}}))
}

// TestAccProviderAWSIAM_renewal runs an apply of about 2.5s with two-second tokens: three lanes of four
// repositories, each create slowed to 600ms. The token is renewed along the way, and the parallel lanes share
// each login instead of logging in themselves.
func TestAccProviderAWSIAM_renewal(t *testing.T) {
	target := enterpriseTarget(t, testserver.EditionEnterprise)
	target.Server.RegisterAWSIdentity(accAWSKeyID, accAWSPrincipalARN, "terraform-ci")
	setStaticAWSCredentials(t)
	// Slow every repository call down so the apply outlives several tokens.
	target.Server.InjectFault(testserver.Fault{Operation: "createRepository", Kind: testserver.FaultLatency, Latency: 600 * time.Millisecond})
	var repos []string
	for range 12 {
		repos = append(repos, acctest.RandomName("tf-iam"))
	}

	resource.Test(t, testCaseNoPreCheck(checkRepositoriesDestroyed(target), []resource.TestStep{{
		PreConfig: target.Server.ResetCounters,
		Config:    testAccAWSIAMConfig(target.Endpoint, "  aws_iam {\n    token_ttl_seconds = 2\n  }", repos, 3),
		Check: func(_ *terraform.State) error {
			// One login when the plan configures the provider, one when the apply does, then renewals.
			logins := target.Server.RequestCount("externalPrincipalLogin")
			if logins < 3 {
				return fmt.Errorf("a 2.4s apply with 2s tokens made %d logins (plan and apply included): the token was never renewed", logins)
			}
			if logins > 5 {
				return fmt.Errorf("%d logins: the parallel lanes logged in on their own", logins)
			}
			return nil
		},
	}}))
}

func TestAccProviderAWSIAM_refused(t *testing.T) {
	target := enterpriseTarget(t, testserver.EditionEnterprise) // the key is not registered: STS "refuses" it
	setStaticAWSCredentials(t)
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:      testAccAWSIAMConfig(target.Endpoint, "  aws_iam {}", []string{acctest.RandomName("tf-iam")}, 1),
		ExpectError: regexp.MustCompile(`(?s)AWS IAM login refused by lakeFS.*lakeFS refused the AWS IAM identity\s+\(HTTP\s+401\):\s+invalid\s+token\s+format`),
	}}))
	if n := target.Server.RequestCount("createRepository"); n != 0 {
		t.Fatalf("a refused provider still sent %d createRepository calls", n)
	}
}

func TestAccProviderAWSIAM_notSupported(t *testing.T) {
	target := acctest.OSSTarget(t)
	setStaticAWSCredentials(t)
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config:      testAccAWSIAMConfig(target.Endpoint, "  aws_iam {}", []string{acctest.RandomName("tf-iam")}, 1),
		ExpectError: regexp.MustCompile(`(?s)lakeFS does not support AWS IAM login.*lakeFS\s+Enterprise\s+and\s+lakeFS\s+Cloud\s+only`),
	}}))
}

func TestAccProviderAWSIAM_exactlyOneMode(t *testing.T) {
	target := acctest.Shared(t)
	resource.ParallelTest(t, testCaseNoPreCheck(nil, []resource.TestStep{
		{
			Config:      testAccAWSIAMConfig(target.Endpoint, "  token = \"abc\"\n  aws_iam {}", []string{acctest.RandomName("tf-iam")}, 1),
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*aws_iam`),
		},
		{
			Config: testAccAWSIAMConfig(target.Endpoint, "  access_key_id = \"AKIA\"\n  secret_access_key = \"x\"\n  aws_iam {\n    region = \"eu-west-1\"\n  }",
				[]string{acctest.RandomName("tf-iam")}, 1),
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*aws_iam`),
		},
	}))
}
