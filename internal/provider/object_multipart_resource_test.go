package provider_test

import (
	"bytes"
	"context"
	"crypto/md5" //nolint:gosec // the S3 multipart ETag
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
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
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/provider"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

const (
	mpMiB      = 1 << 20
	mpPartSize = 5 * mpMiB // also the threshold
)

// multipartProviderConfig points at target with a 5 MiB threshold and 5 MiB parts.
func multipartProviderConfig(target *acctest.Target, maxRetries int) string {
	return target.ProviderConfigWith(fmt.Sprintf("max_retries = %d", maxRetries),
		fmt.Sprintf("multipart_threshold = %d", mpPartSize), fmt.Sprintf("part_size = %d", mpPartSize), "upload_concurrency = 2")
}

// multipartObjectConfig declares lakefs_object.test from file, with more lines for its block, one each.
func multipartObjectConfig(target *acctest.Target, maxRetries int, repo, file string, lines ...string) string {
	return multipartProviderConfig(target, maxRetries) + testAccRepositoryHCL(repo) +
		testAccObjectHCL("test", "big/data.bin", append([]string{hclString("source", file)}, lines...)...)
}

// writeMultipartFile writes size bytes derived from seed and returns them.
func writeMultipartFile(t *testing.T, file string, size int, seed byte) []byte {
	t.Helper()
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i*31) ^ seed ^ byte(i>>13)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return b
}

// multipartSource names a new repository and writes a size-byte source file derived from seed, returning its bytes.
func multipartSource(t *testing.T, size int, seed byte) (repo, file string, data []byte) {
	t.Helper()
	file = filepath.Join(t.TempDir(), "data.bin")
	return acctest.RandomName("tf-objmp"), file, writeMultipartFile(t, file, size, seed)
}

// mpAddress is the object of multipartObjectConfig.
const mpAddress = "lakefs_object.test"

// multipartETag is S3's checksum of an object uploaded in mpPartSize parts: MD5 of the part MD5s, "-", the number of parts.
func multipartETag(b []byte) string {
	return provider.MultipartETag(b, mpPartSize)
}

func md5HexBytes(b []byte) string {
	sum := md5.Sum(b) //nolint:gosec // lakeFS's checksum
	return hex.EncodeToString(sum[:])
}

// checkCounts compares the double's request counters with want. Against a real lakeFS (srv is nil) there
// are no counters: those runs rely on the state checks (a multipart checksum "<md5>-N" shows the upload path).
func checkCounts(srv *testserver.Server, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if srv == nil {
			return nil
		}
		for op, n := range want {
			if got := srv.RequestCount(op); got != n {
				return fmt.Errorf("%s: %d requests, want %d (all counts: %v)", op, got, n, srv.RequestCounts())
			}
		}
		return nil
	}
}

func TestAccObjectMultipart_aboveThreshold(t *testing.T) {
	target := acctest.MultipartTarget(t)
	srv := target.Server
	address := mpAddress
	const size1, size2 = 11*mpMiB + 12345, 12*mpMiB - 7
	repo, file, first := multipartSource(t, size1, 1)
	config := multipartObjectConfig(target, 2, repo, file)
	var second []byte

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{
			Config:           config,
			ConfigPlanChecks: expectActionThenEmptyPlan(address, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(multipartETag(first))),
				expectAttribute(address, "checksum", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}-3$`))),
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(size1)),
				expectAttribute(address, "physical_address", knownvalue.NotNull()),
			},
			Check: resource.ComposeTestCheckFunc(
				checkCounts(srv, map[string]int{
					"createPresignMultipartUpload":    1,
					"completePresignMultipartUpload":  1,
					"abortPresignMultipartUpload":     0,
					testserver.PresignedPartOperation: 3,
					"uploadObject":                    0,
				}),
				checkNoOpenMultipart(srv),
			),
		},
		{
			// New file bytes, same configuration: an update, sent through a second multipart upload.
			PreConfig: func() { second = writeMultipartFile(t, file, size2, 2) },
			Config:    config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(address, tfjsonpath.New("checksum")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(size2)),
				expectAttribute(address, "checksum", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}-3$`))),
			},
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error {
					return resource.TestCheckResourceAttr(address, "checksum", multipartETag(second))(s)
				},
				checkCounts(srv, map[string]int{
					"createPresignMultipartUpload":    2,
					"completePresignMultipartUpload":  2,
					"abortPresignMultipartUpload":     0,
					testserver.PresignedPartOperation: 6,
					"uploadObject":                    0,
				}),
				checkNoOpenMultipart(srv),
				checkObjectBytes(t, target, repo, "big/data.bin", func() []byte { return second }),
			),
		},
	}))
}

func TestAccObjectMultipart_belowThreshold(t *testing.T) {
	target := acctest.MultipartTarget(t)
	testPlainUpload(t, target, 64*1024, 3, 0)
}

func TestAccObjectMultipart_partFailureAborts(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{PresignedMultipart: true})
	target.Server.InjectFault(testserver.Fault{Operation: testserver.PresignedPartOperation, Kind: testserver.FaultStatus, Status: 503})
	repo, file, _ := multipartSource(t, 11*mpMiB, 4)

	noObject := func(*terraform.State) error {
		_, err := target.Client(t).StatObject(context.Background(), repo, "main", "big/data.bin")
		if !client.IsNotFound(err) {
			return fmt.Errorf("stat after the failed upload: want 404, got %v", err)
		}
		return nil
	}

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), multipartAbortedSteps(target, repo, multipartObjectConfig(target, 0, repo, file),
		checkCounts(target.Server, map[string]int{"uploadObject": 0}), noObject)))
}

// multipartAbortedSteps: applying config fails with an aborted multipart upload. The repository alone is left,
// with one multipart upload created and aborted, none completed and none open; and checks pass.
func multipartAbortedSteps(target *acctest.Target, repo, config string, checks ...resource.TestCheckFunc) []resource.TestStep {
	srv := target.Server
	return []resource.TestStep{
		{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?is)multipart upload failed.*aborted`),
		},
		{
			Config: multipartProviderConfig(target, 0) + testAccRepositoryHCL(repo),
			Check: resource.ComposeTestCheckFunc(append([]resource.TestCheckFunc{
				checkCounts(srv, map[string]int{
					"createPresignMultipartUpload":   1,
					"abortPresignMultipartUpload":    1,
					"completePresignMultipartUpload": 0,
				}),
				checkNoOpenMultipart(srv),
			}, checks...)...),
		},
	}
}

func TestAccObjectMultipart_fallbackNotAdvertised(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	testMultipartFallback(t, target, 0)
}

// A server that advertises presigned multipart but answers 501 at create: the plain upload, once per provider.
func TestAccObjectMultipart_fallbackCreate501(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{PresignedMultipart: true})
	target.Server.InjectFault(testserver.Fault{Operation: "createPresignMultipartUpload", Kind: testserver.FaultStatus, Status: 501})
	testMultipartFallback(t, target, 1)
}

func testMultipartFallback(t *testing.T, target *acctest.Target, creates int) {
	t.Helper()
	testPlainUpload(t, target, 11*mpMiB, 5, creates)
}

// testPlainUpload uploads a size-byte file with one uploadObject call and no presigned part, after creates
// createPresignMultipartUpload calls.
func testPlainUpload(t *testing.T, target *acctest.Target, size int, seed byte, creates int) {
	t.Helper()
	srv := target.Server
	address := mpAddress
	repo, file, data := multipartSource(t, size, seed)

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{
			Config:           multipartObjectConfig(target, 2, repo, file),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(md5HexBytes(data))),
				expectAttribute(address, "size_bytes", knownvalue.Int64Exact(int64(len(data)))),
			},
			Check: checkCounts(srv, map[string]int{
				"uploadObject":                    1,
				"createPresignMultipartUpload":    creates,
				testserver.PresignedPartOperation: 0,
			}),
		},
	}))
}

func checkNoOpenMultipart(srv *testserver.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if srv == nil {
			return nil // a real object store does not tell
		}
		if n, p := srv.OpenMultipartUploads(), srv.HeldMultipartParts(); n != 0 || p != 0 {
			return fmt.Errorf("the object store holds %d open multipart uploads with %d parts, want none", n, p)
		}
		return nil
	}
}

// checkObjectBytes reads the object back and compares it with want().
func checkObjectBytes(t *testing.T, target *acctest.Target, repo, objPath string, want func() []byte) resource.TestCheckFunc {
	return func(*terraform.State) error {
		rc, err := target.Client(t).GetObject(context.Background(), repo, "main", objPath)
		if err != nil {
			return err
		}
		defer rc.Close()
		got, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want()) {
			return fmt.Errorf("object content: %d bytes that differ from the %d bytes of the source file", len(got), len(want()))
		}
		return nil
	}
}

// TestAccObjectMultipart_timeoutAborts: a create timeout that runs out mid-upload (as a Terraform timeout or
// Ctrl-C does) aborts the multipart upload; nothing stays in the store and nothing is written to state.
func TestAccObjectMultipart_timeoutAborts(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{PresignedMultipart: true})
	target.Server.InjectFault(testserver.Fault{Operation: testserver.PresignedPartOperation, Kind: testserver.FaultLatency, Latency: 3 * time.Second})
	repo, file, _ := multipartSource(t, 11*mpMiB, 5)
	config := multipartObjectConfig(target, 0, repo, file, "timeouts {", `  create = "1s"`, "}")

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), multipartAbortedSteps(target, repo, config)))
}

// uploadMultipart puts file at objPath in parts of mpPartSize, as another tool (or an earlier apply) would.
func uploadMultipart(t *testing.T, target *acctest.Target, repo, objPath, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	obj := upload.Object{Repository: repo, Branch: "main", Path: objPath, Content: f, Size: fi.Size()}
	if _, err := upload.Multipart(context.Background(), target.Client(t), obj, upload.Settings{PartSize: mpPartSize}); err != nil {
		t.Fatalf("multipart upload: %v", err)
	}
}

// An imported object that was uploaded in parts (checksum "<md5>-N") holding the source file's bytes is not
// uploaded again after the import.
func TestAccObjectMultipart_importNoReupload(t *testing.T) {
	target := acctest.MultipartTarget(t)
	srv := target.Server
	address := mpAddress
	repo, file, data := multipartSource(t, 11*mpMiB+3, 6)
	config := multipartObjectConfig(target, 2, repo, file)

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{Config: multipartProviderConfig(target, 2) + testAccRepositoryHCL(repo)},
		importPersistStep(func() { uploadMultipart(t, target, repo, "big/data.bin", file) }, config, address, importID(repo, "main", "big/data.bin")),
		{
			// The update only records source (which no import can know); the bytes are not sent again. (The
			// checksum is planned unknown: the apply reads the file again and would upload it had it changed.)
			Config: config,
			ConfigPlanChecks: expectEmptyPlanAfterApply(
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(address, tfjsonpath.New("checksum")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(multipartETag(data))),
			},
			Check: checkCounts(srv, map[string]int{"createPresignMultipartUpload": 1, "uploadObject": 0}),
		},
	}))
}

// A create that finds an object already there (412) adopts it when it holds the planned bytes, also when it was
// uploaded in parts: the create whose answer was lost, or an identical earlier upload.
func TestAccObjectMultipart_adoptOnCreate(t *testing.T) {
	target := acctest.MultipartTarget(t)
	srv := target.Server
	address := mpAddress
	repo, file, data := multipartSource(t, 11*mpMiB, 7)

	resource.ParallelTest(t, testCase(t, checkObjectsDestroyed(target), []resource.TestStep{
		{Config: multipartProviderConfig(target, 2) + testAccRepositoryHCL(repo)},
		{
			PreConfig:        func() { uploadMultipart(t, target, repo, "big/data.bin", file) },
			Config:           multipartObjectConfig(target, 2, repo, file),
			ConfigPlanChecks: expectEmptyPlanAfterApply(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "checksum", knownvalue.StringExact(multipartETag(data))),
			},
			// The one multipart upload is the one made before the apply.
			Check: checkCounts(srv, map[string]int{"createPresignMultipartUpload": 1, "uploadObject": 0}),
		},
	}))
}

// lakeFS signs part URLs for an object store the provider cannot reach (nothing listens at the address): the
// upload is aborted and the object goes through lakeFS instead.
func TestAccObjectMultipart_fallbackUnreachableStore(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	target := acctest.StartServer(t, testserver.Options{PresignedMultipart: true, PresignedPartHost: closed})
	testMultipartFallback(t, target, 1)
	if n := target.Server.RequestCount("abortPresignMultipartUpload"); n != 1 {
		t.Fatalf("abort %d times, want 1", n)
	}
}
