package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// misroutingProxy is a reverse proxy in front of lakeFS that can start answering every request itself, like an
// ingress whose route to lakeFS broke: 404 with an HTML page (or an empty body).
type misroutingProxy struct {
	srv  *httptest.Server
	mode atomic.Int32 // 0 forward, 1 HTML 404, 2 empty 404
}

func startMisroutingProxy(t *testing.T, upstream string) *misroutingProxy {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &misroutingProxy{}
	forward := httputil.NewSingleHostReverseProxy(u)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p.mode.Load() {
		case 1:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>\n")
		case 2:
			w.WriteHeader(http.StatusNotFound)
		default:
			forward.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// TestAccMisroutedEndpointKeepsState: when something other than lakeFS answers 404 for everything, the refresh
// fails with an error that names the endpoint, and no managed object is dropped from the state (issue #14, item 1).
// Before, every resource was read as deleted, the creates that followed failed, and the state ended up empty while
// everything still existed in lakeFS.
func TestAccMisroutedEndpointKeepsState(t *testing.T) {
	target := acctest.Shared(t)
	proxy := startMisroutingProxy(t, target.Endpoint)
	viaProxy := *target
	viaProxy.Endpoint = proxy.srv.URL
	repo := acctest.RandomName("tf-misrouted")
	body := testAccRepositoryHCL(repo) + `
resource "lakefs_branch" "feature" {
  repository = lakefs_repository.test.name
  name       = "feature"
  source     = lakefs_repository.test.default_branch
}

resource "lakefs_branch" "other" {
  repository = lakefs_repository.test.name
  name       = "other"
  source     = lakefs_repository.test.default_branch
}

resource "lakefs_object" "test" {
  repository = lakefs_repository.test.name
  branch     = lakefs_branch.feature.name
  path       = "a.txt"
  content    = "hello"
}

resource "lakefs_object_user_metadata" "test" {
  repository = lakefs_repository.test.name
  branch     = lakefs_branch.feature.name
  path       = lakefs_object.test.path
  metadata   = { owner = "data" }
}

resource "lakefs_commit" "test" {
  repository = lakefs_repository.test.name
  branch     = lakefs_branch.feature.name
  message    = "add a.txt"
  triggers   = { checksum = lakefs_object.test.checksum, metadata = jsonencode(lakefs_object_user_metadata.test.metadata) }
}

resource "lakefs_pull_request" "test" {
  repository         = lakefs_repository.test.name
  source_branch      = lakefs_branch.feature.name
  destination_branch = lakefs_repository.test.default_branch
  title              = "a.txt for ${lakefs_commit.test.commit_id}"
}

resource "lakefs_branch_hard_reset" "test" {
  repository = lakefs_repository.test.name
  branch     = lakefs_branch.other.name
  ref        = lakefs_commit.test.commit_id
}
`
	proxied := viaProxy.ProviderConfig() + body
	direct := target.ProviderConfig() + body
	misrouted := regexp.MustCompile(`(?s)HTTP\s+404\s+from\s+` + regexp.QuoteMeta(proxy.srv.URL+"/api/v1") +
		`.*not\s+lakeFS's\s+JSON\s+error\s+body`)
	addresses := []string{"lakefs_repository.test", "lakefs_branch.feature", "lakefs_branch.other", "lakefs_object.test",
		"lakefs_object_user_metadata.test", "lakefs_commit.test", "lakefs_pull_request.test", "lakefs_branch_hard_reset.test"}
	noOp := make([]plancheck.PlanCheck, 0, len(addresses))
	for _, a := range addresses {
		noOp = append(noOp, plancheck.ExpectResourceAction(a, plancheck.ResourceActionNoop))
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: proxied},
		{
			// An apply (not only a plan), so that a refresh that dropped the resources would be saved.
			PreConfig:   func() { proxy.mode.Store(1) },
			Config:      proxied,
			ExpectError: misrouted,
		},
		{
			PreConfig:   func() { proxy.mode.Store(2) },
			Config:      proxied,
			ExpectError: regexp.MustCompile(`(?s)HTTP\s+404\s+from\s+` + regexp.QuoteMeta(proxy.srv.URL) + `.*empty\s+body`),
		},
		{
			// Straight to lakeFS: everything is still in the state, and nothing is planned.
			PreConfig: func() { proxy.mode.Store(0) },
			Config:    direct,
			PlanOnly:  true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: noOp,
			},
		},
	}))
}
