package provider_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

func TestAccRepositoryDataSource_basic(t *testing.T) {
	repo := acctest.RandomName("tf-ds")
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccRepositoryHCL(repo) + `
data "lakefs_repository" "test" {
  name = lakefs_repository.test.name
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("data.lakefs_repository.test", "id", knownvalue.StringExact(repo)),
				expectAttribute("data.lakefs_repository.test", "default_branch", knownvalue.StringExact("main")),
				expectAttribute("data.lakefs_repository.test", "storage_namespace", knownvalue.StringExact(acctest.StorageNamespace(repo))),
				expectAttribute("data.lakefs_repository.test", "creation_date", knownvalue.NotNull()),
			},
		},
		{
			Config: `
data "lakefs_repository" "missing" {
  name = "tf-ds-does-not-exist"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Cannot read repository.*HTTP 404`),
		},
	}))
}

func TestAccBranchDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-ds")
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccRepositoryHCL(repo) + `
data "lakefs_branch" "test" {
  repository = lakefs_repository.test.name
  name       = lakefs_repository.test.default_branch
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("data.lakefs_branch.test", "id", knownvalue.StringExact(repo+"/main")),
			},
			Check: checkCommitIDIsMainHead(t, target, repo, "data.lakefs_branch.test"),
		},
		{
			Config: testAccRepositoryHCL(repo) + `
data "lakefs_branch" "test" {
  repository = lakefs_repository.test.name
  name       = "missing"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Cannot read branch "missing".*HTTP 404`),
		},
	}))
}

func TestAccCurrentUserDataSource_basic(t *testing.T) {
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: `data "lakefs_current_user" "me" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("data.lakefs_current_user.me", "id", knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
				expectAttribute("data.lakefs_current_user.me", "email", knownvalue.NotNull()),
				expectAttribute("data.lakefs_current_user.me", "friendly_name", knownvalue.NotNull()),
			},
		},
	}))
}

// lakeFS answers GET /user without valid credentials with 200 and an empty user: that must be an error.
func TestAccCurrentUserDataSource_emptyUser(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"user":{"creation_date":0,"id":""}}`))
	}))
	t.Cleanup(srv.Close)
	resource.ParallelTest(t, testCaseNoPreCheck(nil, []resource.TestStep{
		{
			Config: standInProviderHCL(srv.URL) + `
data "lakefs_current_user" "me" {}
`,
			ExpectError: regexp.MustCompile(`(?s)did not accept the credentials`),
		},
	}))
}
