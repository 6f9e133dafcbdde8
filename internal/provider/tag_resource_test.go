package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
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

func TestAccTag_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-tag")
	address := "lakefs_tag.test"
	config := testAccTagConfig(repo, "v1", "main")
	var first string

	resource.ParallelTest(t, testCase(t, checkTagsDestroyed(target), []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact("v1")),
				expectAttribute(address, "ref", knownvalue.StringExact("main")),
				expectAttribute(address, "force", knownvalue.Bool(false)),
				expectAttribute(address, "commit_id", knownvalue.StringRegexp(commitIDRegexp)),
			},
			Check: func(s *terraform.State) error {
				first = mainHead(t, target, repo)
				return checkTagAt(t, target, repo, first)(s)
			},
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
		{
			// The branch moves on; the tag stays where it was, with nothing to plan.
			PreConfig:        func() { commitFile(t, target, repo, "main", "x.txt") },
			Config:           config,
			ConfigPlanChecks: expectEmptyPlan(),
			Check:            func(s *terraform.State) error { return checkTagAt(t, target, repo, first)(s) },
		},
		// lakeFS does not record what ref a tag was made from: import leaves it empty (documented).
		importStep(address, importID(repo, "v1"), "ref"),
		disappearsStep(deleteTagPreConfig(t, target, repo, "v1"), config, address),
		{
			// Created again at main's head.
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			Check:            func(s *terraform.State) error { return checkTagAt(t, target, repo, mainHead(t, target, repo))(s) },
		},
		// Moved outside Terraform (deleted and created again at the first commit): the refreshed plan shows ref
		// going from that commit back to main, a replacement.
		driftStep(moveTagPreConfig(t, target, repo, "v1", &first), config,
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace),
			plancheck.ExpectKnownValue(address, tfjsonpath.New("ref"), knownvalue.StringExact("main")),
		),
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionReplace),
			Check: func(s *terraform.State) error {
				if head := mainHead(t, target, repo); head == first {
					return fmt.Errorf("test set-up: main did not move")
				}
				return checkTagAt(t, target, repo, mainHead(t, target, repo))(s)
			},
		},
	}))
}

// Configuring the commit a moved tag points at accepts the move: nothing to plan.
func TestAccTag_acceptMove(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-tag")
	c := target.Client(t)
	createRepositoryAPI(t, c, repo)
	first := mainHead(t, target, repo)
	commitFile(t, target, repo, "main", "z.txt")
	hcl := func(ref string) string {
		return fmt.Sprintf(`
resource "lakefs_tag" "test" {
  repository = %q
  id         = "v1"
  ref        = %q
}
`, repo, ref)
	}
	resource.ParallelTest(t, testCase(t, checkTagsDestroyed(target), []resource.TestStep{
		{Config: hcl("main")},
		{
			PreConfig:        moveTagPreConfig(t, target, repo, "v1", &first),
			Config:           hcl(first),
			ConfigPlanChecks: expectEmptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("lakefs_tag.test", "commit_id", knownvalue.StringExact(first)),
			},
		},
	}))
}

func TestAccTag_changesReplace(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-tag")
	address := "lakefs_tag.test"
	resource.ParallelTest(t, testCase(t, checkTagsDestroyed(target), []resource.TestStep{
		{Config: testAccTagConfig(repo, "v1", "main")},
		{
			PreConfig:        func() { commitFile(t, target, repo, "main", "y.txt") },
			Config:           testAccTagConfig(repo, "v1", "main~1"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionReplace),
		},
		{
			Config:           testAccTagConfig(repo, "v2", "main~1"),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionReplace),
			Check: func(s *terraform.State) error {
				if _, err := target.Client(t).GetTag(context.Background(), repo, "v1"); !client.IsNotFound(err) {
					return fmt.Errorf("the replaced tag v1 is still there (%v)", err)
				}
				return nil
			},
		},
	}))
}

// After an import, the configured ref is adopted in place: the tag is not recreated.
func TestAccTag_importAdoptsRef(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-tag")
	address := "lakefs_tag.test"
	config := testAccTagConfig(repo, "imported", "main")
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		importPersistStep(createTagPreConfig(t, target, repo, "imported", "main"), config, address, importID(repo, "imported")),
		{Config: config, ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate)},
		{
			// Once adopted, a change of ref replaces the tag again.
			Config:           testAccTagConfig(repo, "imported", "main@"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionReplace),
		},
	}))
}

func TestAccTag_errors(t *testing.T) {
	repo := acctest.RandomName("tf-tag")
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(testAccTagConfig(repo, "v1~1", "main"), `(?s)Invalid tag id.*could never be used as a ref`),
		{
			Config:      testAccTagConfig(repo, "v1", "nope"),
			ExpectError: regexp.MustCompile(`(?s)Cannot create tag "v1".*HTTP 404`),
		},
		{
			// The repository's default branch: a tag of that name points at import.
			Config:      testAccTagConfig(repo, "main", "main"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 409.*terraform import`),
		},
	}))
}

// A read-only repository is tagged, and the tag destroyed, only with force.
func TestAccTag_readOnlyRepository(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-tag-ro")
	c := target.Client(t)
	readOnly := true
	createRepositoryWithAPI(t, c, client.RepositoryCreation{Name: repo, ReadOnly: &readOnly})
	hcl := func(force bool) string {
		return fmt.Sprintf(`
resource "lakefs_tag" "test" {
  repository = %q
  id         = "v1"
  ref        = "main"
  force      = %t
}
`, repo, force)
	}
	address := "lakefs_tag.test"
	resource.ParallelTest(t, testCase(t, checkTagsDestroyed(target), []resource.TestStep{
		{Config: hcl(false), ExpectError: regexp.MustCompile(`(?s)HTTP 403.*read-only.*force = true`)},
		{Config: hcl(true), ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate)},
		{Config: hcl(false), ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate)},
		{Config: "locals {}\n", ExpectError: regexp.MustCompile(`(?s)Cannot delete tag "v1".*read-only.*force = true`)},
		{Config: hcl(true), ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate)},
	}))
}

func TestAccTagDataSource_basic(t *testing.T) {
	repo := acctest.RandomName("tf-tag-ds")
	config := testAccTagConfig(repo, "v1", "main") + `
data "lakefs_tag" "test" {
  repository = lakefs_tag.test.repository
  id         = lakefs_tag.test.id
}
`
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.lakefs_tag.test", tfjsonpath.New("commit_id"),
					"lakefs_tag.test", tfjsonpath.New("commit_id"), compare.ValuesSame()),
			},
		},
		{
			Config: testAccRepositoryHCL(repo) + `
data "lakefs_tag" "test" {
  repository = lakefs_repository.test.name
  id         = "missing"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Cannot read tag "missing".*HTTP 404`),
		},
	}))
}

func testAccTagConfig(repo, id, ref string) string {
	return testAccRepositoryHCL(repo) +
		hclBlock(`resource "lakefs_tag" "test"`, "repository = lakefs_repository.test.name", hclString("id", id), hclString("ref", ref))
}

// checkTagsDestroyed verifies that no tag of the state is left.
func checkTagsDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_tag", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		_, err := c.GetTag(ctx, rs.Primary.Attributes["repository"], rs.Primary.Attributes["id"])
		return err
	})
}

// checkTagAt verifies through the API that the tag v1 points at commit.
func checkTagAt(t *testing.T, target *acctest.Target, repo, commit string) resource.TestCheckFunc {
	const tag = "v1"
	return func(*terraform.State) error {
		got, err := target.Client(t).GetTag(context.Background(), repo, tag)
		if err != nil {
			return err
		}
		if got.CommitID != commit {
			return fmt.Errorf("tag %s points at %s, want %s", tag, got.CommitID, commit)
		}
		return nil
	}
}

// createTagPreConfig creates a tag through the API.
func createTagPreConfig(t *testing.T, target *acctest.Target, repo, tag, ref string) func() {
	return func() {
		if _, err := target.Client(t).CreateTag(context.Background(), repo, tag, ref); err != nil {
			t.Fatalf("creating tag %s behind Terraform's back: %v", tag, err)
		}
	}
}

// deleteTagPreConfig deletes a tag through the API.
func deleteTagPreConfig(t *testing.T, target *acctest.Target, repo, tag string) func() {
	return func() {
		if err := target.Client(t).DeleteTag(context.Background(), repo, tag, false); err != nil {
			t.Fatalf("deleting tag %s behind Terraform's back: %v", tag, err)
		}
	}
}

// moveTagPreConfig moves a tag through the API to *commit, as it is when the step runs: lakeFS's tags are immutable,
// so it is deleted and created again.
func moveTagPreConfig(t *testing.T, target *acctest.Target, repo, tag string, commit *string) func() {
	return func() {
		deleteTagPreConfig(t, target, repo, tag)()
		createTagPreConfig(t, target, repo, tag, *commit)()
	}
}

// A createTag whose answer is lost is reconciled, never replayed into a 409: a tag that landed at the commit its
// ref resolves to is adopted, and one that did not land is created again.
func TestAccTag_outcomeUnknown(t *testing.T) {
	for name, tc := range map[string]struct {
		kind           testserver.FaultKind
		requests, lost int // createTag requests: the lost one, and a second only when the first did not land
	}{
		"applied":    {testserver.FaultResetAfterHandler, 1, 1},
		"notApplied": {testserver.FaultResetBeforeHandler, 2, 0},
	} {
		t.Run(name, func(t *testing.T) {
			target := acctest.StartServer(t, testserver.Options{})
			target.Server.InjectFault(testserver.Fault{Operation: "createTag", Kind: tc.kind, Count: 1})
			repo := acctest.RandomName("tf-tag-lost")
			resource.Test(t, testCase(t, checkTagsDestroyed(target), []resource.TestStep{{
				Config:           target.ProviderConfig() + testAccTagConfig(repo, "v1", "main"),
				ConfigPlanChecks: expectEmptyPlanAfterApply(),
				Check: func(s *terraform.State) error {
					if n, lost := target.Server.RequestCount("createTag"), target.Server.LostAnswers("createTag"); n != tc.requests || lost != tc.lost {
						return fmt.Errorf("createTag sent %d times with %d answers lost, want %d and %d", n, lost, tc.requests, tc.lost)
					}
					return checkTagAt(t, target, repo, mainHead(t, target, repo))(s)
				},
			}}))
		})
	}
}
