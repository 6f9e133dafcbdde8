package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// Resource identity (Terraform 1.12+) of the administration resources: see identityTestCase. Users, groups,
// memberships, group ACLs and credentials run on the ACL instance of real lakeFS (the acc-lakefs-acl stages) or
// the double; policies and their attachments on the Enterprise double only. Every import by identity reads
// everything back and plans nothing.

func TestAccUser_identity(t *testing.T) {
	target := acctest.ACLTarget(t)
	id := acctest.RandomName("tf-user-identity")
	resource.ParallelTest(t, identityTestCase(t, target.ProviderConfig()+testAccUserHCL("test", id), userAddress,
		map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}, plancheck.ResourceActionNoop))
}

func TestAccGroup_identity(t *testing.T) {
	target := acctest.ACLTarget(t)
	id := acctest.RandomName("tf-group-identity")
	resource.ParallelTest(t, identityTestCase(t, target.ProviderConfig()+testAccGroupHCL(id, "identity"), groupAddress,
		map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}, plancheck.ResourceActionNoop))
}

func TestAccGroupMembership_identity(t *testing.T) {
	target := acctest.ACLTarget(t)
	group, user := acctest.RandomName("tf-members"), acctest.RandomName("tf-member")
	createGroupAPI(t, target, group)
	createUserAPI(t, target, user)
	resource.ParallelTest(t, identityTestCase(t, target.ProviderConfig()+testAccMembershipHCL(group, user), membershipAddress,
		map[string]knownvalue.Check{"group_id": knownvalue.StringExact(group), "user_id": knownvalue.StringExact(user)},
		plancheck.ResourceActionNoop))
}

func TestAccGroupACL_identity(t *testing.T) {
	target := acctest.ACLTarget(t)
	group := acctest.RandomName("tf-acl")
	createGroupAPI(t, target, group)
	resource.ParallelTest(t, identityTestCase(t, target.ProviderConfig()+testAccGroupACLHCL(group, "Write"), groupACLAddress,
		map[string]knownvalue.Check{"group_id": knownvalue.StringExact(group)}, plancheck.ResourceActionNoop))
}

// The secret cannot be read back: the import leaves secret_access_key null and store_secret true (its default),
// which is what the configuration plans for an existing key, so the import plans nothing.
func TestAccCredentials_identity(t *testing.T) {
	target, users := credentialsTarget(t, 1)
	resource.ParallelTest(t, identityTestCase(t, testAccCredentialsConfig(target, users[0], ""), credentialsAddress,
		map[string]knownvalue.Check{"user_id": knownvalue.StringExact(users[0]), "access_key_id": knownvalue.StringRegexp(regexp.MustCompile(`^AKIA`))},
		plancheck.ResourceActionNoop))
}

func TestAccPolicy_identity(t *testing.T) {
	target, _ := policyAttachmentTarget(t, userAttachments)
	id := acctest.RandomName("policy")
	resource.ParallelTest(t, identityTestCase(t, testAccPolicyConfig(target, id, policyStatements(readOnlyStatement, denyStatement)), policyAddress,
		map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}, plancheck.ResourceActionNoop))
}

func TestAccPolicyAttachmentUser_identity(t *testing.T) {
	testPolicyAttachmentIdentity(t, userAttachments)
}
func TestAccPolicyAttachmentGroup_identity(t *testing.T) {
	testPolicyAttachmentIdentity(t, groupAttachments)
}

func testPolicyAttachmentIdentity(t *testing.T, k attachmentKind) {
	target, principals := policyAttachmentTarget(t, k)
	policies := []string{acctest.RandomName("pol")}
	resource.ParallelTest(t, identityTestCase(t, testAccPolicyAttachmentConfig(target, k, policies, principals[0], policies[0]), k.resourceType+".test",
		map[string]knownvalue.Check{k.principalAttr: knownvalue.StringExact(principals[0]), "policy_id": knownvalue.StringExact(policies[0])},
		plancheck.ResourceActionNoop))
}
