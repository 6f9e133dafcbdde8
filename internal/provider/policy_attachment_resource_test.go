package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// attachmentKind is what differs between the user and the group attachment tests.
type attachmentKind struct {
	resourceType, principalAttr string
	create                      func(c *client.Client, id string) error
	attach, detach              func(c *client.Client, principal, policy string) error
	list                        func(c *client.Client, principal string) ([]client.Policy, error)
}

var (
	userAttachments = attachmentKind{
		resourceType: "lakefs_user_policy_attachment", principalAttr: "user_id",
		create: func(c *client.Client, id string) error {
			_, err := c.CreateUser(context.Background(), client.UserCreation{ID: id})
			return err
		},
		attach: func(c *client.Client, u, p string) error { return c.AttachPolicyToUser(context.Background(), u, p) },
		detach: func(c *client.Client, u, p string) error { return c.DetachPolicyFromUser(context.Background(), u, p) },
		list: func(c *client.Client, u string) ([]client.Policy, error) {
			return c.ListAllUserPolicies(context.Background(), u, false)
		},
	}
	groupAttachments = attachmentKind{
		resourceType: "lakefs_group_policy_attachment", principalAttr: "group_id",
		create: func(c *client.Client, id string) error {
			_, err := c.CreateGroup(context.Background(), client.GroupCreation{ID: id})
			return err
		},
		attach: func(c *client.Client, g, p string) error { return c.AttachPolicyToGroup(context.Background(), g, p) },
		detach: func(c *client.Client, g, p string) error { return c.DetachPolicyFromGroup(context.Background(), g, p) },
		list: func(c *client.Client, g string) ([]client.Policy, error) {
			return c.ListAllGroupPolicies(context.Background(), g)
		},
	}
)

func TestAccPolicyAttachmentUser_basic(t *testing.T)  { testPolicyAttachmentBasic(t, userAttachments) }
func TestAccPolicyAttachmentGroup_basic(t *testing.T) { testPolicyAttachmentBasic(t, groupAttachments) }
func TestAccPolicyAttachmentUser_disappears(t *testing.T) {
	testPolicyAttachmentDisappears(t, userAttachments)
}
func TestAccPolicyAttachmentGroup_disappears(t *testing.T) {
	testPolicyAttachmentDisappears(t, groupAttachments)
}
func TestAccPolicyAttachmentUser_errors(t *testing.T) { testPolicyAttachmentErrors(t, userAttachments) }
func TestAccPolicyAttachmentGroup_errors(t *testing.T) {
	testPolicyAttachmentErrors(t, groupAttachments)
}

// policyAttachmentTarget starts an Enterprise double with two principals of kind k.
func policyAttachmentTarget(t *testing.T, k attachmentKind) (*acctest.Target, []string) {
	t.Helper()
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionEnterprise})
	principals := []string{acctest.RandomName("p0"), acctest.RandomName("p1")}
	for _, p := range principals {
		if err := k.create(target.Client(t), p); err != nil {
			t.Fatalf("creating %s: %v", p, err)
		}
	}
	return target, principals
}

func testPolicyAttachmentBasic(t *testing.T, k attachmentKind) {
	target, principals := policyAttachmentTarget(t, k)
	policies := []string{acctest.RandomName("pol0"), acctest.RandomName("pol1")}
	address := k.resourceType + ".test"

	step := func(principal, policy string, action plancheck.ResourceActionType) resource.TestStep {
		return resource.TestStep{
			Config:           testAccPolicyAttachmentConfig(target, k, policies, principal, policy),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, action),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(principal+"/"+policy)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New(k.principalAttr), knownvalue.StringExact(principal)),
				expectAttribute(address, "policy_id", knownvalue.StringExact(policy)),
			},
			Check: checkPolicyAttached(t, target, k, principal, policy, true),
		}
	}
	resource.ParallelTest(t, testCase(t, checkPolicyAttachmentsDetached(target, k), []resource.TestStep{
		step(principals[0], policies[0], plancheck.ResourceActionCreate),
		importStep(address, importID(principals[0], policies[0])),
		step(principals[0], policies[1], plancheck.ResourceActionReplace),
		step(principals[1], policies[1], plancheck.ResourceActionReplace),
	}))
}

func testPolicyAttachmentDisappears(t *testing.T, k attachmentKind) {
	target, principals := policyAttachmentTarget(t, k)
	policies := []string{acctest.RandomName("pol")}
	address := k.resourceType + ".test"
	config := testAccPolicyAttachmentConfig(target, k, policies, principals[0], policies[0])

	resource.ParallelTest(t, testCase(t, checkPolicyAttachmentsDetached(target, k), []resource.TestStep{
		{Config: config},
		// Detached behind Terraform's back: the next plan attaches it again.
		disappearsStep(func() {
			if err := k.detach(target.Client(t), principals[0], policies[0]); err != nil {
				t.Fatalf("detaching behind Terraform's back: %v", err)
			}
		}, config, address),
		{Config: config, ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			Check: checkPolicyAttached(t, target, k, principals[0], policies[0], true)},
	}))
}

func testPolicyAttachmentErrors(t *testing.T, k attachmentKind) {
	target, principals := policyAttachmentTarget(t, k)
	policy := acctest.RandomName("pol")
	if _, err := target.Client(t).CreatePolicy(context.Background(), client.Policy{ID: policy,
		Statement: []client.Statement{{Effect: "deny", Action: []string{"fs:*"}, Resource: "*"}}}); err != nil {
		t.Fatal(err)
	}
	if err := k.attach(target.Client(t), principals[0], policy); err != nil {
		t.Fatal(err)
	}
	attachment := func(principal, policy string) string {
		return target.ProviderConfig() + fmt.Sprintf(`
resource %q "test" {
  %s = %q
  policy_id = %q
}
`, k.resourceType, k.principalAttr, principal, policy)
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			// Attached outside Terraform: the error says how to import it.
			Config:      attachment(principals[0], policy),
			ExpectError: regexp.MustCompile(`(?s)HTTP 409.*terraform\s+import\s+<address>\s+` + regexp.QuoteMeta(principals[0]+"/"+policy)),
		},
		{
			Config:      attachment("nobody", policy),
			ExpectError: regexp.MustCompile(`(?s)HTTP 404.*"nobody"\s+and\s+the\s+policy.*exist`),
		},
		{
			Config:      attachment(principals[1], "no-such-policy"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 404.*policy\s+"no-such-policy"\s+exist`),
		},
	}))
}

// testAccPolicyAttachmentPolicies declares lakefs_policy.p<i> for each id.
func testAccPolicyAttachmentPolicies(target *acctest.Target, policies []string) string {
	cfg := target.ProviderConfig()
	for i, id := range policies {
		cfg += fmt.Sprintf(`
resource "lakefs_policy" "p%d" {
  id        = %q
  statement = [{ effect = "allow", action = ["fs:Read*"], resource = "*" }]
}
`, i, id)
	}
	return cfg
}

func testAccPolicyAttachmentConfig(target *acctest.Target, k attachmentKind, policies []string, principal, policy string) string {
	ref := ""
	for i, id := range policies {
		if id == policy {
			ref = fmt.Sprintf("lakefs_policy.p%d.id", i)
		}
	}
	return testAccPolicyAttachmentPolicies(target, policies) + fmt.Sprintf(`
resource %q "test" {
  %s = %q
  policy_id = %s
}
`, k.resourceType, k.principalAttr, principal, ref)
}

// checkPolicyAttached checks through the API whether policy is attached to principal.
func checkPolicyAttached(t *testing.T, target *acctest.Target, k attachmentKind, principal, policy string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		list, err := k.list(target.Client(t), principal)
		if err != nil {
			return err
		}
		found := false
		for _, p := range list {
			found = found || p.ID == policy
		}
		if found != want {
			return fmt.Errorf("policy %s attached to %s: %v, want %v", policy, principal, found, want)
		}
		return nil
	}
}

// checkPolicyAttachmentsDetached verifies that no attachment of the state is left.
func checkPolicyAttachmentsDetached(target *acctest.Target, k attachmentKind) resource.TestCheckFunc {
	return target.CheckEach(k.resourceType, func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		list, err := k.list(c, rs.Primary.Attributes[k.principalAttr])
		if err != nil {
			return err
		}
		for _, p := range list {
			if p.ID == rs.Primary.Attributes["policy_id"] {
				return fmt.Errorf("%s %s is still attached", k.resourceType, rs.Primary.ID)
			}
		}
		return nil
	})
}

// An attach whose answer is lost (lakeFS applied it) is adopted, not sent again (a replay would be 409).
func TestAccPolicyAttachmentUser_outcomeUnknown(t *testing.T) {
	target, principals := policyAttachmentTarget(t, userAttachments)
	target.Server.InjectFault(testserver.Fault{Operation: "attachPolicyToUser", Kind: testserver.FaultResetAfterHandler, Count: 1})
	policies := []string{acctest.RandomName("lost")}

	resource.ParallelTest(t, testCase(t, checkPolicyAttachmentsDetached(target, userAttachments), []resource.TestStep{{
		Config:           testAccPolicyAttachmentConfig(target, userAttachments, policies, principals[0], policies[0]),
		ConfigPlanChecks: expectEmptyPlanAfterApply(),
		Check: resource.ComposeAggregateTestCheckFunc(checkPolicyAttached(t, target, userAttachments, principals[0], policies[0], true),
			func(*terraform.State) error {
				if n := target.Server.RequestCount("attachPolicyToUser"); n != 1 {
					return fmt.Errorf("attachPolicyToUser sent %d times, want 1", n)
				}
				return nil
			}),
	}}))
}
