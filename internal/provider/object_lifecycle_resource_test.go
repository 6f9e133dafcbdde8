package provider_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// expectAttributeUnchanged checks that the plan of address keeps attribute as it is in the state.
type expectAttributeUnchanged struct{ address, attribute string }

func (e expectAttributeUnchanged) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if !reflect.DeepEqual(before[e.attribute], after[e.attribute]) {
			resp.Error = fmt.Errorf("%s: the plan changes %s from %v to %v", e.address, e.attribute, before[e.attribute], after[e.attribute])
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.address)
}

// checkObjectStats reads an object through the API and compares content type and user metadata (nil: none).
func checkObjectStats(t *testing.T, target *acctest.Target, repo, objPath, contentType string, metadata map[string]string) error {
	t.Helper()
	stats, err := target.Client(t).StatObject(context.Background(), repo, "main", objPath)
	if err != nil {
		return fmt.Errorf("stat %s: %w", objPath, err)
	}
	if stats.ContentType != contentType {
		return fmt.Errorf("%s: content type %q, want %q", objPath, stats.ContentType, contentType)
	}
	if !maps.Equal(stats.Metadata, metadata) {
		return fmt.Errorf("%s: metadata %v, want %v", objPath, stats.Metadata, metadata)
	}
	return nil
}

func mustUpload(t *testing.T, target *acctest.Target, repo, objPath, body, contentType string) {
	t.Helper()
	if _, err := target.Client(t).UploadObjectBytes(context.Background(), repo, "main", objPath, []byte(body), client.UploadOptions{ContentType: contentType}); err != nil {
		t.Fatalf("uploading %s: %v", objPath, err)
	}
}

func mustSetMetadata(t *testing.T, target *acctest.Target, repo, objPath string, metadata map[string]string) {
	t.Helper()
	if err := target.Client(t).UpdateObjectUserMetadata(context.Background(), repo, "main", objPath, metadata); err != nil {
		t.Fatalf("setting the metadata of %s: %v", objPath, err)
	}
}

// The documented split: an object's metadata owned by lakefs_object_user_metadata, none in the lakefs_object
// configuration. Importing both must not plan the object's metadata away (the import used to record it as managed,
// so the plan showed it removed while the apply left it). An object whose configuration does set metadata takes it
// over at the first apply, and the plan says so.
func TestAccObject_importUnmanagedMetadata(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object")
	owned := map[string]string{"Owner": "team-a"}
	config := testAccRepositoryHCL(repo) + `
resource "lakefs_object" "test" {
  repository   = lakefs_repository.test.name
  branch       = "main"
  path         = "split.csv"
  content      = "a,b\n"
  content_type = "text/csv"
}

resource "lakefs_object_user_metadata" "test" {
  repository = lakefs_repository.test.name
  branch     = "main"
  path       = lakefs_object.test.path
  metadata   = { Owner = "team-a" }
}

resource "lakefs_object" "managed" {
  repository   = lakefs_repository.test.name
  branch       = "main"
  path         = "managed.csv"
  content      = "c,d\n"
  content_type = "text/csv"
  metadata     = { Owner = "team-a" }
}
`
	importStep := func(address, objPath string) resource.TestStep {
		return resource.TestStep{
			Config:             config,
			ResourceName:       address,
			ImportState:        true,
			ImportStateId:      repo + "/main/" + objPath,
			ImportStatePersist: true,
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkObjectsDestroyed(target),
		Steps: []resource.TestStep{
			{Config: testAccRepositoryHCL(repo)},
			func() resource.TestStep {
				step := importStep("lakefs_object.test", "split.csv")
				step.PreConfig = func() {
					mustUpload(t, target, repo, "split.csv", "a,b\n", "text/csv")
					mustSetMetadata(t, target, repo, "split.csv", owned)
					mustUpload(t, target, repo, "managed.csv", "c,d\n", "text/csv")
					mustSetMetadata(t, target, repo, "managed.csv", owned)
					if _, err := target.Client(t).Commit(context.Background(), repo, "main", client.CommitCreation{Message: "brownfield"}); err != nil {
						t.Fatalf("commit: %v", err)
					}
				}
				return step
			}(),
			importStep("lakefs_object_user_metadata.test", "split.csv"),
			importStep("lakefs_object.managed", "managed.csv"),
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectAttributeUnchanged{"lakefs_object.test", "metadata"},
						plancheck.ExpectResourceAction("lakefs_object_user_metadata.test", plancheck.ResourceActionNoop),
						// Taking the metadata over is planned as what it is.
						plancheck.ExpectKnownValue("lakefs_object.managed", tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
							"Owner": knownvalue.StringExact("team-a"),
						})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("lakefs_object.test", tfjsonpath.New("metadata"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error { return checkObjectStats(t, target, repo, "split.csv", "text/csv", owned) },
					func(*terraform.State) error {
						return checkObjectStats(t, target, repo, "managed.csv", "text/csv", owned)
					},
					func(*terraform.State) error {
						// Nothing was uploaded again (the bytes and content types match): no uncommitted change.
						diff, err := target.Client(t).DiffBranch(context.Background(), repo, "main", client.ListOptions{})
						if err != nil {
							return err
						}
						if len(diff.Results) > 0 {
							return fmt.Errorf("uncommitted changes after adopting the imported objects: %+v", diff.Results)
						}
						return nil
					},
				),
			},
		},
	})
}
