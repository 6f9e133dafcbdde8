package provider_test

import (
	"context"
	"crypto/md5" //nolint:gosec // lakeFS's checksum
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s)) //nolint:gosec // lakeFS's checksum
	return hex.EncodeToString(sum[:])
}

func TestAccObject_basic(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object")
	address := "lakefs_object.test"
	objPath := "dir/a b/data.csv"
	config := testAccObjectContentConfig(repo, objPath, "id,v\n1,3\n", `{ Other = "x" }`)

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{
			Config: testAccObjectContentConfig(repo, objPath, "id,v\n1,2\n", `{ CamelKey = "v1" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "id", knownvalue.StringExact(repo+"/main/"+objPath)),
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("id,v\n1,2\n"))),
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(9)),
				expectAttribute(address, "content_type", knownvalue.StringExact("text/csv")),
				expectAttribute(address, "physical_address", knownvalue.NotNull()),
				// Keys keep their case (an upload header would have lowercased them).
				expectAttribute(address, "metadata", knownvalue.MapExact(map[string]knownvalue.Check{
					"CamelKey": knownvalue.StringExact("v1"),
				})),
			},
			Check:            checkObjectUserMetadata(t, target, repo, "main", objPath, map[string]string{"CamelKey": "v1"}),
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
		},
		{
			// New content: uploaded again in place, metadata kept.
			Config: testAccObjectContentConfig(repo, objPath, "id,v\n1,3\n", `{ CamelKey = "v1" }`),
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(address, tfjsonpath.New("checksum")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("id,v\n1,3\n"))),
			},
			Check: checkObjectUserMetadata(t, target, repo, "main", objPath, map[string]string{"CamelKey": "v1"}),
		},
		{
			// New metadata only: no upload, the checksum is known at plan time.
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("checksum"), knownvalue.StringExact(md5Hex("id,v\n1,3\n"))),
			),
			Check: checkObjectUserMetadata(t, target, repo, "main", objPath, map[string]string{"Other": "x"}),
		},
		// lakeFS cannot tell where the bytes came from: content is not imported (documented). Nor is the
		// metadata managed after an import (the configuration may leave it to lakefs_object_user_metadata).
		importStep(address, importID(repo, "main", objPath), "content", "content_sha256", "metadata"),
		// Rewritten in lakeFS: the next plan uploads the configured content again.
		driftStep(func() {
			if _, err := target.Client(t).UploadObjectBytes(context.Background(), repo, "main", objPath, []byte("changed"), client.UploadOptions{ContentType: "text/csv"}); err != nil {
				t.Fatalf("rewriting the object: %v", err)
			}
		}, config, plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)),
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("id,v\n1,3\n"))),
			},
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
		// Deleted in lakeFS: planned for creation.
		disappearsStep(deleteObjectPreConfig(t, target, repo, "main", objPath), config, address),
	}))
}

func TestAccObject_source(t *testing.T) {
	repo := acctest.RandomName("tf-object")
	address := "lakefs_object.test"
	file := filepath.Join(t.TempDir(), "data.bin")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("first version")
	config := testAccRepositoryHCL(repo) + testAccObjectHCL("test", "data.bin", hclString("source", file))

	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("first version"))),
				expectAttribute(address, "content_type", knownvalue.StringExact("application/octet-stream")),
				expectAttribute(address, "metadata", knownvalue.Null()),
			},
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
		},
		{
			// Same configuration, new file bytes: an update.
			PreConfig:        func() { write("second version, longer") },
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5Hex("second version, longer"))),
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(22)),
			},
		},
	}))
}

// Metadata left unset is not managed: another writer's metadata causes no diff and survives a new upload.
func TestAccObject_unmanagedMetadata(t *testing.T) {
	target := acctest.Shared(t)
	repo := acctest.RandomName("tf-object")
	address := "lakefs_object.test"
	other := map[string]string{"Owner": "someone-else"}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{Config: testAccObjectContentConfig(repo, "a.txt", "one", "null")},
		{
			PreConfig: func() {
				if err := target.Client(t).UpdateObjectUserMetadata(context.Background(), repo, "main", "a.txt", other); err != nil {
					t.Fatalf("setting metadata: %v", err)
				}
			},
			Config:           testAccObjectContentConfig(repo, "a.txt", "one", "null"),
			ConfigPlanChecks: expectEmptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "metadata", knownvalue.Null()),
			},
		},
		{
			Config:           testAccObjectContentConfig(repo, "a.txt", "two", "null"),
			ConfigPlanChecks: expectAction(address, plancheck.ResourceActionUpdate),
			Check:            checkObjectUserMetadata(t, target, repo, "main", "a.txt", other),
		},
	}))
}

func TestAccObject_errors(t *testing.T) {
	repo := acctest.RandomName("tf-object")
	target := acctest.Shared(t)
	objectConfig := func(lines ...string) string {
		return testAccRepositoryHCL(repo) + testAccObjectHCL("test", "a.txt", lines...)
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		planErrorStep(objectConfig(`content = "x"`, `source = "/etc/hostname"`),
			`(?s)(Invalid Attribute Combination|Missing Attribute Configuration)`),
		planErrorStep(objectConfig(), `(?s)(Invalid Attribute Combination|Missing Attribute Configuration)`),
		planErrorStep(testAccObjectContentConfig(repo, "", "x", "null"), `Invalid object path`),
		// lakeFS stores an empty content type as application/octet-stream: "" could never be applied as planned.
		planErrorStep(objectConfig(`content = "x"`, `content_type = ""`), `(?s)content_type.*at least 1`),
		{
			// An object nobody asked Terraform to manage is not overwritten.
			Config: testAccRepositoryHCL(repo),
		},
		{
			PreConfig: func() {
				if _, err := target.Client(t).UploadObjectBytes(context.Background(), repo, "main", "taken.txt", []byte("theirs"), client.UploadOptions{}); err != nil {
					t.Fatalf("upload: %v", err)
				}
			},
			Config:      testAccObjectContentConfig(repo, "taken.txt", "ours", "null"),
			ExpectError: regexp.MustCompile(`(?s)An object exists at this path.*terraform import`),
		},
	}))
}

func testAccObjectContentConfig(repo, objPath, content, metadata string) string {
	return testAccRepositoryHCL(repo) +
		testAccObjectHCL("test", objPath, hclString("content", content), `content_type = "text/csv"`, "metadata = "+metadata)
}
