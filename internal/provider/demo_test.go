package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// TestAccDemo runs examples/demo, the configuration `make demo` applies, exactly as shipped: apply, an empty
// plan, the workflow's effects checked through the API, and a clean destroy.
func TestAccDemo(t *testing.T) {
	target := acctest.Shared(t)
	// The demo pins source = "lakefs-tf/lakefs", as users do; register the provider under that address.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "lakefs-tf")
	repo := acctest.RandomName("demo")
	vars := config.Variables{
		"repository":        config.StringVariable(repo),
		"storage_namespace": config.StringVariable(acctest.StorageNamespace(repo)),
	}

	resource.Test(t, resource.TestCase{
		PreCheck:     func() { acctest.PreCheck(t) },
		CheckDestroy: checkRepositoriesDestroyed(target),
		Steps: []resource.TestStep{
			{
				// The directory holds a provider block, so the factories go on the step.
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				ConfigDirectory:          config.StaticDirectory("../../examples/demo"),
				ConfigVariables:          vars,
				ConfigPlanChecks:         expectEmptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("pull_request_id", knownvalue.StringRegexp(pullRequestIDRegexp)),
					statecheck.ExpectKnownOutputValue("merged_commit_id", knownvalue.StringRegexp(commitIDRegexp)),
					statecheck.ExpectKnownOutputValue("object_checksums", knownvalue.MapSizeExact(2)),
					statecheck.ExpectKnownOutputValue("release_tag_commit_id", knownvalue.StringRegexp(commitIDRegexp)),
				},
				Check: checkDemoWorkflow(t, target, repo),
			},
		},
	})
}

// checkDemoWorkflow checks through the API what the demo claims to do: the pull request is merged into main,
// the scratch branch sits on the merge commit, which the tag names, and main is protected.
func checkDemoWorkflow(t *testing.T, target *acctest.Target, repo string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		c := target.Client(t)
		merged := s.RootModule().Outputs["merged_commit_id"].Value.(string) //nolint:forcetypeassert // a string output
		prID := s.RootModule().Outputs["pull_request_id"].Value.(string)    //nolint:forcetypeassert // a string output
		pr, err := c.GetPullRequest(ctx, repo, prID)
		if err != nil {
			return err
		}
		if pr.Status != "merged" || pr.MergedCommitID != merged {
			return fmt.Errorf("pull request %s: status %q merged commit %q, want merged %q", prID, pr.Status, pr.MergedCommitID, merged)
		}
		for _, branch := range []string{"main", "scratch"} {
			ref, err := c.GetBranch(ctx, repo, branch)
			if err != nil {
				return err
			}
			if ref.CommitID != merged {
				return fmt.Errorf("branch %s is at %s, want the merge commit %s", branch, ref.CommitID, merged)
			}
		}
		tag, err := c.GetTag(ctx, repo, "v1.0.0")
		if err != nil {
			return fmt.Errorf("the release tag: %w", err)
		}
		if tag.CommitID != merged {
			return fmt.Errorf("tag v1.0.0 points at %s, want the merge commit %s", tag.CommitID, merged)
		}
		rules, _, err := c.GetBranchProtectionRules(ctx, repo)
		if err != nil {
			return err
		}
		if len(rules) != 1 || rules[0].Pattern != "main" {
			return fmt.Errorf("branch protection rules %v, want main alone", rules)
		}
		stats, err := c.StatObject(ctx, repo, "main", "data/sample.csv")
		if err != nil {
			return fmt.Errorf("the merged object is not on main: %w", err)
		}
		if stats.Metadata["Classification"] != "internal" {
			return fmt.Errorf("the merged object's metadata is %v, want Classification=internal", stats.Metadata)
		}
		return nil
	}
}
