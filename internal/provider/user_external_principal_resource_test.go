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

const principalAddress = "lakefs_user_external_principal.test"

// errPrincipalsUnsupported is the diagnostic for lakeFS OSS's 501.
var errPrincipalsUnsupported = regexp.MustCompile(`(?s)not\s+supported\s+by\s+this\s+lakeFS\s+server.*lakeFS\s+Enterprise\s+or\s+lakeFS\s+Cloud`)

// enterpriseWithUsers starts a test server of the enterprise edition (external principals enabled) with n users.
func enterpriseWithUsers(t *testing.T, n int) (*acctest.Target, []string) {
	t.Helper()
	target := acctest.StartServer(t, testserver.Options{Edition: testserver.EditionEnterprise})
	users := make([]string, n)
	for i := range users {
		users[i] = acctest.RandomName(fmt.Sprintf("user%d", i))
		if _, err := target.Client(t).CreateUser(context.Background(), client.UserCreation{ID: users[i]}); err != nil {
			t.Fatalf("creating user %s: %v", users[i], err)
		}
	}
	return target, users
}

// testARN is an IAM role ARN with a path: ":" and "/" in the id, and "+=,.@" which IAM allows in names.
func testARN(name string) string {
	return "arn:aws:iam::123456789012:role/teams/data/" + acctest.RandomName(name) + "+=,.@"
}

func TestAccUserExternalPrincipal_basic(t *testing.T) {
	target, users := enterpriseWithUsers(t, 2)
	arn := testARN("role")

	resource.ParallelTest(t, testCase(t, checkExternalPrincipalsDetached(target), []resource.TestStep{
		{
			Config:           testAccUserExternalPrincipalConfig(target, users[0], arn, `{ team = "data" }`),
			ConfigPlanChecks: expectActionThenEmptyPlan(principalAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(principalAddress, "id", knownvalue.StringExact(arn)),
				expectAttribute(principalAddress, "principal_id", knownvalue.StringExact(arn)),
				expectAttribute(principalAddress, "user_id", knownvalue.StringExact(users[0])),
				expectAttribute(principalAddress, "settings",
					knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("data")})),
			},
			Check: checkPrincipalAttached(t, target, arn, users[0]),
		},
		// lakeFS never returns settings.
		importStep(principalAddress, importID(arn), "settings"),
		// lakeFS ignores settings: changing them only updates the state, the principal is never detached.
		principalSettingsUpdateStep(t, target, arn, users[0], `{ team = "ml" }`),
		principalSettingsUpdateStep(t, target, arn, users[0], `{}`),
		principalSettingsUpdateStep(t, target, arn, users[0], ""),
		principalSettingsUpdateStep(t, target, arn, users[0], `{ team = "data" }`),
		{
			// Moving the principal to another user replaces the attachment.
			Config:           testAccUserExternalPrincipalConfig(target, users[1], arn, ""),
			ConfigPlanChecks: expectActionThenEmptyPlan(principalAddress, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(principalAddress, "user_id", knownvalue.StringExact(users[1])),
				expectAttribute(principalAddress, "settings", knownvalue.Null()),
			},
			Check: checkPrincipalAttached(t, target, arn, users[1]),
		},
	}))
}

// principalFixture: an enterprise server with n users, a new ARN named after name, and the configuration that
// attaches it to the first user.
func principalFixture(t *testing.T, n int, name string) (target *acctest.Target, users []string, arn, config string) {
	t.Helper()
	target, users = enterpriseWithUsers(t, n)
	arn = testARN(name)
	return target, users, arn, testAccUserExternalPrincipalConfig(target, users[0], arn, "")
}

func TestAccUserExternalPrincipal_disappears(t *testing.T) {
	target, users, arn, config := principalFixture(t, 1, "gone")

	resource.ParallelTest(t, testCase(t, checkExternalPrincipalsDetached(target), []resource.TestStep{
		{Config: config},
		// Detached behind Terraform's back: the next plan attaches it again.
		disappearsStep(func() {
			if err := target.Client(t).DeleteUserExternalPrincipal(context.Background(), users[0], arn); err != nil {
				t.Fatalf("detaching behind Terraform's back: %v", err)
			}
		}, config, principalAddress),
		{
			Config: config,
			Check:  checkPrincipalAttached(t, target, arn, users[0]),
		},
	}))
}

func TestAccUserExternalPrincipal_movedOutside(t *testing.T) {
	target, users, arn, config := principalFixture(t, 2, "moved")

	resource.ParallelTest(t, testCase(t, checkExternalPrincipalsDetached(target), []resource.TestStep{
		{Config: config},
		// Moved to another user behind Terraform's back: a change of user_id, which replaces the attachment.
		driftStep(func() {
			c := target.Client(t)
			if err := c.DeleteUserExternalPrincipal(context.Background(), users[0], arn); err != nil {
				t.Fatalf("detaching: %v", err)
			}
			if err := c.CreateUserExternalPrincipal(context.Background(), users[1], arn, nil); err != nil {
				t.Fatalf("attaching to the other user: %v", err)
			}
		}, config,
			plancheck.ExpectResourceAction(principalAddress, plancheck.ResourceActionReplace),
			plancheck.ExpectKnownValue(principalAddress, tfjsonpath.New("user_id"), knownvalue.StringExact(users[0])),
		),
		{
			// Applying takes the principal back.
			Config:           config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check:            checkPrincipalAttached(t, target, arn, users[0]),
		},
	}))
}

func TestAccUserExternalPrincipal_alreadyAttached(t *testing.T) {
	target, users := enterpriseWithUsers(t, 2)
	arn := testARN("taken")
	if err := target.Client(t).CreateUserExternalPrincipal(context.Background(), users[0], arn, nil); err != nil {
		t.Fatalf("attaching: %v", err)
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccUserExternalPrincipalConfig(target, users[1], arn, ""),
			ExpectError: regexp.MustCompile(`(?s)already\s+attached\s+to\s+user\s+"` + regexp.QuoteMeta(users[0]) +
				`".*terraform\s+import\s+<address>\s+` + regexp.QuoteMeta(arn)),
		},
	}))
	if err := checkPrincipalAttached(t, target, arn, users[0])(nil); err != nil {
		t.Error(err)
	}
}

func TestAccUserExternalPrincipal_unknownUser(t *testing.T) {
	target, _ := enterpriseWithUsers(t, 0)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      testAccUserExternalPrincipalConfig(target, "nobody", testARN("orphan"), ""),
			ExpectError: regexp.MustCompile(`(?s)HTTP 404.*lakeFS\s+user\s+"nobody"\s+exists`),
		},
	}))
}

func TestAccUserExternalPrincipal_invalidInput(t *testing.T) {
	target, _ := enterpriseWithUsers(t, 0)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(testAccUserExternalPrincipalConfig(target, "a/b", testARN("x"), ""),
			`(?s)Attribute\s+user_id\s+must\s+be\s+a\s+non-empty\s+lakeFS\s+user\s+id`),
		planErrorStep(testAccUserExternalPrincipalConfig(target, "someone", "", ""),
			`(?s)Attribute\s+principal_id\s+string\s+length\s+must\s+be\s+at\s+least\s+1`),
	}))
}

// An attach whose answer is lost (the connection resets after lakeFS applied it) is adopted, not retried.
func TestAccUserExternalPrincipal_outcomeUnknown(t *testing.T) {
	target, users := enterpriseWithUsers(t, 1)
	arn := testARN("lost")
	target.Server.InjectFault(testserver.Fault{Operation: "createUserExternalPrincipal", Kind: testserver.FaultResetAfterHandler, Count: 1})

	resource.ParallelTest(t, testCase(t, checkExternalPrincipalsDetached(target), []resource.TestStep{
		{
			Config:           testAccUserExternalPrincipalConfig(target, users[0], arn, ""),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			Check: resource.ComposeTestCheckFunc(
				checkPrincipalAttached(t, target, arn, users[0]),
				func(*terraform.State) error {
					if n := target.Server.RequestCount("createUserExternalPrincipal"); n != 1 {
						return fmt.Errorf("createUserExternalPrincipal sent %d times, want 1", n)
					}
					return nil
				},
			),
		},
	}))
}

// An imported attachment has no settings in state (lakeFS does not return them): the configured settings are
// adopted in place, without detaching the principal.
func TestAccUserExternalPrincipal_importAdoptsSettings(t *testing.T) {
	target, users := enterpriseWithUsers(t, 1)
	arn := "arn:aws:sts::123456789012:assumed-role/" + acctest.RandomName("role") + "/session@example.com"
	if err := target.Client(t).CreateUserExternalPrincipal(context.Background(), users[0], arn, nil); err != nil {
		t.Fatalf("attaching: %v", err)
	}
	config := testAccUserExternalPrincipalConfig(target, users[0], arn, `{ team = "data" }`)

	imported := importPersistStep(nil, config, principalAddress, importID(arn))
	imported.ImportStateCheck = func(states []*terraform.InstanceState) error {
		if len(states) != 1 || states[0].Attributes["user_id"] != users[0] || states[0].Attributes["principal_id"] != arn {
			return fmt.Errorf("imported %v", states)
		}
		return nil
	}

	resource.ParallelTest(t, testCase(t, checkExternalPrincipalsDetached(target), []resource.TestStep{
		imported,
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(principalAddress, plancheck.ResourceActionUpdate),
			Check: func(*terraform.State) error {
				if n := target.Server.RequestCount("deleteUserExternalPrincipal"); n != 0 {
					return fmt.Errorf("the principal was detached %d times", n)
				}
				return nil
			},
		},
		// Later changes are in-place updates too.
		principalSettingsUpdateStep(t, target, arn, users[0], `{ team = "ml" }`),
	}))
}

func TestAccUserExternalPrincipal_notSupported(t *testing.T) {
	target := acctest.OSSTarget(t)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config:      testAccUserExternalPrincipalConfig(target, testserver.DefaultUser, testARN("oss"), ""),
			ExpectError: errPrincipalsUnsupported,
		},
	}))
}

// principalSettingsUpdateStep changes only the settings: an in-place update that sends nothing to lakeFS (which
// ignores settings), so the principal is neither detached nor attached again (issue #14, item 5).
func principalSettingsUpdateStep(t *testing.T, target *acctest.Target, arn, userID, settings string) resource.TestStep {
	detaches, attaches := target.Server.RequestCount("deleteUserExternalPrincipal"), target.Server.RequestCount("createUserExternalPrincipal")
	var settingsCheck knownvalue.Check = knownvalue.Null()
	if settings != "" {
		settingsCheck = knownvalue.NotNull()
	}
	return resource.TestStep{
		PreConfig: func() {
			detaches, attaches = target.Server.RequestCount("deleteUserExternalPrincipal"), target.Server.RequestCount("createUserExternalPrincipal")
		},
		Config:            testAccUserExternalPrincipalConfig(target, userID, arn, settings),
		ConfigPlanChecks:  expectActionThenEmptyPlan(principalAddress, plancheck.ResourceActionUpdate),
		ConfigStateChecks: []statecheck.StateCheck{expectAttribute(principalAddress, "settings", settingsCheck)},
		Check: resource.ComposeAggregateTestCheckFunc(checkPrincipalAttached(t, target, arn, userID), func(*terraform.State) error {
			d, a := target.Server.RequestCount("deleteUserExternalPrincipal"), target.Server.RequestCount("createUserExternalPrincipal")
			if d != detaches || a != attaches {
				return fmt.Errorf("changing settings detached the principal %d times and attached it %d times", d-detaches, a-attaches)
			}
			return nil
		}),
	}
}

func testAccUserExternalPrincipalConfig(target *acctest.Target, userID, principalID, settings string) string {
	settingsLine := ""
	if settings != "" {
		settingsLine = "settings     = " + settings
	}
	return target.ProviderConfig() + fmt.Sprintf(`
resource "lakefs_user_external_principal" "test" {
  user_id      = %q
  principal_id = %q
  %s
}
`, userID, principalID, settingsLine)
}

// checkPrincipalAttached checks through the API that principalID is attached to userID.
func checkPrincipalAttached(t *testing.T, target *acctest.Target, principalID, userID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		found, err := target.Client(t).GetExternalPrincipal(context.Background(), principalID)
		if err != nil {
			return fmt.Errorf("reading principal %s: %w", principalID, err)
		}
		if found.UserID != userID {
			return fmt.Errorf("principal %s is attached to %q, want %q", principalID, found.UserID, userID)
		}
		return nil
	}
}

// checkExternalPrincipalsDetached verifies that no principal of the state is still attached.
func checkExternalPrincipalsDetached(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_user_external_principal", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		_, err := c.GetExternalPrincipal(ctx, rs.Primary.ID)
		return err
	})
}
