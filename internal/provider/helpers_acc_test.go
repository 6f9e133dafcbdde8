package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
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

// The steps every resource test repeats, one helper each (CONTRIBUTING.md, Tests). They return plain
// terraform-plugin-testing values.

// testCase is the TestCase of an acceptance test on the shared server (or one given in the configuration's
// provider block): acctest's PreCheck and provider, checkDestroy (nil for none) and the steps.
func testCase(t *testing.T, checkDestroy resource.TestCheckFunc, steps []resource.TestStep) resource.TestCase {
	t.Helper()
	return resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroy,
		Steps:                    steps,
	}
}

// testCaseNoPreCheck is testCase for a test whose configuration has its own provider block (a dedicated server, a
// login): no PreCheck, so the shared server's environment is neither needed nor set.
func testCaseNoPreCheck(checkDestroy resource.TestCheckFunc, steps []resource.TestStep) resource.TestCase {
	return resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroy,
		Steps:                    steps,
	}
}

// importStep imports address with the given id and compares the imported state with the state of the previous
// step, but for the attributes in ignore (those an import cannot know).
func importStep(address string, id resource.ImportStateIdFunc, ignore ...string) resource.TestStep {
	return resource.TestStep{
		ResourceName:            address,
		ImportState:             true,
		ImportStateIdFunc:       id,
		ImportStateVerify:       true,
		ImportStateVerifyIgnore: ignore,
	}
}

// importPersistStep runs terraform import of address with config: after preConfig (nil for none), the imported
// resource is kept in the state for the steps that follow.
func importPersistStep(preConfig func(), config, address string, id resource.ImportStateIdFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig:          preConfig,
		Config:             config,
		ResourceName:       address,
		ImportState:        true,
		ImportStateIdFunc:  id,
		ImportStatePersist: true,
	}
}

// importID is the import id made of parts joined by "/".
func importID(parts ...string) resource.ImportStateIdFunc {
	return func(*terraform.State) (string, error) { return strings.Join(parts, "/"), nil }
}

// importIDFromAttributes is the import id made of attributes of address in the state, joined by "/".
func importIDFromAttributes(address string, attributes ...string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		parts := make([]string, len(attributes))
		for i, a := range attributes {
			v, err := stateAttribute(s, address, a)
			if err != nil {
				return "", err
			}
			parts[i] = v
		}
		return strings.Join(parts, "/"), nil
	}
}

// driftStep is a plan-only step: after change alters something behind Terraform's back, the refreshed plan is not
// empty and passes checks.
func driftStep(change func(), config string, checks ...plancheck.PlanCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig:          change,
		Config:             config,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: checks},
	}
}

// disappearsStep is the drift step of a resource deleted behind Terraform's back by remove: the refreshed plan
// creates address again.
func disappearsStep(remove func(), config, address string) resource.TestStep {
	return driftStep(remove, config, plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate))
}

// testServerOnly skips step against an external lakeFS.
func testServerOnly(step resource.TestStep) resource.TestStep {
	step.SkipFunc = func() (bool, error) { return acctest.External(), nil }
	return step
}

// expectAttribute: in the state, attribute of address passes check.
func expectAttribute(address, attribute string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attribute), check)
}

// expectEmptyPlanAfterApply: the plan passes preApply, and after the apply the refreshed plan is empty.
func expectEmptyPlanAfterApply(preApply ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply:             preApply,
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
}

// expectActionThenEmptyPlan: the plan does action to address, and after the apply the refreshed plan is empty.
func expectActionThenEmptyPlan(address string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return expectEmptyPlanAfterApply(plancheck.ExpectResourceAction(address, action))
}

// expectAction: the plan does action to address.
func expectAction(address string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
}

// expectEmptyPlan: the refreshed plan is empty, there is nothing to apply.
func expectEmptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// testAccRepositoryHCL declares the repository most tests build on.
func testAccRepositoryHCL(name string) string {
	return testAccRepositoryConfig(name, acctest.StorageNamespace(name), "force_destroy     = true")
}

// testAccRepositoryConfig declares lakefs_repository.test with more attributes, one line each (`sample_data = true`).
func testAccRepositoryConfig(name, namespace string, attributes ...string) string {
	return hclBlock(`resource "lakefs_repository" "test"`,
		append([]string{hclString("name", name), hclString("storage_namespace", namespace)}, attributes...)...)
}

// testAccObjectHCL declares lakefs_object.<name> at path on main of lakefs_repository.test, with more lines
// (`content = "x"`, a source, a content type, metadata), one each.
func testAccObjectHCL(name, path string, lines ...string) string {
	return hclBlock(`resource "lakefs_object" "`+name+`"`,
		append([]string{"repository = lakefs_repository.test.name", `branch = "main"`, hclString("path", path)}, lines...)...)
}

// testAccNewRepository names a new repository after prefix and declares it as lakefs_repository.test (without
// force_destroy).
func testAccNewRepository(prefix string) (name, config string) {
	name = acctest.RandomName(prefix)
	return name, testAccRepositoryConfig(name, acctest.StorageNamespace(name))
}

// hclBlock is an HCL block: its header (`data "lakefs_objects" "test"`) and its lines, one each (`ref = "main"`);
// an empty line is left out.
func hclBlock(header string, lines ...string) string {
	var b strings.Builder
	b.WriteString("\n" + header + " {\n")
	for _, l := range lines {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	return b.String() + "}\n"
}

// hclString is the line that sets attribute to the string value.
func hclString(attribute, value string) string {
	return fmt.Sprintf("%s = %q", attribute, value)
}

// hclOptionalString is hclString, or no line (for hclBlock) when value is empty.
func hclOptionalString(attribute, value string) string {
	if value == "" {
		return ""
	}
	return hclString(attribute, value)
}

// standInProviderHCL is a provider block for a server of the test's own that stands in for lakeFS at endpoint: made-up
// keys, no retries.
func standInProviderHCL(endpoint string) string {
	stand := acctest.Target{Endpoint: endpoint, AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "secret"}
	return stand.ProviderConfigWith("max_retries = 0")
}

// planErrorStep is a plan-only step whose configuration must fail at validate or plan with an error matching
// pattern (a regexp).
func planErrorStep(config, pattern string) resource.TestStep {
	return resource.TestStep{Config: config, PlanOnly: true, ExpectError: regexp.MustCompile(pattern)}
}

// Changes made behind Terraform's back, for PreConfig.

// createBranchPreConfig creates a branch through the API.
func createBranchPreConfig(t *testing.T, target *acctest.Target, repo, branch, source string) func() {
	return func() {
		if _, err := target.Client(t).CreateBranch(context.Background(), repo, client.BranchCreation{Name: branch, Source: source}); err != nil {
			t.Fatalf("creating branch %s behind Terraform's back: %v", branch, err)
		}
	}
}

// deleteBranchPreConfig deletes a branch through the API.
func deleteBranchPreConfig(t *testing.T, target *acctest.Target, repo, branch string) func() {
	return func() {
		if err := target.Client(t).DeleteBranch(context.Background(), repo, branch, false); err != nil {
			t.Fatalf("deleting the branch behind Terraform's back: %v", err)
		}
	}
}

// deleteRepositoryPreConfig deletes a repository through the API.
func deleteRepositoryPreConfig(t *testing.T, target *acctest.Target, repo string) func() {
	return func() {
		if err := target.Client(t).DeleteRepository(context.Background(), repo, true); err != nil {
			t.Fatalf("deleting the repository behind Terraform's back: %v", err)
		}
	}
}

// deleteObjectPreConfig deletes an object through the API.
func deleteObjectPreConfig(t *testing.T, target *acctest.Target, repo, branch, objPath string) func() {
	return func() {
		if err := target.Client(t).DeleteObject(context.Background(), repo, branch, objPath); err != nil {
			t.Fatalf("deleting the object behind Terraform's back: %v", err)
		}
	}
}

// createRepositoryAPI creates repo through the API, in its storage namespace for tests, and deletes it when the
// test ends.
func createRepositoryAPI(t *testing.T, c *client.Client, repo string) {
	t.Helper()
	createRepositoryWithAPI(t, c, client.RepositoryCreation{Name: repo})
}

// createRepositoryWithAPI is createRepositoryAPI with more settings (read-only, another default branch); it returns
// what lakeFS answered.
func createRepositoryWithAPI(t *testing.T, c *client.Client, creation client.RepositoryCreation) *client.Repository {
	t.Helper()
	creation.StorageNamespace = acctest.StorageNamespace(creation.Name)
	created, err := c.CreateRepository(context.Background(), creation)
	if err != nil {
		t.Fatalf("creating repository %s: %v", creation.Name, err)
	}
	t.Cleanup(func() { _ = c.DeleteRepository(context.Background(), creation.Name, true) })
	return created
}

// inParallelAPI runs f for every id, a few at a time, and fails the test on the first error.
func inParallelAPI(t *testing.T, ids []string, f func(id string) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	sem := make(chan struct{}, 16)
	for _, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(id); err != nil {
				errs <- fmt.Errorf("%s: %w", id, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// commitFile uploads name to branch and commits it, returning the commit id.
func commitFile(t *testing.T, target *acctest.Target, repo, branch, name string) string {
	t.Helper()
	c := target.Client(t)
	ctx := context.Background()
	if _, err := c.UploadObjectBytes(ctx, repo, branch, name, []byte(name), client.UploadOptions{}); err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	commit, err := c.Commit(ctx, repo, branch, client.CommitCreation{Message: "add " + name})
	if err != nil {
		t.Fatalf("commit %s: %v", name, err)
	}
	return commit.ID
}

// API checks.

// checkRepositoriesDestroyed verifies that no repository of the state is left on the server.
func checkRepositoriesDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_repository", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		// A real lakeFS may answer for a deleted repository from its cache for about 7 seconds.
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, err := c.GetRepository(ctx, rs.Primary.ID)
			if err != nil || !acctest.External() || time.Now().After(deadline) {
				return err
			}
			time.Sleep(500 * time.Millisecond)
		}
	})
}

// checkBranchesDestroyed verifies that no branch of the state is left.
func checkBranchesDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_branch", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		_, err := c.GetBranch(ctx, rs.Primary.Attributes["repository"], rs.Primary.Attributes["name"])
		return err
	})
}

// checkObjectsDestroyed verifies that no object of the state is left.
func checkObjectsDestroyed(target *acctest.Target) resource.TestCheckFunc {
	return target.CheckDestroyed("lakefs_object", func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		a := rs.Primary.Attributes
		_, err := c.StatObject(ctx, a["repository"], a["branch"], a["path"])
		return err
	})
}

// mainHead reads the head commit of branch main through the API.
func mainHead(t *testing.T, target *acctest.Target, repo string) string {
	t.Helper()
	ref, err := target.Client(t).GetBranch(context.Background(), repo, "main")
	if err != nil {
		t.Fatalf("reading branch %s/main: %v", repo, err)
	}
	return ref.CommitID
}

// checkCommitIDIsMainHead: the commit_id of address in the state is the head of main, read when the check runs.
func checkCommitIDIsMainHead(t *testing.T, target *acctest.Target, repo, address string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := stateCommitID(s, address)
		if want := mainHead(t, target, repo); err == nil && got != want {
			return fmt.Errorf("%s: commit_id %s, want main's head %s", address, got, want)
		}
		return err
	}
}

// stateAttribute returns an attribute of a resource in the state.
func stateAttribute(s *terraform.State, address, attribute string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", address)
	}
	v, ok := rs.Primary.Attributes[attribute]
	if !ok {
		return "", fmt.Errorf("%s has no attribute %s", address, attribute)
	}
	return v, nil
}

// stateCommitID returns the commit_id attribute of a resource in the state.
func stateCommitID(s *terraform.State, address string) (string, error) {
	return stateAttribute(s, address, "commit_id")
}

// Shapes of lakeFS identifiers, for state checks.
var (
	commitIDRegexp      = regexp.MustCompile(`^[0-9a-f]{64}$`)
	pullRequestIDRegexp = regexp.MustCompile(`^[0-9a-v]{20}$`)
)

var nonEmptyRegexp = regexp.MustCompile(`.`)
