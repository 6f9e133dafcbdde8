package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

func TestAccBranchProtection_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-protect")
	address := "lakefs_branch_protection.test"
	config := testAccBranchProtectionConfig(repo, "main", "release-*")
	updated := testAccBranchProtectionConfig(repo, "main", "dev-{a,b}")

	resource.ParallelTest(t, testCase(t, checkBranchProtectionDestroyed(target), []resource.TestStep{
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo)),
				expectAttribute(address, "rules", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"pattern": knownvalue.StringExact("main")}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"pattern": knownvalue.StringExact("release-*")}),
				})),
			},
			Check: resource.ComposeTestCheckFunc(
				checkProtectionRules(t, target, repo, "main", "release-*"),
				checkProtected(t, target, repo, "main", true),
			),
		},
		{
			Config:           updated,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check: resource.ComposeTestCheckFunc(
				checkProtectionRules(t, target, repo, "dev-{a,b}", "main"),
				checkProtected(t, target, repo, "dev-a", true),
			),
		},
		importStep(address, importID(repo)),
		// A rule added outside Terraform is drift, and the apply removes it.
		driftStep(setProtectionRulesPreConfig(t, target, repo, "dev-{a,b}", "main", "extra"), updated,
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)),
		{
			Config:           updated,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkProtectionRules(t, target, repo, "dev-{a,b}", "main"),
		},
		// Every rule removed outside Terraform: the rule set is still there, empty, and updated back.
		driftStep(setProtectionRulesPreConfig(t, target, repo), updated,
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)),
		{
			// An empty set removes every rule.
			Config:           testAccBranchProtectionConfig(repo),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check: resource.ComposeTestCheckFunc(
				checkProtectionRules(t, target, repo),
				checkProtected(t, target, repo, "main", false),
			),
		},
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkProtectionRules(t, target, repo, "main", "release-*"),
		},
	}))
}

// The repository deleted outside Terraform: the rules go with it, and the plan creates both again.
func TestAccBranchProtection_disappears(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-protect")
	c := target.Client(t)
	if _, err := c.CreateRepository(context.Background(), client.RepositoryCreation{Name: repo, StorageNamespace: acctest.StorageNamespace(repo)}); err != nil {
		t.Fatalf("creating the repository: %v", err)
	}
	config := fmt.Sprintf(`
resource "lakefs_branch_protection" "test" {
  repository = %q
  rules      = [{ pattern = "main" }]
}
`, repo)
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: config},
		disappearsStep(func() {
			deleteRepositoryPreConfig(t, target, repo)()
			waitRepositoryGone(t, c, repo)
		}, config, "lakefs_branch_protection.test"),
		{Config: "locals {}\n"},
	}))
}

// Rules set outside Terraform are never overwritten by a create: it fails and points at import, unless they are
// exactly the configured ones.
func TestAccBranchProtection_existingRules(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-protect")
	address := "lakefs_branch_protection.test"
	c := target.Client(t)
	createRepositoryAPI(t, c, repo)
	setProtectionRulesPreConfig(t, target, repo, "other")()
	hcl := func(patterns ...string) string {
		var rules []string
		for _, p := range patterns {
			rules = append(rules, fmt.Sprintf("{ pattern = %q }", p))
		}
		return fmt.Sprintf(`
resource "lakefs_branch_protection" "test" {
  repository = %q
  rules      = [%s]
}
`, repo, strings.Join(rules, ", "))
	}
	resource.ParallelTest(t, testCase(t, checkBranchProtectionDestroyed(target), []resource.TestStep{
		{
			Config:      hcl("main"),
			ExpectError: regexp.MustCompile(`(?s)already has branch protection rules "other".*terraform import`),
			Check:       checkProtectionRules(t, target, repo, "other"),
		},
		{
			// The configured rules are there already: adopted.
			Config:           hcl("other"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
	}))
}

// A 412 between the read and the write (someone wrote the rules) starts another round; three in a row fail with
// a clear error and change nothing.
func TestAccBranchProtection_etagMismatch(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	repo := acctest.RandomName("tf-protect")
	address := "lakefs_branch_protection.test"
	providerHCL := target.ProviderConfig()
	resource.ParallelTest(t, testCaseNoPreCheck(nil, []resource.TestStep{
		{Config: providerHCL + testAccBranchProtectionConfig(repo, "main")},
		{
			PreConfig: func() {
				target.Server.ResetCounters()
				target.Server.InjectFault(testserver.Fault{Operation: "setBranchProtectionRules", Kind: testserver.FaultStatus, Status: 412, Count: 1})
			},
			Config:           providerHCL + testAccBranchProtectionConfig(repo, "main", "dev"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check: func(s *terraform.State) error {
				if n := target.Server.RequestCount("setBranchProtectionRules"); n != 2 {
					return fmt.Errorf("%d writes, want 2 (one refused with 412, one retried)", n)
				}
				return checkProtectionRules(t, target, repo, "dev", "main")(s)
			},
		},
		{
			PreConfig: func() {
				target.Server.InjectFault(testserver.Fault{Operation: "setBranchProtectionRules", Kind: testserver.FaultStatus, Status: 412, Count: 3})
			},
			Config:      providerHCL + testAccBranchProtectionConfig(repo, "main"),
			ExpectError: regexp.MustCompile(`(?s)Cannot update the branch protection rules.*kept changing.*3 attempts.*HTTP 412`),
			Check:       checkProtectionRules(t, target, repo, "dev", "main"),
		},
		{
			Config:           providerHCL + testAccBranchProtectionConfig(repo, "main"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
		},
	}))
}

func TestAccBranchProtection_errors(t *testing.T) {
	repo := acctest.RandomName("tf-protect")
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(testAccBranchProtectionConfig(repo, "main", "[abc"), `(?s)Invalid branch protection pattern.*"\[abc" is not a valid glob`),
		{
			Config: `
resource "lakefs_branch_protection" "test" {
  repository = "tf-protect-no-such-repository"
  rules      = [{ pattern = "main" }]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Cannot set the branch protection rules of repository "tf-protect-no-such-repository".*HTTP 404`),
		},
	}))
}

func testAccBranchProtectionConfig(repo string, patterns ...string) string {
	rules := make([]string, 0, len(patterns))
	for _, p := range patterns {
		rules = append(rules, fmt.Sprintf("{ pattern = %q }", p))
	}
	return testAccRepositoryHCL(repo) + fmt.Sprintf(`
resource "lakefs_branch_protection" "test" {
  repository = lakefs_repository.test.name
  rules      = [%s]
}
`, strings.Join(rules, ", "))
}

// checkBranchProtectionDestroyed verifies that the repositories of the state have no rules left (or are gone).
func checkBranchProtectionDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckEach("lakefs_branch_protection", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		rules, _, err := c.GetBranchProtectionRules(ctx, rs.Primary.Attributes["repository"])
		switch {
		case client.IsNotFound(err) || client.IsGone(err):
			return nil
		case err != nil:
			return err
		case len(rules) != 0:
			return fmt.Errorf("repository %s still has branch protection rules %v", rs.Primary.Attributes["repository"], rules)
		}
		return nil
	})
}

// checkProtectionRules verifies through the API that repo's rules are exactly patterns.
func checkProtectionRules(t *testing.T, target *acctest.Target, repo string, patterns ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		rules, _, err := target.Client(t).GetBranchProtectionRules(context.Background(), repo)
		if err != nil {
			return err
		}
		got := make([]string, 0, len(rules))
		for _, r := range rules {
			got = append(got, r.Pattern)
		}
		want := append([]string(nil), patterns...)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("repository %s has rules %q, want %q", repo, got, want)
		}
		return nil
	}
}

// checkProtected verifies that lakeFS refuses (or allows) a write to branch. A real lakeFS applies a change of
// the rules after up to ~6 s (its cache): poll until it does, for 15 s.
func checkProtected(t *testing.T, target *acctest.Target, repo, branch string, protected bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		c := target.Client(t)
		if _, err := c.GetBranch(ctx, repo, branch); client.IsNotFound(err) {
			if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: branch, Source: "main"}); err != nil {
				return err
			}
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			_, err := c.UploadObjectBytes(ctx, repo, branch, "protection-probe.txt", []byte("x"), client.UploadOptions{})
			switch {
			case protected && client.IsForbidden(err), !protected && err == nil:
				if err == nil {
					_ = c.DeleteObject(ctx, repo, branch, "protection-probe.txt")
				}
				return nil
			case err != nil && !client.IsForbidden(err):
				return err
			case time.Now().After(deadline):
				return fmt.Errorf("a write to branch %s: %v, want protected=%t", branch, err, protected)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
}

// setProtectionRulesPreConfig replaces repo's rules through the API.
func setProtectionRulesPreConfig(t *testing.T, target *acctest.Target, repo string, patterns ...string) func() {
	return func() {
		rules := make([]client.BranchProtectionRule, 0, len(patterns))
		for _, p := range patterns {
			rules = append(rules, client.BranchProtectionRule{Pattern: p})
		}
		if err := target.Client(t).SetBranchProtectionRules(context.Background(), repo, rules, ""); err != nil {
			t.Fatalf("setting branch protection rules behind Terraform's back: %v", err)
		}
	}
}

// waitRepositoryGone waits until a deleted repository stops answering (a real lakeFS caches it for ~7 s).
func waitRepositoryGone(t *testing.T, c *client.Client, repo string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, _, err := c.GetBranchProtectionRules(context.Background(), repo)
		if err != nil || time.Now().After(deadline) {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}
