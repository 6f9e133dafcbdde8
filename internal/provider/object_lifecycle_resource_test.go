package provider_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
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
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// wrappedText matches Terraform's rendering of an error text: the words of each part in order, whatever the line
// breaks between them; parts may be separated by anything.
func wrappedText(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// beforeApply is a plan check that runs f between the plan and the apply of a step, like a build step that
// runs after terraform plan.
type beforeApply func()

func (f beforeApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

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
	dsUpload(t, target.Client(t), repo, objPath, body, client.UploadOptions{ContentType: contentType})
}

func mustSetMetadata(t *testing.T, target *acctest.Target, repo, objPath string, metadata map[string]string) {
	t.Helper()
	if err := target.Client(t).UpdateObjectUserMetadata(context.Background(), repo, "main", objPath, metadata); err != nil {
		t.Fatalf("setting the metadata of %s: %v", objPath, err)
	}
}

// Brownfield: an object whose bytes match the configuration but stored as application/octet-stream is imported,
// and the configuration says text/csv. The first apply uploads again for the content type and records the content's
// hash as planned (it used to plan content_sha256 as null and then set it: "inconsistent result after apply"); the
// next plan is empty. The same for a source file.
func TestAccObject_importThenContentType(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object")
	body := "id,v\n1,2\n"
	file := filepath.Join(t.TempDir(), "data.csv")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	config := testAccRepositoryHCL(repo) +
		testAccObjectHCL("inline", "inline.csv", hclString("content", body), `content_type = "text/csv"`) +
		testAccObjectHCL("file", "file.csv", hclString("source", file), `content_type = "text/csv"`)
	var stateChecks []statecheck.StateCheck
	for _, name := range []string{"inline", "file"} {
		address := "lakefs_object." + name
		stateChecks = append(stateChecks,
			expectAttribute(address, "content_type", knownvalue.StringExact("text/csv")),
			expectAttribute(address, "content_sha256", knownvalue.StringExact(sha256Hex(body))),
			expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex(body))),
		)
	}

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		importPersistStep(func() {
			// Uploaded by another tool, without a content type.
			mustUpload(t, target, repo, "inline.csv", body, "")
			mustUpload(t, target, repo, "file.csv", body, "")
		}, config, "lakefs_object.inline", importID(repo, "main", "inline.csv")),
		importPersistStep(nil, config, "lakefs_object.file", importID(repo, "main", "file.csv")),
		{
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction("lakefs_object.inline", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("lakefs_object.file", plancheck.ResourceActionUpdate),
				// Inline content is known at plan time; a file's hash is known after apply.
				plancheck.ExpectKnownValue("lakefs_object.inline", tfjsonpath.New("content_sha256"), knownvalue.StringExact(sha256Hex(body))),
				plancheck.ExpectUnknownValue("lakefs_object.file", tfjsonpath.New("content_sha256")),
			),
			ConfigStateChecks: stateChecks,
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error { return checkObjectStats(t, target, repo, "inline.csv", "text/csv", nil) },
				func(*terraform.State) error { return checkObjectStats(t, target, repo, "file.csv", "text/csv", nil) },
			),
		},
	}))
}

// The documented split: an object's metadata owned by lakefs_object_user_metadata, none in the lakefs_object
// configuration. Importing both must not plan the object's metadata away (the import used to record it as managed,
// so the plan showed it removed while the apply left it). An object whose configuration does set metadata takes it
// over at the first apply, and the plan says so.
func TestAccObject_importUnmanagedMetadata(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object")
	owned := map[string]string{"Owner": "team-a"}
	config := testAccRepositoryHCL(repo) + testAccObjectHCL("test", "split.csv", `content = "a,b\n"`, `content_type = "text/csv"`) + `
resource "lakefs_object_user_metadata" "test" {
  repository = lakefs_repository.test.name
  branch     = "main"
  path       = lakefs_object.test.path
  metadata   = { Owner = "team-a" }
}
` + testAccObjectHCL("managed", "managed.csv", `content = "c,d\n"`, `content_type = "text/csv"`, `metadata = { Owner = "team-a" }`)

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		importPersistStep(func() {
			mustUpload(t, target, repo, "split.csv", "a,b\n", "text/csv")
			mustSetMetadata(t, target, repo, "split.csv", owned)
			mustUpload(t, target, repo, "managed.csv", "c,d\n", "text/csv")
			mustSetMetadata(t, target, repo, "managed.csv", owned)
			if _, err := target.Client(t).Commit(context.Background(), repo, "main", client.CommitCreation{Message: "brownfield"}); err != nil {
				t.Fatalf("commit: %v", err)
			}
		}, config, "lakefs_object.test", importID(repo, "main", "split.csv")),
		importPersistStep(nil, config, "lakefs_object_user_metadata.test", importID(repo, "main", "split.csv")),
		importPersistStep(nil, config, "lakefs_object.managed", importID(repo, "main", "managed.csv")),
		{
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				expectAttributeUnchanged{"lakefs_object.test", "metadata"},
				plancheck.ExpectResourceAction("lakefs_object_user_metadata.test", plancheck.ResourceActionNoop),
				// Taking the metadata over is planned as what it is.
				plancheck.ExpectKnownValue("lakefs_object.managed", tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"Owner": knownvalue.StringExact("team-a"),
				})),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute("lakefs_object.test", "metadata", knownvalue.Null()),
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
	}))
}

func testAccObjectSourceConfig(repo, file, metadata string) string {
	return testAccRepositoryHCL(repo) + testAccObjectHCL("test", "build/output.bin", hclString("source", file), "metadata = "+metadata)
}

// A source file rewritten between plan and apply (a build step) is uploaded as it is at apply time, for a create,
// for an update planned because the file changed, and for an update planned for something else; the next plan is
// empty. It used to fail the apply: Terraform plans again before applying, and the provider's second plan
// disagreed with the first ("Provider produced inconsistent final plan").
func TestAccObject_sourceRewrittenBeforeApply(t *testing.T) {
	repo := acctest.RandomName("tf-object")
	address := "lakefs_object.test"
	file := filepath.Join(t.TempDir(), "output.bin")
	write := func(s string) func() {
		return func() {
			if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("built once")()
	uploaded := func(s string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex(s))),
			expectAttribute(address, "content_sha256", knownvalue.StringExact(sha256Hex(s))),
			expectAttribute(address, "size_bytes", knownvalue.Int64Exact(int64(len(s)))),
		}
	}

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(acctest.Shared(t)), []resource.TestStep{
		{
			Config: testAccObjectSourceConfig(repo, file, "null"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
				beforeApply(write("built again, before the apply")),
			),
			ConfigStateChecks: uploaded("built again, before the apply"),
		},
		{
			PreConfig: write("second build"),
			Config:    testAccObjectSourceConfig(repo, file, "null"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				beforeApply(write("third build, between plan and apply")),
			),
			ConfigStateChecks: uploaded("third build, between plan and apply"),
		},
		{
			// Only the metadata changes at plan time; the file changes before the apply.
			Config: testAccObjectSourceConfig(repo, file, `{ Build = "4" }`),
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				beforeApply(write("fourth build")),
			),
			ConfigStateChecks: uploaded("fourth build"),
		},
		{
			// Only the metadata changes, and the file stays: nothing is uploaded.
			Config:            testAccObjectSourceConfig(repo, file, `{ Build = "5" }`),
			ConfigPlanChecks:  expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: uploaded("fourth build"),
		},
	}))
}

// A source file rewritten while it is being uploaded fails the create with an error naming the file, and the
// object that arrived (neither version of the file) is deleted again. lakeFS is slowed down so that the rewrite
// lands in the middle of the upload.
func TestAccObject_sourceRewrittenDuringUpload(t *testing.T) {
	tg := acctest.StartServer(t, testserver.Options{})
	repo := acctest.RandomName("tf-object")
	file := filepath.Join(t.TempDir(), "output.bin")
	const size = 24 << 20
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i * 13)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rewriteDuringUpload := func() {
		tg.Server.InjectFault(testserver.Fault{Operation: "uploadObject", Kind: testserver.FaultLatency, Latency: 2 * time.Second, Count: 1})
		go func() {
			for tg.Server.RequestCount("uploadObject") == 0 {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			f, err := os.OpenFile(file, os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return
			}
			defer f.Close()
			// The same size, other bytes at the end: what the client has not sent yet.
			if _, err := f.WriteAt(make([]byte, 1<<20), size-(1<<20)); err != nil {
				t.Error(err)
			}
		}()
	}

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: tg.ProviderConfig() + testAccRepositoryHCL(repo)},
		{
			PreConfig:   rewriteDuringUpload,
			Config:      tg.ProviderConfig() + testAccObjectSourceConfig(repo, file, "null"),
			ExpectError: wrappedText(`The source file`, `output.bin"`, `changed while it was being uploaded`, `has been deleted again`),
		},
		{
			PreConfig: func() {
				if _, err := tg.Client(t).StatObject(context.Background(), repo, "main", "build/output.bin"); !client.IsNotFound(err) {
					t.Fatalf("after the failed create, stat answered %v; want 404", err)
				}
			},
			Config: tg.ProviderConfig() + testAccRepositoryHCL(repo),
		},
	}))
}

// A create that finds an object at its path takes it over only when it is exactly what the create makes (bytes,
// content type, metadata); otherwise it fails, says what differs, and leaves the object as it was. It used to
// take any object with the same bytes, and then record a content type or metadata other than the planned ones.
func TestAccObject_createOverExistingObject(t *testing.T) {
	tg := acctest.Shared(t)
	repo := acctest.RandomName("tf-object")
	address := "lakefs_object.test"
	theirs := map[string]string{"Owner": "someone-else"}
	untouched := func(contentType string, metadata map[string]string) func() {
		return func() {
			if err := checkObjectStats(t, tg, repo, "taken.csv", contentType, metadata); err != nil {
				t.Fatalf("the object was changed by a failed create: %v", err)
			}
		}
	}

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(tg), []resource.TestStep{
		{Config: testAccRepositoryHCL(repo)},
		{
			// Same bytes, other content type.
			PreConfig:   func() { mustUpload(t, tg, repo, "taken.csv", "same,bytes\n", "") },
			Config:      testAccObjectContentConfig(repo, "taken.csv", "same,bytes\n", "null"),
			ExpectError: wrappedText(`not the object this configuration creates`, `its content type is "application/octet-stream", not "text/csv"`, `Terraform did not change it`),
		},
		{
			// Same bytes and content type, metadata the configuration does not have.
			PreConfig: func() {
				untouched("application/octet-stream", nil)()
				mustUpload(t, tg, repo, "taken.csv", "same,bytes\n", "text/csv")
				mustSetMetadata(t, tg, repo, "taken.csv", theirs)
			},
			Config:      testAccObjectContentConfig(repo, "taken.csv", "same,bytes\n", "null"),
			ExpectError: wrappedText(`not the object this configuration creates`, `it has user metadata (Owner)`),
		},
		{
			PreConfig:   untouched("text/csv", theirs),
			Config:      testAccObjectContentConfig(repo, "taken.csv", "same,bytes\n", `{ Owner = "me" }`),
			ExpectError: wrappedText(`not the object this configuration creates`, `its user metadata (keys Owner) is not the configured metadata`),
		},
		{
			// Exactly the planned object: taken over as it is.
			PreConfig:        untouched("text/csv", theirs),
			Config:           testAccObjectContentConfig(repo, "taken.csv", "same,bytes\n", `{ Owner = "someone-else" }`),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "content_type", knownvalue.StringExact("text/csv")),
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("same,bytes\n"))),
			},
		},
	}))
}

// The clean-up of a create that cannot set the metadata deletes only an object the create uploaded: one that was
// found in place stays. A retried upload whose first answer was lost finds its own object, without metadata, and
// takes it over.
func TestAccObject_createOverExistingCleanup(t *testing.T) {
	tg := acctest.StartServer(t, testserver.Options{})
	repo := acctest.RandomName("tf-object")
	address := "lakefs_object.test"
	config := func(objPath string) string {
		return tg.ProviderConfig() + testAccRepositoryHCL(repo) +
			testAccObjectHCL("test", objPath, `content = "found in place"`, `metadata = { Key = "v" }`)
	}

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(tg), []resource.TestStep{
		{Config: tg.ProviderConfig() + testAccRepositoryHCL(repo)},
		{
			PreConfig: func() {
				mustUpload(t, tg, repo, "found.txt", "found in place", "")
				tg.Server.InjectFault(testserver.Fault{Operation: "updateObjectUserMetadata", Kind: testserver.FaultStatus, Status: 400})
			},
			Config:      config("found.txt"),
			ExpectError: wrappedText(`Cannot set the user metadata`, `Terraform left it as it was`),
		},
		{
			PreConfig: func() {
				tg.Server.ClearFaults()
				if err := checkObjectStats(t, tg, repo, "found.txt", "application/octet-stream", nil); err != nil {
					t.Fatalf("the object found in place is gone or changed: %v", err)
				}
				// The first answer to the upload is lost; the retry gets 412 and finds the upload's object.
				tg.Server.InjectFault(testserver.Fault{Operation: "uploadObject", Kind: testserver.FaultResetAfterHandler, Count: 1})
			},
			Config:           config("lost-answer.txt"),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("found in place"))),
			},
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error {
					return checkObjectStats(t, tg, repo, "lost-answer.txt", "application/octet-stream", map[string]string{"Key": "v"})
				},
				func(*terraform.State) error {
					if n := tg.Server.RequestCount("uploadObject"); n < 2 {
						return fmt.Errorf("uploadObject called %d times; the lost answer was not retried", n)
					}
					return nil
				},
			),
		},
	}))
}
