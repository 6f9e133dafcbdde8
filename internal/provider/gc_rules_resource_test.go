package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func TestAccGCRules_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-gc")
	repoConfig := testAccRepositoryHCL(repo)
	address := "lakefs_gc_rules.test"
	first := testAccGCRulesConfig(7, map[string]int{"main": 21, "feature-x": 3})
	second := testAccGCRulesConfig(14, map[string]int{"main": 30})
	setOutside := func(rules client.GarbageCollectionRules) func() {
		return func() {
			if err := target.Client(t).SetGCRules(context.Background(), repo, rules); err != nil {
				t.Fatalf("setting the rules behind Terraform's back: %v", err)
			}
		}
	}

	resource.ParallelTest(t, testCase(t, checkRepositoriesDestroyed(target), []resource.TestStep{
		{
			Config:           repoConfig + first,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo)),
				expectAttribute(address, "default_retention_days", knownvalue.Int64Exact(7)),
				expectAttribute(address, "branch_retention_days", knownvalue.MapExact(map[string]knownvalue.Check{
					"main": knownvalue.Int64Exact(21), "feature-x": knownvalue.Int64Exact(3),
				})),
			},
			Check: checkGCRules(t, target, repo, 7, map[string]int{"main": 21, "feature-x": 3}),
		},
		{
			// A branch rule removed, the others changed: in place.
			Config:           repoConfig + second,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkGCRules(t, target, repo, 14, map[string]int{"main": 30}),
		},
		importStep(address, importID(repo)),
		// Changed behind Terraform's back: the next plan puts the configured rules back.
		driftStep(setOutside(client.GarbageCollectionRules{DefaultRetentionDays: 1, Branches: []client.GarbageCollectionRule{{BranchID: "main", RetentionDays: 30}, {BranchID: "other", RetentionDays: 2}}}),
			repoConfig+second, plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)),
		{
			Config:           repoConfig + second,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			Check:            checkGCRules(t, target, repo, 14, map[string]int{"main": 30}),
		},
		// Deleted behind Terraform's back: the next plan creates them again.
		disappearsStep(func() {
			if err := target.Client(t).DeleteGCRules(context.Background(), repo); err != nil {
				t.Fatalf("deleting the rules behind Terraform's back: %v", err)
			}
		}, repoConfig+second, address),
		{
			// A zero default is kept when a branch rule is there (lakeFS drops only an all-zero set).
			Config:           repoConfig + testAccGCRulesConfig(0, map[string]int{"main": 0}),
			ConfigPlanChecks: expectEmptyPlanAfterApply(plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)),
			Check:            checkGCRules(t, target, repo, 0, map[string]int{"main": 0}),
		},
		{
			// The largest value lakeFS stores (int32), and the branch map left out: read back as {}.
			Config:           repoConfig + testAccGCRulesConfig(2147483647, nil),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "branch_retention_days", knownvalue.MapExact(map[string]knownvalue.Check{})),
			},
			Check: checkGCRules(t, target, repo, 2147483647, map[string]int{}),
		},
		{
			// Destroying the resource deletes the rules; the repository stays.
			Config:           repoConfig,
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionDestroy),
			Check: func(*terraform.State) error {
				if _, err := target.Client(t).GetGCRules(context.Background(), repo); !client.IsNotFound(err) {
					return fmt.Errorf("the rules are still there after destroy (%v)", err)
				}
				return nil
			},
		},
	}))
}

// TestAccGCRules_errors: what lakeFS would mangle or refuse is refused at plan time with the attribute; what only
// lakeFS knows comes back with its message.
func TestAccGCRules_errors(t *testing.T) {
	target := acctest.Shared(t)
	missing := acctest.RandomName("tf-nope")
	readOnlyRepo := acctest.RandomName("tf-gc-ro")
	readOnly := true
	createRepositoryWithAPI(t, target.Client(t), client.RepositoryCreation{Name: readOnlyRepo, ReadOnly: &readOnly})
	config := func(repo string, def int, branches map[string]int) string {
		return strings.Replace(testAccGCRulesConfig(def, branches), "lakefs_repository.test.name", fmt.Sprintf("%q", repo), 1)
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(config(missing, 0, nil), `(?s)nothing to keep.*default_retention_days`),
		planErrorStep(config(missing, -1, nil), `(?s)Attribute\s+default_retention_days\s+value\s+must\s+be\s+between\s+0\s+and\s+2147483647`),
		planErrorStep(config(missing, 1, map[string]int{"main": 2147483648}),
			`(?s)Attribute\s+branch_retention_days\["main"\]\s+value\s+must\s+be\s+between`),
		planErrorStep(config(missing, 1, map[string]int{"-bad": 1}), `(?s)branch_retention_days.*must\s+be\s+a\s+branch\s+id`),
		{
			Config:      config(missing, 1, nil),
			ExpectError: regexp.MustCompile(`(?s)Cannot set the garbage collection rules of repository.*HTTP 404`),
		},
		{
			Config:      config(readOnlyRepo, 1, nil),
			ExpectError: regexp.MustCompile(`(?s)HTTP 403.*read-only`),
		},
	}))
}

// testAccGCRulesConfig declares lakefs_gc_rules.test on lakefs_repository.test; nil branches leaves the map out.
func testAccGCRulesConfig(def int, branches map[string]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `
resource "lakefs_gc_rules" "test" {
  repository             = lakefs_repository.test.name
  default_retention_days = %d
`, def)
	if branches != nil {
		b.WriteString("  branch_retention_days = {\n")
		keys := make([]string, 0, len(branches))
		for k := range branches {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "    %q = %d\n", k, branches[k])
		}
		b.WriteString("  }\n")
	}
	return b.String() + "}\n"
}

// checkGCRules verifies the repository's rules through the API.
func checkGCRules(t *testing.T, target *acctest.Target, repo string, def int, branches map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		rules, err := target.Client(t).GetGCRules(context.Background(), repo)
		if err != nil {
			return err
		}
		got := map[string]int{}
		for _, b := range rules.Branches {
			got[b.BranchID] = b.RetentionDays
		}
		if rules.DefaultRetentionDays != def || !maps.Equal(got, branches) {
			return fmt.Errorf("lakeFS has default %d, branches %v; want %d, %v", rules.DefaultRetentionDays, got, def, branches)
		}
		return nil
	}
}
