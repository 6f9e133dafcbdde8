package provider_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// badInput is one invalid configuration: the provider block ("" for the target's own),
// the HCL of the resources, and what the error must say, the attribute's name included.
type badInput struct {
	name, provider, hcl, message string
}

// badProvider is a provider block for target with max_retries = 0 and settings, which replace the target's
// settings of the same name.
func badProvider(target *acctest.Target, settings ...string) string {
	return target.ProviderConfigWith(append([]string{"max_retries = 0"}, settings...)...)
}

// badInputs covers every resource, a data source and the provider block. Each must fail at validate or plan.
func badInputs(target *acctest.Target, missingFile string) []badInput {
	p := func(settings ...string) string { return badProvider(target, settings...) }
	repo := hclBlock(`resource "lakefs_repository" "ok"`, `name = "never-created"`, `storage_namespace = "local://never-created"`)
	return []badInput{
		// provider settings
		{"malformed endpoint", p(`endpoint = "ht!tp://::bad"`), repo, `(?s)Invalid\s+lakeFS\s+endpoint.*endpoint\s+=`},
		{"endpoint with a query", p(`endpoint = "http://127.0.0.1:1/?x=1"`), repo, `(?s)Invalid\s+lakeFS\s+endpoint.*endpoint\s+=`},
		{"negative retries", p(`max_retries = -1`), repo, `(?s)Attribute\s+max_retries\s+value\s+must\s+be\s+at\s+least\s+0`},
		{"bad request timeout", p(`request_timeout = "soon"`), repo, `(?s)Invalid\s+duration.*request_timeout\s+=`},
		{"key and token", p(`token = "a.b.c"`), repo, `(?s)Attribute\s+"(token|access_key_id|secret_access_key)"\s+cannot\s+be\s+specified`},
		{"aws_iam and keys", p(`aws_iam {}`), repo, `(?s)Attribute\s+"(aws_iam|access_key_id|secret_access_key|token)"\s+cannot\s+be\s+specified`},
		{"unreadable CA file", p(fmt.Sprintf("ca_cert_file = %q", missingFile)), repo, `(?s)Unreadable\s+file.*ca_cert_file\s+=`},
		{"CA PEM that is not PEM", p(`ca_cert_pem = "not a certificate"`), repo, `(?s)Invalid\s+CA\s+certificate.*ca_cert_pem\s+=`},
		{"part size too small", p(`part_size = 1024`), repo, `(?s)Attribute\s+part_size\s+value\s+must\s+be\s+between`},
		{"zero upload concurrency", p(`upload_concurrency = 0`), repo, `(?s)Attribute\s+upload_concurrency`},
		{"aws_iam presign ttl", hclBlock(`provider "lakefs"`, hclString("endpoint", target.Endpoint), "aws_iam {", "  url_presign_ttl_seconds = 0", "}"),
			repo, `(?s)Attribute\s+aws_iam.url_presign_ttl_seconds`},
		{"settings given as a list", p(`max_retries = [1]`), repo, `(?s)Inappropriate\s+value\s+for\s+attribute\s+"max_retries"`},
		// repositories and branches
		{"repository name with upper case", "", hclBlock(`resource "lakefs_repository" "r"`,
			`name = "Bad_Name"`, `storage_namespace = "local://bad"`), `(?s)Attribute\s+name`},
		{"empty storage namespace", "", hclBlock(`resource "lakefs_repository" "r"`,
			`name = "good-name"`, `storage_namespace = ""`), `(?s)Attribute\s+storage_namespace`},
		{"branch name with a space", "", hclBlock(`resource "lakefs_branch" "b"`,
			`repository = "repo"`, `name = "bad name"`, `source = "main"`), `(?s)Attribute\s+name`},
		{"branch in a bad repository id", "", hclBlock(`resource "lakefs_branch" "b"`,
			`repository = "x"`, `name = "feature"`, `source = "main"`), `(?s)Attribute\s+repository`},
		// pull requests
		{"same source and destination", "", hclBlock(`resource "lakefs_pull_request" "p"`,
			`repository = "repo"`, `source_branch = "main"`, `destination_branch = "main"`, `title = "t"`), `(?s)destination_branch`},
		{"bad status", "", hclBlock(`resource "lakefs_pull_request" "p"`,
			`repository = "repo"`, `source_branch = "feature"`, `destination_branch = "main"`, `title = "t"`, `status = "merged-ish"`),
			`(?s)Attribute\s+status\s+value\s+must\s+be\s+one\s+of`},
		{"bad source branch", "", hclBlock(`resource "lakefs_pull_request" "p"`,
			`repository = "repo"`, `source_branch = "-feature"`, `destination_branch = "main"`, `title = "t"`),
			`(?s)Attribute\s+source_branch`},
		{"bad pull request id to merge", "", hclBlock(`resource "lakefs_pull_request_merge" "m"`,
			`repository = "repo"`, `pull_request_id = "not/an/id"`), `(?s)Attribute\s+pull_request_id`},
		{"bad listing status", "", hclBlock(`data "lakefs_pull_requests" "all"`,
			`repository = "repo"`, `status = "pending"`), `(?s)Attribute\s+status\s+value\s+must\s+be\s+one\s+of`},
		// objects, metadata and commits
		{"empty object path", "", hclBlock(`resource "lakefs_object" "o"`,
			`repository = "repo"`, `branch = "main"`, `path = ""`, `content = "x"`), `(?s)Invalid\s+object\s+path.*path\s+=\s+""`},
		{"object with content and source", "", hclBlock(`resource "lakefs_object" "o"`,
			`repository = "repo"`, `branch = "main"`, `path = "a.txt"`, `content = "x"`, `source = "a.txt"`), `(?s)(content|source)`},
		{"empty metadata path", "", hclBlock(`resource "lakefs_object_user_metadata" "m"`,
			`repository = "repo"`, `branch = "main"`, `path = ""`, `metadata = { a = "b" }`), `(?s)Invalid\s+object\s+path.*path\s+=\s+""`},
		{"metadata given as a list", "", hclBlock(`resource "lakefs_object_user_metadata" "m"`,
			`repository = "repo"`, `branch = "main"`, `path = "a.txt"`, `metadata = ["a", "b"]`),
			`(?s)Inappropriate\s+value\s+for\s+attribute\s+"metadata"`},
		{"commit on a bad branch", "", hclBlock(`resource "lakefs_commit" "c"`,
			`repository = "repo"`, `branch = "no such/branch"`, `message = "m"`), `(?s)Attribute\s+branch`},
		{"hard reset to the staging area", "", hclBlock(`resource "lakefs_branch_hard_reset" "h"`,
			`repository = "repo"`, `branch = "main"`, `ref = "main$"`), `(?s)Attribute\s+ref`},
		// repository settings
		{"all-zero gc rules", "", hclBlock(`resource "lakefs_gc_rules" "g"`,
			`repository = "repo"`, `default_retention_days = 0`), `(?s)nothing\s+to\s+keep.*default_retention_days`},
		{"gc retention beyond int32", "", hclBlock(`resource "lakefs_gc_rules" "g"`,
			`repository = "repo"`, `default_retention_days = 1`, `branch_retention_days = { main = 4294967297 }`),
			`(?s)Attribute\s+branch_retention_days\["main"\]`},
		{"gc rule for a bad branch id", "", hclBlock(`resource "lakefs_gc_rules" "g"`,
			`repository = "repo"`, `default_retention_days = 1`, `branch_retention_days = { "no such" = 1 }`),
			`(?s)Attribute\s+branch_retention_days`},
		{"lakeFS's own repository metadata key", "", hclBlock(`resource "lakefs_repository_metadata" "m"`,
			`repository = "repo"`, `metadata = { ".lakefs.last.import.timestamp" = "1" }`), `(?s)Reserved\s+metadata\s+key.*metadata`},
		// tags and branch protection
		{"tag id that cannot be a ref", "", hclBlock(`resource "lakefs_tag" "t"`,
			`repository = "repo"`, `id = "v1~1"`, `ref = "main"`), `(?s)Invalid\s+tag\s+id.*id\s+=\s+"v1~1"`},
		{"tag of the staging area", "", hclBlock(`resource "lakefs_tag" "t"`,
			`repository = "repo"`, `id = "v1"`, `ref = "main$"`), `(?s)Attribute\s+ref`},
		{"tag data source with a bad id", "", hclBlock(`data "lakefs_tag" "t"`,
			`repository = "repo"`, `id = "a/b"`), `(?s)Invalid\s+tag\s+id`},
		{"protection pattern that is not a glob", "", hclBlock(`resource "lakefs_branch_protection" "p"`,
			`repository = "repo"`, `rules = [{ pattern = "main" }, { pattern = "[abc" }]`),
			`(?s)Invalid\s+branch\s+protection\s+pattern.*pattern\s+=\s+"\[abc"`},
		{"empty protection pattern", "", hclBlock(`resource "lakefs_branch_protection" "p"`,
			`repository = "repo"`, `rules = [{ pattern = "" }]`), `(?s)Invalid\s+branch\s+protection\s+pattern`},
		// external principals
		{"empty principal id", "", hclBlock(`resource "lakefs_user_external_principal" "x"`,
			`user_id = "someone"`, `principal_id = ""`), `(?s)Attribute\s+principal_id`},
		{"empty user id", "", hclBlock(`resource "lakefs_user_external_principal" "x"`,
			`user_id = ""`, `principal_id = "arn:aws:iam::123456789012:role/r"`), `(?s)Attribute\s+user_id`},
		// users, groups, memberships and group ACLs
		{"user id with a plus", "", hclBlock(`resource "lakefs_user" "u"`,
			`id = "a+b"`), `(?s)Attribute\s+id\s+must\s+be\s+a\s+non-empty\s+lakeFS\s+user\s+id`},
		{"group id with a slash", "", hclBlock(`resource "lakefs_group" "g"`,
			`id = "a/b"`), `(?s)Attribute\s+id\s+must\s+be\s+a\s+non-empty\s+lakeFS\s+group\s+id`},
		{"empty group description", "", hclBlock(`resource "lakefs_group" "g"`,
			`id = "g"`, `description = ""`), `(?s)Attribute\s+description\s+string\s+length`},
		{"membership of an empty user id", "", hclBlock(`resource "lakefs_group_membership" "m"`,
			`group_id = "g"`, `user_id = ""`), `(?s)Attribute\s+user_id`},
		{"ACL permission in lower case", "", hclBlock(`resource "lakefs_group_acl" "a"`,
			`group_id = "g"`, `permission = "write"`), `(?s)Attribute\s+permission\s+value\s+must\s+be\s+one\s+of`},
		{"user data source with a percent", "", hclBlock(`data "lakefs_user" "u"`,
			`id = "100%"`), `(?s)Attribute\s+id`},
		// credentials and policies
		{"credentials of a user id with a slash", "", hclBlock(`resource "lakefs_user_credentials" "x"`,
			`user_id = "a/b"`), `(?s)Attribute\s+user_id`},
		{"policy effect", "", hclBlock(`resource "lakefs_policy" "x"`,
			`id = "p"`, `statement = [{ effect = "Allow", action = ["fs:ReadObject"], resource = "*" }]`),
			`(?s)Attribute\s+statement.*effect\s+value\s+must\s+be\s+one\s+of`},
		{"policy action", "", hclBlock(`resource "lakefs_policy" "x"`,
			`id = "p"`, `statement = [{ effect = "allow", action = ["ReadObject"], resource = "*" }]`),
			`(?s)Attribute\s+statement.*action.*must\s+be\s+a\s+lakeFS\s+action`},
		{"policy without actions", "", hclBlock(`resource "lakefs_policy" "x"`,
			`id = "p"`, `statement = [{ effect = "allow", action = [], resource = "*" }]`),
			`(?s)Attribute\s+statement.*action\s+set\s+must\s+contain\s+at\s+least\s+1`},
		{"policy resource", "", hclBlock(`resource "lakefs_policy" "x"`,
			`id = "p"`, `statement = [{ effect = "allow", action = ["fs:*"], resource = "repository/r" }]`),
			`(?s)Attribute\s+statement.*resource\s+must\s+be\s+\*\s+or\s+a\s+lakeFS\s+ARN`},
		{"policy without statements", "", hclBlock(`resource "lakefs_policy" "x"`,
			`id = "p"`, `statement = []`), `(?s)Attribute\s+statement\s+set\s+must\s+contain\s+at\s+least\s+1`},
		{"group attachment of a group id with a slash", "", hclBlock(`resource "lakefs_group_policy_attachment" "x"`,
			`group_id = "a/b"`, `policy_id = "p"`), `(?s)Attribute\s+group_id`},
		{"user attachment of an empty policy id", "", hclBlock(`resource "lakefs_user_policy_attachment" "x"`,
			`user_id = "u"`, `policy_id = ""`), `(?s)Attribute\s+policy_id`},
	}
}

// Every invalid configuration fails before anything is sent: the dedicated server's counters stay empty.
func TestAccBadInput_rejectedBeforeAnyRequest(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	cases := badInputs(target, filepath.Join(t.TempDir(), "missing-ca.pem"))
	if len(cases) < 25 {
		t.Fatalf("only %d invalid configurations", len(cases))
	}
	testRejectedBeforeAnyRequest(t, target, cases, testCase)
}

// testRejectedBeforeAnyRequest plans each case (in parallel) on target, a dedicated server, with a TestCase from
// newCase; each must fail, and once all have run the server's counters must be empty.
func testRejectedBeforeAnyRequest(t *testing.T, target *acctest.Target, cases []badInput,
	newCase func(*testing.T, resource.TestCheckFunc, []resource.TestStep) resource.TestCase,
) {
	t.Helper()
	// The group returns once every (parallel) case has run.
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				cfg := c.provider
				if cfg == "" {
					cfg = badProvider(target)
				}
				resource.ParallelTest(t, newCase(t, nil, []resource.TestStep{planErrorStep(cfg+c.hcl, c.message)}))
			})
		}
	})
	if counts := target.Server.RequestCounts(); len(counts) != 0 {
		t.Errorf("invalid configurations sent requests to lakeFS: %v", counts)
	}
}
