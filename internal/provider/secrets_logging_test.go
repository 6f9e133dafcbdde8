package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// accAWSSecretKey is what setStaticAWSCredentials gives the AWS SDK.
const accAWSSecretKey = "acc-test-secret-wJalrXUtnFEMI"

// captureTraceLog sends everything Terraform and the in-process provider log, at TRACE, to one file.
// tfsdklog reads TF_ACC_LOG_PATH when the provider is started for a step, so t.Setenv reaches it.
func captureTraceLog(t *testing.T) string {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG_PROVIDER_LAKEFS_CLIENT", "TRACE")
	return logFile
}

// checkNoSecretInLog fails when any secret appears in the log, and when the log does not hold the provider's own
// request lines (a capture that missed the provider would prove nothing).
func checkNoSecretInLog(t *testing.T, logFile string, secrets map[string][]string) {
	t.Helper()
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("reading the captured log: %v", err)
	}
	log := string(raw)
	if !strings.Contains(log, "lakefs_client") || !strings.Contains(log, "createRepository") {
		t.Fatalf("the captured log (%d bytes) holds no request line of the provider's client", len(raw))
	}
	checked := 0
	for kind, values := range secrets {
		for _, v := range values {
			if len(v) < 8 {
				t.Fatalf("%s %q is too short to look for", kind, v)
			}
			checked++
			if i := strings.Index(log, v); i >= 0 {
				start := max(i-200, 0)
				t.Errorf("a %s appears in the TRACE log: ...%s...", kind, log[start:i])
			}
		}
	}
	t.Logf("looked for %d secrets in %d bytes of TRACE log", checked, len(raw))
}

// Every resource, the access key, token and aws_iam auth modes and a presigned multipart upload, applied and
// destroyed at TRACE: no secret key, token, identity token or presigned URL signature reaches the log.
// (The ephemeral logins need Terraform 1.10 or OpenTofu; they run in TestAccTofuSecrets_loginsNotLogged.)
func TestAccSecrets_notLogged(t *testing.T) {
	target := enterpriseTarget(t, testserver.EditionEnterprise)
	target.Server.RegisterAWSIdentity(accAWSKeyID, accAWSPrincipalARN, "terraform-ci")
	setStaticAWSCredentials(t)
	ctx := context.Background()
	admin := target.Client(t)
	user := acctest.RandomName("secrets-user")
	if _, err := admin.CreateUser(ctx, client.UserCreation{ID: user}); err != nil {
		t.Fatal(err)
	}
	login, err := admin.Login(ctx, target.AccessKeyID, target.SecretAccessKey)
	if err != nil {
		t.Fatalf("logging in for a bearer token: %v", err)
	}
	bigFile := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(bigFile, make([]byte, 6<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	repo := acctest.RandomName("secrets")
	t.Setenv("TF_VAR_secret_access_key", target.SecretAccessKey)
	t.Setenv("TF_VAR_token", login.Token)
	logFile := captureTraceLog(t)

	var userSecret string
	resource.Test(t, testCaseNoPreCheck(nil, []resource.TestStep{{
		Config: testAccSecretsConfig(target, repo, user, bigFile),
		Check: func(s *terraform.State) error {
			if target.Server.RequestCount("externalPrincipalLogin") == 0 || len(target.Server.SecretsSeen()) < 3 {
				return fmt.Errorf("no AWS IAM login or no presigned multipart upload happened")
			}
			var err error
			userSecret, err = stateAttribute(s, "lakefs_user_credentials.k", "secret_access_key")
			return err
		},
	}}))

	checkNoSecretInLog(t, logFile, map[string][]string{
		"lakeFS secret access key":                  {target.SecretAccessKey, userSecret},
		"AWS secret access key":                     {accAWSSecretKey},
		"bearer token":                              append(target.Server.LoginTokens(), login.Token),
		"identity token or presigned URL signature": target.Server.SecretsSeen(),
	})
}

func testAccSecretsConfig(target *acctest.Target, repo, user, bigFile string) string {
	return fmt.Sprintf(`
provider "lakefs" {
  endpoint            = %[1]q
  max_retries         = 2
  multipart_threshold = 5242880
  part_size           = 5242880
  aws_iam {}
}

# The secrets come from TF_VAR_ variables: the test framework logs the configuration text itself at TRACE.
variable "secret_access_key" {
  type      = string
  sensitive = true
}

variable "token" {
  type      = string
  sensitive = true
}

provider "lakefs" {
  alias             = "keys"
  endpoint          = %[1]q
  access_key_id     = %[2]q
  secret_access_key = var.secret_access_key
}

provider "lakefs" {
  alias    = "token"
  endpoint = %[1]q
  token    = var.token
}

data "lakefs_current_user" "me" {}

resource "lakefs_repository" "r" {
  name              = %[3]q
  storage_namespace = %[4]q
  force_destroy     = true
}

resource "lakefs_branch" "feature" {
  provider   = lakefs.keys
  repository = lakefs_repository.r.name
  name       = "feature"
  source     = "main"
}

resource "lakefs_object" "small" {
  provider   = lakefs.token
  repository = lakefs_repository.r.name
  branch     = lakefs_branch.feature.name
  path       = "small.txt"
  content    = "hello"
}

resource "lakefs_object" "big" {
  repository = lakefs_repository.r.name
  branch     = lakefs_branch.feature.name
  path       = "big.bin"
  source     = %[5]q
}

resource "lakefs_object_user_metadata" "m" {
  provider   = lakefs.keys
  repository = lakefs_repository.r.name
  branch     = lakefs_branch.feature.name
  path       = lakefs_object.small.path
  metadata   = { owner = "secrets" }
}

resource "lakefs_commit" "c" {
  repository = lakefs_repository.r.name
  branch     = lakefs_branch.feature.name
  message    = "secrets test"
  triggers = {
    small = lakefs_object.small.checksum
    big   = lakefs_object.big.checksum
    meta  = jsonencode(lakefs_object_user_metadata.m.metadata)
  }
}

resource "lakefs_pull_request" "pr" {
  provider           = lakefs.token
  repository         = lakefs_repository.r.name
  source_branch      = lakefs_commit.c.branch
  destination_branch = "main"
  title              = "secrets"
}

resource "lakefs_pull_request_merge" "merge" {
  repository      = lakefs_repository.r.name
  pull_request_id = lakefs_pull_request.pr.id
}

resource "lakefs_branch_hard_reset" "reset" {
  repository = lakefs_repository.r.name
  branch     = lakefs_branch.feature.name
  ref        = lakefs_commit.c.commit_id
  depends_on = [lakefs_pull_request_merge.merge]
}

resource "lakefs_user_external_principal" "x" {
  provider     = lakefs.keys
  user_id      = %[6]q
  principal_id = "arn:aws:iam::123456789012:role/secrets-test"
  depends_on   = [data.lakefs_current_user.me]
}

# The secret of a new key: lakeFS's answer to createCredentials carries it.
resource "lakefs_user_credentials" "k" {
  provider = lakefs.keys
  user_id  = %[6]q
}
`, target.Endpoint, target.AccessKeyID, repo, acctest.StorageNamespace(repo), bigFile, user)
}
