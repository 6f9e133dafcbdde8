package provider_test

import (
	"context"
	"fmt"
	"regexp"
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

const credentialsAddress = "lakefs_user_credentials.test"

// credentialsTarget returns a lakeFS that manages credentials, with n new users: the external lakeFS when it has an
// auth server (the acl instance), otherwise a dedicated double of the ACL edition. Against lakeFS OSS alone it skips.
func credentialsTarget(t *testing.T, n int) (*acctest.Target, []string) {
	t.Helper()
	var target *acctest.Target
	if acctest.External() {
		target = acctest.Shared(t)
		me, err := target.Client(t).GetCurrentUser(t.Context())
		if err != nil {
			t.Fatalf("reading the current user: %v", err)
		}
		if _, err := target.Client(t).ListUserCredentials(t.Context(), me.ID, client.ListOptions{}); client.IsNotImplemented(err) {
			t.Skip("the lakeFS at LAKEFS_ENDPOINT manages no credentials (lakeFS OSS without an auth server)")
		}
	} else {
		target = acctest.StartServer(t, testserver.Options{Edition: testserver.EditionACL})
	}
	users := make([]string, n)
	for i := range users {
		users[i] = acctest.RandomName(fmt.Sprintf("cred%d", i))
		if _, err := target.Client(t).CreateUser(context.Background(), client.UserCreation{ID: users[i]}); err != nil {
			t.Fatalf("creating user %s: %v", users[i], err)
		}
		t.Cleanup(func() { _ = target.Client(t).DeleteUser(context.Background(), users[i]) })
	}
	return target, users
}

func TestAccCredentials_basic(t *testing.T) {
	target, users := credentialsTarget(t, 2)
	var firstKey string

	resource.ParallelTest(t, testCase(t, checkCredentialsRevoked(target), []resource.TestStep{
		{
			Config:           testAccCredentialsConfig(target, users[0], ""),
			ConfigPlanChecks: expectActionThenEmptyPlan(credentialsAddress, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(credentialsAddress, "user_id", knownvalue.StringExact(users[0])),
				expectAttribute(credentialsAddress, "access_key_id", knownvalue.StringRegexp(regexp.MustCompile(`^AKIA`))),
				expectAttribute(credentialsAddress, "id", knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(users[0])+`/AKIA`))),
				expectAttribute(credentialsAddress, "secret_access_key", knownvalue.StringRegexp(regexp.MustCompile(`^.{20,}$`))),
				expectAttribute(credentialsAddress, "store_secret", knownvalue.Bool(true)),
				expectAttribute(credentialsAddress, "creation_date", knownvalue.NotNull()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(checkCredentialsWork(t, target, users[0]), func(s *terraform.State) error {
				var err error
				firstKey, err = stateAttribute(s, credentialsAddress, "access_key_id")
				return err
			}),
		},
		// lakeFS never shows the secret again.
		importStep(credentialsAddress, importIDFromAttributes(credentialsAddress, "user_id", "access_key_id"), "secret_access_key"),
		{
			// Turning store_secret off drops the secret in place: the key stays.
			Config:           testAccCredentialsConfig(target, users[0], "store_secret = false"),
			ConfigPlanChecks: expectActionThenEmptyPlan(credentialsAddress, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(credentialsAddress, "secret_access_key", knownvalue.Null()),
			},
			Check: checkAccessKeyIs(&firstKey, true),
		},
		{
			// Turning it on needs a new key: lakeFS never shows the old secret again.
			Config:           testAccCredentialsConfig(target, users[0], "store_secret = true"),
			ConfigPlanChecks: expectActionThenEmptyPlan(credentialsAddress, plancheck.ResourceActionReplace),
			Check:            resource.ComposeAggregateTestCheckFunc(checkAccessKeyIs(&firstKey, false), checkCredentialsWork(t, target, users[0])),
		},
		{
			// Another user: a new key.
			Config:           testAccCredentialsConfig(target, users[1], ""),
			ConfigPlanChecks: expectActionThenEmptyPlan(credentialsAddress, plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(credentialsAddress, "user_id", knownvalue.StringExact(users[1])),
			},
			Check: checkCredentialsWork(t, target, users[1]),
		},
	}))
}

func TestAccCredentials_disappears(t *testing.T) {
	target, users := credentialsTarget(t, 1)
	config := testAccCredentialsConfig(target, users[0], "")
	var keyID string

	resource.ParallelTest(t, testCase(t, checkCredentialsRevoked(target), []resource.TestStep{
		{Config: config, Check: func(s *terraform.State) error {
			var err error
			keyID, err = stateAttribute(s, credentialsAddress, "access_key_id")
			return err
		}},
		// Revoked behind Terraform's back: the next plan makes a new key.
		disappearsStep(func() {
			if err := target.Client(t).DeleteCredentials(context.Background(), users[0], keyID); err != nil {
				t.Fatalf("revoking behind Terraform's back: %v", err)
			}
			waitCredentialsGone(t, target, users[0], keyID)
		}, config, credentialsAddress),
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(credentialsAddress, plancheck.ResourceActionCreate),
			Check:            resource.ComposeAggregateTestCheckFunc(checkAccessKeyIs(&keyID, false), checkCredentialsWork(t, target, users[0])),
		},
	}))
}

func TestAccCredentials_unknownUser(t *testing.T) {
	target, _ := credentialsTarget(t, 0)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{{
		Config:      testAccCredentialsConfig(target, acctest.RandomName("nobody"), ""),
		ExpectError: regexp.MustCompile(`(?s)HTTP 404.*lakeFS\s+user\s+"nobody-[0-9a-f]+"\s+exists`),
	}}))
}

func TestAccCredentials_importUnknownKey(t *testing.T) {
	target, users := credentialsTarget(t, 1)

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		importNonExistentStep(testAccCredentialsConfig(target, users[0], ""), credentialsAddress, users[0]+"/AKIAJNOSUCHKEY0000000"),
	}))
}

// lakeFS OSS alone has one key and makes no other: a 400 whose message the diagnostic carries, with why.
func TestAccCredentials_ossSingleKey(t *testing.T) {
	target := acctest.OSSTarget(t)
	me, err := target.Client(t).GetCurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := target.Client(t).ListUserCredentials(t.Context(), me.ID, client.ListOptions{}); !client.IsNotImplemented(err) {
		t.Skip("the lakeFS at LAKEFS_ENDPOINT manages credentials (it has an auth server)")
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{{
		Config:      testAccCredentialsConfig(target, me.ID, ""),
		ExpectError: regexp.MustCompile(`(?s)HTTP 400.*exceeded number of allowed credentials.*needs\s+lakeFS\s+with\s+the\s+ACL\s+server`),
	}}))
}

// A create whose answer is lost made a key whose secret nobody will see: it is revoked, the apply fails, and the
// next apply makes a key.
func TestAccCredentials_outcomeUnknown(t *testing.T) {
	target, users := credentialsTarget(t, 1)
	if target.Server == nil {
		t.Skip("needs the double's fault injection")
	}
	target.Server.InjectFault(testserver.Fault{Operation: "createCredentials", Kind: testserver.FaultResetAfterHandler, Count: 1})
	config := testAccCredentialsConfig(target, users[0], "")

	resource.ParallelTest(t, testCase(t, checkCredentialsRevoked(target), []resource.TestStep{
		{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)answer\s+to\s+the\s+create\s+was\s+lost.*Key\s+AKIA\S+\s+was\s+revoked`),
			Check:       nil,
		},
		{
			PreConfig: func() {
				keys, err := target.Client(t).ListAllUserCredentials(context.Background(), users[0], "")
				if err != nil || len(keys) != 0 {
					t.Fatalf("after the lost create, user has keys %v (%v), want none", keys, err)
				}
			},
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(credentialsAddress, plancheck.ResourceActionCreate),
			Check:            checkCredentialsWork(t, target, users[0]),
		},
	}))
}

func testAccCredentialsConfig(target *acctest.Target, userID, attributes string) string {
	return target.ProviderConfig() + fmt.Sprintf(`
resource "lakefs_user_credentials" "test" {
  user_id = %q
  %s
}
`, userID, attributes)
}

// checkCredentialsWork checks that the key in the state belongs to userID and, when the state holds the secret,
// that the pair authenticates as userID.
func checkCredentialsWork(t *testing.T, target *acctest.Target, userID string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[credentialsAddress]
		if rs == nil {
			return fmt.Errorf("%s not in the state", credentialsAddress)
		}
		keyID, secret := rs.Primary.Attributes["access_key_id"], rs.Primary.Attributes["secret_access_key"]
		if _, err := target.Client(t).GetCredentials(context.Background(), userID, keyID); err != nil {
			return fmt.Errorf("reading key %s of %s: %w", keyID, userID, err)
		}
		if secret == "" {
			return nil
		}
		c, err := client.New(client.Config{Endpoint: target.Endpoint, AccessKeyID: keyID, SecretAccessKey: secret})
		if err != nil {
			return err
		}
		me, err := c.GetCurrentUser(context.Background())
		if err != nil {
			return fmt.Errorf("authenticating with the new key: %w", err)
		}
		if me.ID != userID {
			return fmt.Errorf("the new key authenticates as %q, want %q", me.ID, userID)
		}
		return nil
	}
}

// checkAccessKeyIs checks that the key in the state is (same) or is not *want.
func checkAccessKeyIs(want *string, same bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := stateAttribute(s, credentialsAddress, "access_key_id")
		if err != nil {
			return err
		}
		if (got == *want) != same {
			return fmt.Errorf("access key %s, previous %s, want same=%v", got, *want, same)
		}
		return nil
	}
}

// waitCredentialsGone waits until lakeFS no longer answers for a revoked key. Real lakeFS 1.84 answers 404 at once
// (only authentication is cached, ~20 s), but a cached read would turn the disappears step into a flake.
func waitCredentialsGone(t *testing.T, target *acctest.Target, userID, keyID string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		_, err := target.Client(t).GetCredentials(context.Background(), userID, keyID)
		if client.IsNotFound(err) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("key %s still answers after its delete: %v", keyID, err)
		}
		time.Sleep(time.Second)
	}
}

// checkCredentialsRevoked verifies that no key of the state is left (waiting out real lakeFS's cache).
func checkCredentialsRevoked(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_user_credentials", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		userID, keyID, _ := strings.Cut(rs.Primary.ID, "/")
		deadline := time.Now().Add(45 * time.Second)
		for {
			_, err := c.GetCredentials(ctx, userID, keyID)
			if err != nil || !acctest.External() || time.Now().After(deadline) {
				return err
			}
			time.Sleep(time.Second)
		}
	})
}
