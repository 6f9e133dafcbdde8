package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// Resource identity (Terraform 1.12+): after apply the identity holds the resource's structured name and matches
// its state; an import block with that identity imports the resource again.

// identityTestCase applies config, checks address's identity against want and the state, then imports it with an
// `import { identity = ... }` block whose plan does importAction (NoOp when everything reads back).
func identityTestCase(t *testing.T, config, address string, want map[string]knownvalue.Check, importAction plancheck.ResourceActionType) resource.TestCase {
	t.Helper()
	checks := []statecheck.StateCheck{statecheck.ExpectIdentity(address, want)}
	for attr := range want {
		checks = append(checks, statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New(attr)))
	}
	tc := testCase(t, nil, []resource.TestStep{
		{Config: config, ConfigStateChecks: checks, ConfigPlanChecks: expectEmptyPlanAfterApply()},
		identityImportStep(address, importAction),
	})
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	return tc
}

// identityImportStep imports address with an import block that gives the identity of the previous step's state;
// the import plan does action (a value an import cannot read back, such as a branch's source, is an update).
func identityImportStep(address string, action plancheck.ResourceActionType) resource.TestStep {
	return resource.TestStep{
		ResourceName:       address,
		ImportState:        true,
		ImportStateKind:    resource.ImportBlockWithResourceIdentity,
		ExpectNonEmptyPlan: action != plancheck.ResourceActionNoop,
		ImportPlanChecks: resource.ImportPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)},
		},
	}
}

func TestAccIdentity_repository(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	// force_destroy is not in lakeFS: an import reads false, and the configured true is an update.
	resource.ParallelTest(t, identityTestCase(t, testAccRepositoryHCL(repo), "lakefs_repository.test",
		map[string]knownvalue.Check{"name": knownvalue.StringExact(repo)}, plancheck.ResourceActionUpdate))
}

func TestAccIdentity_branch(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	resource.ParallelTest(t, identityTestCase(t, testAccBranchConfig(repo, "feature", "main"), "lakefs_branch.test",
		map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo), "name": knownvalue.StringExact("feature")},
		plancheck.ResourceActionUpdate))
}

// An object path full of "/" is one identity attribute: nothing to split.
func TestAccIdentity_object(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	objPath := "dir/sub dir/a/b.csv"
	resource.ParallelTest(t, identityTestCase(t, testAccObjectContentConfig(repo, objPath, "x,y\n", "null"), "lakefs_object.test",
		map[string]knownvalue.Check{
			"repository": knownvalue.StringExact(repo), "branch": knownvalue.StringExact("main"), "path": knownvalue.StringExact(objPath),
		}, plancheck.ResourceActionUpdate))
}

func TestAccIdentity_objectUserMetadata(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-identity")
	objPath := "dir/a/b.txt"
	c := target.Client(t)
	ctx := context.Background()
	createRepositoryAPI(t, c, repo)
	if _, err := c.UploadObjectBytes(ctx, repo, "main", objPath, []byte("x"), client.UploadOptions{}); err != nil {
		t.Fatalf("uploading %s: %v", objPath, err)
	}
	config := `
locals {}
resource "lakefs_object_user_metadata" "test" {
  repository = "` + repo + `"
  branch     = "main"
  path       = "` + objPath + `"
  metadata   = { team = "data" }
}
`
	resource.ParallelTest(t, identityTestCase(t, config, "lakefs_object_user_metadata.test",
		map[string]knownvalue.Check{
			"repository": knownvalue.StringExact(repo), "branch": knownvalue.StringExact("main"), "path": knownvalue.StringExact(objPath),
		}, plancheck.ResourceActionNoop))
}

func TestAccIdentity_commit(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	resource.ParallelTest(t, identityTestCase(t, testAccCommitConfig(repo, "x"), "lakefs_commit.test",
		map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo), "commit_id": knownvalue.StringRegexp(commitIDRegexp)},
		plancheck.ResourceActionUpdate))
}

func TestAccIdentity_pullRequest(t *testing.T) {
	repo := prFixture(t, acctest.Shared(t))
	resource.ParallelTest(t, identityTestCase(t, testAccPullRequestConfig("", repo, "Identity", "", ""), "lakefs_pull_request.test",
		map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo), "id": knownvalue.NotNull()},
		plancheck.ResourceActionNoop))
}

func TestAccIdentity_pullRequestMerge(t *testing.T) {
	repo := prFixture(t, acctest.Shared(t))
	resource.ParallelTest(t, identityTestCase(t, testAccPullRequestMergeConfig(repo), "lakefs_pull_request_merge.test",
		map[string]knownvalue.Check{"repository": knownvalue.StringExact(repo), "pull_request_id": knownvalue.NotNull()},
		plancheck.ResourceActionNoop))
}

func TestAccIdentity_userExternalPrincipal(t *testing.T) {
	target, users := enterpriseWithUsers(t, 1)
	arn := testARN("role")
	resource.ParallelTest(t, identityTestCase(t, testAccUserExternalPrincipalConfig(target, users[0], arn, ""), principalAddress,
		map[string]knownvalue.Check{"principal_id": knownvalue.StringExact(arn)}, plancheck.ResourceActionNoop))
}

// withoutIdentity serves the provider as it was before resource identity: no identity schemas, no identity in
// any answer, so Terraform writes states without one.
type withoutIdentity struct{ tfprotov6.ProviderServer }

func (s withoutIdentity) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{}}, nil
}

func (s withoutIdentity) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		resp.PlannedIdentity = nil
	}
	return resp, err
}

func (s withoutIdentity) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		resp.NewIdentity = nil
	}
	return resp, err
}

func (s withoutIdentity) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		resp.NewIdentity = nil
	}
	return resp, err
}

// A state written before resource identity existed gets its identity on the next refresh, with nothing to plan.
func TestAccIdentity_filledInOnRefresh(t *testing.T) {
	repo := acctest.RandomName("tf-identity")
	objPath := "old/state.txt"
	config := testAccObjectContentConfig(repo, objPath, "x", "null")
	address := "lakefs_object.test"
	old := map[string]func() (tfprotov6.ProviderServer, error){
		"lakefs": func() (tfprotov6.ProviderServer, error) {
			s, err := acctest.ProtoV6ProviderFactories["lakefs"]()
			return withoutIdentity{s}, err
		},
	}
	tc := resource.TestCase{
		PreCheck:               func() { acctest.PreCheck(t) },
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: old,
				Config:                   config,
				ConfigStateChecks:        []statecheck.StateCheck{expectNoIdentity{address}},
			},
			{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Config:                   config,
				ConfigPlanChecks:         expectEmptyPlan(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
						"repository": knownvalue.StringExact(repo), "branch": knownvalue.StringExact("main"), "path": knownvalue.StringExact(objPath),
					}),
				},
			},
		},
	}
	resource.ParallelTest(t, tc)
}

// expectNoIdentity: the state of address has no identity.
type expectNoIdentity struct{ address string }

func (e expectNoIdentity) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == e.address {
			if len(r.IdentityValues) > 0 {
				resp.Error = fmt.Errorf("%s has an identity: %v", e.address, r.IdentityValues)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in the state", e.address)
}
