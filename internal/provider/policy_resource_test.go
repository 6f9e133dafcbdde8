package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

const policyAddress = "lakefs_policy.test"

// errPoliciesUnsupported is the diagnostic for the 501 of lakeFS OSS and of lakeFS with the ACL server.
var errPoliciesUnsupported = regexp.MustCompile(`(?s)Policies\s+are\s+not\s+supported\s+by\s+this\s+lakeFS\s+server.*need\s+lakeFS\s+Enterprise`)

// readOnlyStatement and writeStatements are statement blocks; their order inside the set does not matter.
const (
	readOnlyStatement = `{
      effect   = "allow"
      action   = ["fs:ReadObject", "fs:ListObjects"]
      resource = "arn:lakefs:fs:::repository/data/*"
    }`
	denyStatement = `{
      effect   = "deny"
      action   = ["fs:DeleteRepository"]
      resource = "*"
    }`
)

func policyStatements(statements ...string) string {
	return "[\n    " + strings.Join(statements, ",\n    ") + "\n  ]"
}

func TestAccPolicy_basic(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionEnterprise})
	id := acctest.RandomName("policy")
	id2 := acctest.RandomName("policy2")

	resource.ParallelTest(t, testCase(t, checkPoliciesDeleted(target), []resource.TestStep{
		{
			Config:           testAccPolicyConfig(target, id, policyStatements(readOnlyStatement, denyStatement)),
			ConfigPlanChecks: expectActionThenEmptyPlan(policyAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(policyAddress, "id", knownvalue.StringExact(id)),
				expectAttribute(policyAddress, "statement", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"effect":   knownvalue.StringExact("allow"),
						"action":   knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("fs:ListObjects"), knownvalue.StringExact("fs:ReadObject")}),
						"resource": knownvalue.StringExact("arn:lakefs:fs:::repository/data/*"),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"effect":   knownvalue.StringExact("deny"),
						"action":   knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("fs:DeleteRepository")}),
						"resource": knownvalue.StringExact("*"),
					}),
				})),
			},
			Check: checkPolicyStatements(t, target, id, 2),
		},
		importStep(policyAddress, importID(id)),
		{
			// Statements and actions in another order mean the same: nothing to do.
			Config: testAccPolicyConfig(target, id, policyStatements(denyStatement,
				strings.Replace(readOnlyStatement, `["fs:ReadObject", "fs:ListObjects"]`, `["fs:ListObjects", "fs:ReadObject"]`, 1))),
			ConfigPlanChecks: expectEmptyPlan(),
		},
		{
			// A changed statement is an in-place update.
			Config:           testAccPolicyConfig(target, id, policyStatements(strings.Replace(readOnlyStatement, `"fs:ListObjects"`, `"fs:List*"`, 1))),
			ConfigPlanChecks: expectActionThenEmptyPlan(policyAddress, plancheck.ResourceActionUpdate),
			Check:            checkPolicyStatements(t, target, id, 1),
		},
		{
			Config:           testAccPolicyConfig(target, id2, policyStatements(denyStatement)),
			ConfigPlanChecks: expectActionThenEmptyPlan(policyAddress, plancheck.ResourceActionReplace),
			Check:            checkPolicyStatements(t, target, id2, 1),
		},
	}))
}

func TestAccPolicy_drift(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionEnterprise})
	id := acctest.RandomName("policy")
	config := testAccPolicyConfig(target, id, policyStatements(readOnlyStatement))

	resource.ParallelTest(t, testCase(t, checkPoliciesDeleted(target), []resource.TestStep{
		{Config: config},
		// Changed behind Terraform's back: the plan puts the statements back.
		driftStep(func() {
			_, err := target.Client(t).UpdatePolicy(context.Background(), client.Policy{ID: id,
				Statement: []client.Statement{{Effect: "allow", Action: []string{"fs:*"}, Resource: "*"}}})
			if err != nil {
				t.Fatalf("changing the policy behind Terraform's back: %v", err)
			}
		}, config, plancheck.ExpectResourceAction(policyAddress, plancheck.ResourceActionUpdate)),
		{Config: config, ConfigPlanChecks: expectActionThenEmptyPlan(policyAddress, plancheck.ResourceActionUpdate),
			Check: checkPolicyStatements(t, target, id, 1)},
		// Deleted behind Terraform's back: the plan creates it again.
		disappearsStep(func() {
			if err := target.Client(t).DeletePolicy(context.Background(), id); err != nil {
				t.Fatalf("deleting the policy behind Terraform's back: %v", err)
			}
		}, config, policyAddress),
		{Config: config, ConfigPlanChecks: expectActionThenEmptyPlan(policyAddress, plancheck.ResourceActionCreate),
			Check: checkPolicyStatements(t, target, id, 1)},
	}))
}

func TestAccPolicy_alreadyExists(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionEnterprise})
	id := acctest.RandomName("taken")
	if _, err := target.Client(t).CreatePolicy(context.Background(), client.Policy{ID: id,
		Statement: []client.Statement{{Effect: "allow", Action: []string{"fs:*"}, Resource: "*"}}}); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{{
		Config:      testAccPolicyConfig(target, id, policyStatements(denyStatement)),
		ExpectError: regexp.MustCompile(`(?s)HTTP 409.*terraform\s+import\s+<address>\s+` + regexp.QuoteMeta(id)),
	}}))
}

// A create whose answer is lost is adopted when lakeFS holds the policy as planned, not sent again.
func TestAccPolicy_outcomeUnknown(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionEnterprise})
	target.Server.InjectFault(testserver.Fault{Operation: "createPolicy", Kind: testserver.FaultResetAfterHandler, Count: 1})
	id := acctest.RandomName("lost")

	resource.ParallelTest(t, testCase(t, checkPoliciesDeleted(target), []resource.TestStep{{
		Config:           testAccPolicyConfig(target, id, policyStatements(readOnlyStatement, denyStatement)),
		ConfigPlanChecks: expectEmptyPlanAfterApply(),
		Check: resource.ComposeAggregateTestCheckFunc(checkPolicyStatements(t, target, id, 2), func(*terraform.State) error {
			if n := target.Server.RequestCount("createPolicy"); n != 1 {
				return fmt.Errorf("createPolicy sent %d times, want 1", n)
			}
			return nil
		}),
	}}))
}

// policiesUnsupportedTargets are the servers that answer policy calls with 501: the external lakeFS when it does
// (OSS alone or with the ACL server), otherwise doubles of the OSS and ACL editions.
func policiesUnsupportedTargets(t *testing.T) map[string]*acctest.Target {
	t.Helper()
	if acctest.External() {
		target := acctest.Shared(t)
		if _, err := target.Client(t).GetPolicy(t.Context(), "edition-probe"); !client.IsNotImplemented(err) {
			t.Skip("the lakeFS at LAKEFS_ENDPOINT supports policies")
		}
		return map[string]*acctest.Target{"external": target}
	}
	return map[string]*acctest.Target{
		"oss": acctest.StartServer(t, testserver.Options{Edition: testserver.EditionOSS}),
		"acl": acctest.StartServer(t, testserver.Options{Edition: testserver.EditionACL}),
	}
}

// lakeFS OSS, alone or with the ACL server, answers every policy call with 501: one clear diagnostic per resource.
func TestAccPolicy_notSupported(t *testing.T) {
	for name, target := range policiesUnsupportedTargets(t) {
		t.Run(name, func(t *testing.T) {
			me, err := target.Client(t).GetCurrentUser(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, hcl := range []string{
				fmt.Sprintf(`resource "lakefs_policy" "test" {
  id        = %q
  statement = %s
}`, acctest.RandomName("policy"), policyStatements(denyStatement)),
				fmt.Sprintf(`resource "lakefs_user_policy_attachment" "test" {
  user_id   = %q
  policy_id = "FSFullAccess"
}`, me.ID),
				`resource "lakefs_group_policy_attachment" "test" {
  group_id  = "Admins"
  policy_id = "FSFullAccess"
}`,
			} {
				resource.Test(t, testCase(t, nil, []resource.TestStep{{
					Config:      target.ProviderConfig() + hcl,
					ExpectError: errPoliciesUnsupported,
				}}))
			}
		})
	}
}

func testAccPolicyConfig(target *acctest.Target, id, statements string) string {
	return target.ProviderConfig() + fmt.Sprintf(`
resource "lakefs_policy" "test" {
  id        = %q
  statement = %s
}
`, id, statements)
}

// checkPolicyStatements checks through the API that policy id exists with n statements.
func checkPolicyStatements(t *testing.T, target *acctest.Target, id string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p, err := target.Client(t).GetPolicy(context.Background(), id)
		if err != nil {
			return fmt.Errorf("reading policy %s: %w", id, err)
		}
		if len(p.Statement) != n {
			return fmt.Errorf("policy %s has %d statements, want %d: %+v", id, len(p.Statement), n, p.Statement)
		}
		return nil
	}
}

// checkPoliciesDeleted verifies that no policy of the state is left.
func checkPoliciesDeleted(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_policy", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		_, err := c.GetPolicy(ctx, rs.Primary.ID)
		return err
	})
}
