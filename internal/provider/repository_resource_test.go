package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func TestAccRepository_basic(t *testing.T) {
	target := acctest.Shared(t)
	name := acctest.RandomName("tf-repo")
	namespace := acctest.StorageNamespace(name)
	address := "lakefs_repository.test"

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkRepositoriesDestroyed(target),
		Steps: []resource.TestStep{
			{
				Config: testAccRepositoryConfig(name, namespace, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("default_branch"), knownvalue.StringExact("main")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("storage_namespace"), knownvalue.StringExact(namespace)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("creation_date"), knownvalue.NotNull()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// force_destroy is provider-side only: an in-place update, no replacement.
				Config: testAccRepositoryConfig(name, namespace, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("force_destroy"), knownvalue.Bool(true)),
				},
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateId:           name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			// Deleted behind Terraform's back: the next plan recreates it (a real lakeFS would refuse the
			// reused namespace, so this step runs against the test server only).
			testServerOnly(expectCreatePlanStep(func() {
				if err := target.Client(t).DeleteRepository(context.Background(), name, true); err != nil {
					t.Fatalf("deleting the repository behind Terraform's back: %v", err)
				}
			}, testAccRepositoryConfig(name, namespace, true), address)),
		},
	})
}

func testAccRepositoryConfig(name, namespace string, forceDestroy bool) string {
	return fmt.Sprintf(`
resource "lakefs_repository" "test" {
  name              = %q
  storage_namespace = %q
  force_destroy     = %t
}
`, name, namespace, forceDestroy)
}

// checkRepositoriesDestroyed verifies that no repository of the state is left on the server.
func checkRepositoriesDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c, err := client.New(client.Config{Endpoint: target.Endpoint, AccessKeyID: target.AccessKeyID, SecretAccessKey: target.SecretAccessKey})
		if err != nil {
			return err
		}
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "lakefs_repository" {
				continue
			}
			// A real lakeFS may answer for a deleted repository from its cache for about 7 seconds.
			deadline := time.Now().Add(10 * time.Second)
			for {
				_, err := c.GetRepository(context.Background(), rs.Primary.ID)
				if client.IsNotFound(err) {
					break
				}
				if err != nil {
					return err
				}
				if !acctest.External() || time.Now().After(deadline) {
					return fmt.Errorf("repository %s still exists", rs.Primary.ID)
				}
				time.Sleep(500 * time.Millisecond)
			}
		}
		return nil
	}
}

// TestAccRepository_replacement: a change that replaces the repository must come with a new storage namespace
// (lakeFS never reuses one); with one, the repository is replaced.
func TestAccRepository_replacement(t *testing.T) {
	target := acctest.Shared(t)
	name := acctest.RandomName("tf-repl")
	address := "lakefs_repository.test"
	config := func(namespace, defaultBranch string) string {
		return fmt.Sprintf(`
resource "lakefs_repository" "test" {
  name              = %q
  storage_namespace = %q
  default_branch    = %q
}
`, name, namespace, defaultBranch)
	}
	first, second := acctest.StorageNamespace(name), acctest.StorageNamespace(name+"-2")

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkRepositoriesDestroyed(target),
		Steps: []resource.TestStep{
			{Config: config(first, "main")},
			{
				Config:      config(first, "develop"),
				ExpectError: regexp.MustCompile(`(?s)would reuse its storage namespace.*default_branch`),
			},
			{
				Config: config(second, "develop"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("default_branch"), knownvalue.StringExact("develop")),
				},
			},
		},
	})
}
