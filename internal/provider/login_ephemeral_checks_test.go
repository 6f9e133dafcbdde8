package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Shared by the TestAccTofu* tests of the login ephemeral resources. They run under OpenTofu >= 1.11 (or
// Terraform >= 1.10) and skip on older CLIs:
//
//	TF_ACC=1 TF_ACC_TERRAFORM_PATH=$(scripts/install-tools.sh tofu) go test ./internal/provider/ -run TestAccTofu
//
// OpenTofu resolves the unqualified provider "lakefs" to registry.opentofu.org/hashicorp/lakefs, while
// terraform-plugin-testing registers the in-process provider (TF_REATTACH_PROVIDERS) under
// registry.terraform.io unless TF_ACC_PROVIDER_HOST says otherwise; tofuTestEnv sets it when the CLI is tofu. OpenTofu also prints
// a warning before its version when TF_CLI_CONFIG_FILE names a missing file, which terraform-plugin-testing
// cannot parse ("unable to parse version"); tofuTestEnv points it at an empty file then.
func tofuTestEnv(t *testing.T) {
	t.Helper()
	// Only under OpenTofu: Terraform (1.10+ runs these tests too) resolves "lakefs" to registry.terraform.io.
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" && filepath.Base(os.Getenv("TF_ACC_TERRAFORM_PATH")) == "tofu" {
		t.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
	}
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err != nil {
			empty := filepath.Join(t.TempDir(), "cli.tfrc")
			if err := os.WriteFile(empty, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("TF_CLI_CONFIG_FILE", empty)
		}
	}
}

// loginTarget prepares a login test: OpenTofu's environment without lakeFS credentials, and a dedicated lakeFS
// Enterprise server.
func loginTarget(t *testing.T) *acctest.Target {
	t.Helper()
	tofuTestEnv(t)
	noLakeFSCredentialsInEnv(t)
	return enterpriseTarget(t, testserver.EditionEnterprise)
}

// ephemeralTestCase is testCaseNoPreCheck for configurations with ephemeral resources: skipped below Terraform 1.10.
func ephemeralTestCase(checkDestroy resource.TestCheckFunc, steps []resource.TestStep) resource.TestCase {
	c := testCaseNoPreCheck(checkDestroy, steps)
	c.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}
	return c
}

// noLakeFSCredentialsInEnv leaves the login provider block with nothing but its endpoint, as in CI.
func noLakeFSCredentialsInEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"LAKEFS_ACCESS_KEY_ID", "LAKEFS_SECRET_ACCESS_KEY", "LAKEFS_TOKEN",
		"LAKECTL_CREDENTIALS_ACCESS_KEY_ID", "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY"} {
		t.Setenv(k, "")
	}
}

// tokensAbsent fails when any token the server's logins issued appears in the state or the plan: ephemeral
// values must never be written there.
type tokensAbsent struct{ target *acctest.Target }

func (c tokensAbsent) find(doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	tokens := c.target.Server.LoginTokens()
	if len(tokens) == 0 {
		return fmt.Errorf("no login happened, nothing to look for")
	}
	for _, tok := range tokens {
		if strings.Contains(string(raw), tok) {
			return fmt.Errorf("a lakeFS login token was written (%d bytes searched)", len(raw))
		}
	}
	return nil
}

func (c tokensAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state to check")
		return
	}
	if err := c.find(req.State); err != nil {
		resp.Error = fmt.Errorf("state: %w", err)
	}
}

func (c tokensAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if err := c.find(req.Plan); err != nil {
		resp.Error = fmt.Errorf("plan: %w", err)
	}
}
