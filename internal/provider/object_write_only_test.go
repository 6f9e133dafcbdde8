package provider_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Write-only content (content_wo, Terraform 1.11+ and OpenTofu 1.11+): the bytes reach lakeFS, never the plan or
// the state; content_wo_version uploads again; an object changed in lakeFS shows in the next plan.

// writeOnlyTestCase is testCase for Terraform/OpenTofu 1.11 and later, in a working directory of its own so that
// the raw state and plan files can be searched (noSecretsIn).
func writeOnlyTestCase(t *testing.T, dir string, checkDestroy resource.TestCheckFunc, steps []resource.TestStep) resource.TestCase {
	tc := testCase(t, checkDestroy, steps)
	tc.WorkingDir = dir
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}
	return tc
}

// testAccObjectWriteOnlyConfig is an object with content_wo, and content_wo_version unless version is "".
func testAccObjectWriteOnlyConfig(repo, objPath, content, version string) string {
	v := ""
	if version != "" {
		v = "  content_wo_version = " + version + "\n"
	}
	return testAccRepositoryHCL(repo) + fmt.Sprintf(`
resource "lakefs_object" "test" {
  repository   = lakefs_repository.test.name
  branch       = "main"
  path         = %q
  content_wo   = %q
  content_type = "text/csv"
%s}
`, objPath, content, v)
}

// noSecretsIn fails when a secret appears in the plan or the state: in the plan as terraform show -json gives it
// (planned values, changes, prior state), or in the raw files of the test's working directories under dir:
// the saved plan file (a zip: its plan and state entries) as a plan check, terraform.tfstate as a Check, which
// also wants the state file to be found, holding want (the repository's name). The configuration, which the plan
// carries too, is left out: the tests write the secret in it as a literal.
type noSecretsIn struct {
	dir, want string
	secrets   []string
}

func (n noSecretsIn) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	plan, err := json.Marshal([]any{req.Plan.PlannedValues, req.Plan.ResourceChanges, req.Plan.PriorState,
		req.Plan.ResourceDrift, req.Plan.OutputChanges})
	if err == nil {
		err = n.find("the plan", plan)
	}
	if err == nil {
		err = n.files("tfplan")
	}
	resp.Error = err
}

func (n noSecretsIn) check(*terraform.State) error { return n.files("terraform.tfstate") }

// files searches the working directories' files of that name, of which one at least must hold want.
func (n noSecretsIn) files(name string) error {
	paths, err := filepath.Glob(filepath.Join(n.dir, "work*", name))
	if err != nil {
		return err
	}
	found := false
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if name == "tfplan" {
			data, err = unzipped(p, data)
			if err != nil {
				return err
			}
		}
		if err := n.find(p, data); err != nil {
			return err
		}
		found = found || bytes.Contains(data, []byte(n.want))
	}
	if !found {
		return fmt.Errorf("no %s holding %q under %s", name, n.want, n.dir)
	}
	return nil
}

// unzipped is a saved plan's entries but the configuration (tfconfig/), one after the other.
func unzipped(p string, data []byte) ([]byte, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("reading the plan file %s: %w", p, err)
	}
	var all []byte
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "tfconfig/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		entry, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, entry...)
	}
	return all, nil
}

func (n noSecretsIn) find(where string, data []byte) error {
	for _, s := range n.secrets {
		if bytes.Contains(data, []byte(s)) {
			return fmt.Errorf("%s holds the write-only content %q", where, s)
		}
	}
	return nil
}

// TestAccObject_writeOnly: create, a change of content_wo alone (nothing happens: Terraform cannot see it), a new
// content_wo_version (uploaded again), import, a rewrite in lakeFS (planned as an update that uploads content_wo
// again) and a deletion. Neither the plan nor the state ever holds the content.
func TestAccObject_writeOnly(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object-wo")
	address := "lakefs_object.test"
	objPath := "secrets/token.txt"
	const first, second, tampered = "first-secret-7f3a", "second-secret-9c1d", "rewritten-outside"
	dir := t.TempDir()
	absent := noSecretsIn{dir: dir, want: repo, secrets: []string{first, second}}
	samePlace := statecheck.CompareValue(compare.ValuesSame())
	newPlace := statecheck.CompareValue(compare.ValuesDiffer())
	physical := tfjsonpath.New("physical_address")
	v2 := testAccObjectWriteOnlyConfig(repo, objPath, second, "2")
	v3 := testAccObjectWriteOnlyConfig(repo, objPath, second, "3")

	resource.ParallelTest(t, writeOnlyTestCase(t, dir, checkObjectsDestroyed(target), []resource.TestStep{
		{
			Config: testAccObjectWriteOnlyConfig(repo, objPath, first, "1"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue(address, tfjsonpath.New("content_sha256")),
				absent,
			),
			ConfigStateChecks: append(holdsWriteOnly(address, first),
				expectAttribute(address, "content_wo_version", knownvalue.Int64Exact(1)),
				expectAttribute(address, "content_type", knownvalue.StringExact("text/csv")),
				samePlace.AddStateValue(address, physical),
			),
			Check: resource.ComposeTestCheckFunc(absent.check, checkObjectBytes(t, target, repo, objPath, bytesOf(first))),
		},
		{
			// A new write-only value alone is invisible to Terraform: nothing to do, lakeFS keeps the first bytes.
			Config:            testAccObjectWriteOnlyConfig(repo, objPath, second, "1"),
			ConfigPlanChecks:  expectEmptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{samePlace.AddStateValue(address, physical), newPlace.AddStateValue(address, physical)},
			Check:             checkObjectBytes(t, target, repo, objPath, bytesOf(first)),
		},
		{
			// A new version uploads content_wo again.
			Config: v2,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(address, tfjsonpath.New("checksum")),
				absent,
			),
			ConfigStateChecks: append(holdsWriteOnly(address, second), newPlace.AddStateValue(address, physical)),
			Check:             resource.ComposeTestCheckFunc(absent.check, checkObjectBytes(t, target, repo, objPath, bytesOf(second))),
		},
		{
			// A new version uploads again also when the bytes are the same: lakeFS stores them at a new address.
			Config:            v3,
			ConfigPlanChecks:  expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{newPlace.AddStateValue(address, physical)},
			Check:             checkObjectBytes(t, target, repo, objPath, bytesOf(second)),
		},
		// An import cannot know the version, nor what Terraform uploaded (content_sha256): the first apply checks
		// the object against content_wo (TestAccObject_writeOnlyImport).
		importStep(address, importID(repo, "main", objPath), "content_sha256", "content_wo_version"),
		// Rewritten in lakeFS: its checksum is no longer the one recorded, and the plan uploads content_wo again.
		driftStep(func() { mustUpload(t, target, repo, objPath, tampered, "text/csv") }, v3,
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
			plancheck.ExpectUnknownValue(address, tfjsonpath.New("content_sha256"))),
		{
			Config:            v3,
			ConfigPlanChecks:  expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: holdsWriteOnly(address, second),
			Check:             resource.ComposeTestCheckFunc(absent.check, checkObjectBytes(t, target, repo, objPath, bytesOf(second))),
		},
		disappearsStep(deleteObjectPreConfig(t, target, repo, "main", objPath), v3, address),
		{
			Config:           v3,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			Check:            resource.ComposeTestCheckFunc(absent.check, checkObjectBytes(t, target, repo, objPath, bytesOf(second))),
		},
	}))
}

func bytesOf(s string) func() []byte { return func() []byte { return []byte(s) } }

// holdsWriteOnly checks that the state of address identifies content, and holds neither it nor content.
func holdsWriteOnly(address, content string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		expectAttribute(address, "content_wo", knownvalue.Null()),
		expectAttribute(address, "content", knownvalue.Null()),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Hex(content))),
		expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex(content))),
		expectAttribute(address, "size_bytes", knownvalue.Int64Exact(int64(len(content)))),
	}
}

// TestAccObject_writeOnlyImport: the first apply after an import takes an object that holds content_wo over in
// place (no upload: the physical address stays), and uploads content_wo over one that does not.
func TestAccObject_writeOnlyImport(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object-wo")
	const secret = "imported-secret-41b2"
	dir := t.TempDir()
	absent := noSecretsIn{dir: dir, want: repo, secrets: []string{secret}}
	config := testAccRepositoryHCL(repo) + fmt.Sprintf(`
resource "lakefs_object" "same" {
  repository         = lakefs_repository.test.name
  branch             = "main"
  path               = "same.txt"
  content_wo         = %[1]q
  content_wo_version = 1
  content_type       = "text/csv"
}

resource "lakefs_object" "other" {
  repository   = lakefs_repository.test.name
  branch       = "main"
  path         = "other.txt"
  content_wo   = %[1]q
  content_type = "text/csv"
}
`, secret)
	kept := statecheck.CompareValue(compare.ValuesSame())
	replaced := statecheck.CompareValue(compare.ValuesDiffer())
	physical := tfjsonpath.New("physical_address")

	resource.ParallelTest(t, writeOnlyTestCase(t, dir, checkObjectsDestroyed(target), []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		importPersistStep(func() {
			mustUpload(t, target, repo, "same.txt", secret, "text/csv")
			mustUpload(t, target, repo, "other.txt", "something else", "text/csv")
		}, config, "lakefs_object.same", importID(repo, "main", "same.txt")),
		{
			Config:       config,
			ResourceName: "lakefs_object.other", ImportState: true, ImportStatePersist: true,
			ImportStateIdFunc: importID(repo, "main", "other.txt"),
			ConfigStateChecks: []statecheck.StateCheck{
				kept.AddStateValue("lakefs_object.same", physical),
				replaced.AddStateValue("lakefs_object.other", physical),
			},
		},
		{
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction("lakefs_object.same", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("lakefs_object.other", plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue("lakefs_object.same", tfjsonpath.New("content_sha256")),
				absent,
			),
			ConfigStateChecks: append(holdsWriteOnly("lakefs_object.other", secret),
				kept.AddStateValue("lakefs_object.same", physical),
				replaced.AddStateValue("lakefs_object.other", physical),
				statecheck.ExpectKnownValue("lakefs_object.same", tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Hex(secret))),
			),
			Check: resource.ComposeTestCheckFunc(absent.check,
				checkObjectBytes(t, target, repo, "other.txt", bytesOf(secret))),
		},
	}))
}

// TestAccObject_writeOnlySwitch: moving content out of the state (content to content_wo) and back uploads nothing
// when the bytes stay the same, and uploads the new bytes when they do not.
func TestAccObject_writeOnlySwitch(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object-wo")
	address := "lakefs_object.test"
	const body, changed = "moved-out-of-state", "changed-while-moving"
	dir := t.TempDir()
	kept := statecheck.CompareValue(compare.ValuesSame())
	physical := tfjsonpath.New("physical_address")
	inline := func(content string) string { return testAccObjectContentConfig(repo, "a.txt", content, "null") }

	resource.ParallelTest(t, writeOnlyTestCase(t, dir, checkObjectsDestroyed(target), []resource.TestStep{
		{
			Config:            inline(body),
			ConfigStateChecks: []statecheck.StateCheck{kept.AddStateValue(address, physical)},
		},
		{
			Config:           testAccObjectWriteOnlyConfig(repo, "a.txt", body, ""),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				kept.AddStateValue(address, physical),
				expectAttribute(address, "content", knownvalue.Null()),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Hex(body))),
			},
			Check: noSecretsIn{dir: dir, want: repo, secrets: []string{body}}.check,
		},
		{
			Config:           inline(body),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				kept.AddStateValue(address, physical),
				expectAttribute(address, "content", knownvalue.StringExact(body)),
			},
		},
		{
			Config:           testAccObjectWriteOnlyConfig(repo, "a.txt", changed, ""),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex(changed))),
			},
			Check: resource.ComposeTestCheckFunc(checkObjectBytes(t, target, repo, "a.txt", bytesOf(changed)),
				noSecretsIn{dir: dir, want: repo, secrets: []string{changed}}.check),
		},
	}))
}

// TestAccObject_writeOnlyBadInput: a second source of content, or a version without content_wo, is refused at
// plan time with the attribute's name, before any request; Terraform older than 1.11 is told it cannot send a
// write-only value (the framework's check), also before any request.
func TestAccObject_writeOnlyBadInput(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	object := func(lines ...string) string {
		return badProvider(target) +
			hclBlock(`resource "lakefs_object" "o"`, append([]string{`repository = "repo"`, `branch = "main"`, `path = "a.txt"`}, lines...)...)
	}
	cases := map[string]struct{ hcl, message string }{
		"content and content_wo": {object(`content = "x"`, `content_wo = "y"`),
			`(?s)(Invalid\s+Attribute\s+Combination.*content_wo|WriteOnly\s+Attribute\s+Not\s+Allowed.*content_wo)`},
		"content_wo and source": {object(`content_wo = "y"`, `source = "a.txt"`),
			`(?s)(Invalid\s+Attribute\s+Combination.*content_wo|WriteOnly\s+Attribute\s+Not\s+Allowed.*content_wo)`},
		"version without content_wo": {object(`content = "x"`, `content_wo_version = 1`),
			`(?s)Attribute\s+"content_wo"\s+must\s+be\s+specified\s+when\s+"content_wo_version"\s+is\s+specified`},
		"content_wo on Terraform before 1.11": {object(`content_wo = "y"`),
			`(?s)WriteOnly\s+Attribute\s+Not\s+Allowed.*content_wo.*Terraform\s+1\.11`},
	}
	t.Run("cases", func(t *testing.T) {
		for name, c := range cases {
			t.Run(name, func(t *testing.T) {
				tc := testCase(t, nil, []resource.TestStep{planErrorStep(c.hcl, c.message)})
				if strings.HasSuffix(name, "before 1.11") {
					tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipAbove(tfversion.Version1_10_0)}
				}
				resource.ParallelTest(t, tc)
			})
		}
	})
	if counts := target.Server.RequestCounts(); len(counts) != 0 {
		t.Errorf("invalid configurations sent requests to lakeFS: %v", counts)
	}
}

// TestAccTofuObject_writeOnly runs under OpenTofu too (make testacc-tofu): create, no content in the state, empty
// plan, a new version uploads again, import.
func TestAccTofuObject_writeOnly(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tofu-object-wo")
	address := "lakefs_object.test"
	const first, second = "tofu-secret-one", "tofu-secret-two"
	dir := t.TempDir()
	absent := noSecretsIn{dir: dir, want: repo, secrets: []string{first, second}}
	resource.ParallelTest(t, writeOnlyTestCase(t, dir, checkObjectsDestroyed(target), []resource.TestStep{
		{
			Config:            testAccObjectWriteOnlyConfig(repo, "a.txt", first, "1"),
			ConfigPlanChecks:  expectEmptyPlanAfterApply(plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate), absent),
			ConfigStateChecks: holdsWriteOnly(address, first),
			Check:             resource.ComposeTestCheckFunc(absent.check, checkObjectBytes(t, target, repo, "a.txt", bytesOf(first))),
		},
		{
			Config:           testAccObjectWriteOnlyConfig(repo, "a.txt", second, "2"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate), absent),
			Check:            resource.ComposeTestCheckFunc(absent.check, checkObjectBytes(t, target, repo, "a.txt", bytesOf(second))),
		},
		importStep(address, importID(repo, "main", "a.txt"), "content_sha256", "content_wo_version"),
	}))
}
