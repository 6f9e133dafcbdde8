// Package acctest holds what the provider's acceptance tests share: the lakeFS server they run against,
// provider factories, names and API checks.
//
// By default a lakeFS test server (internal/testserver) is started in-process, once per test binary. When
// LAKEFS_ENDPOINT is set, the tests run against that server instead, with LAKEFS_ACCESS_KEY_ID and
// LAKEFS_SECRET_ACCESS_KEY, and repositories are created under LAKEFS_TEST_STORAGE_NAMESPACE.
package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/provider"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// ProtoV6ProviderFactories serves the provider in-process to terraform-plugin-testing.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"lakefs": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// Target is a lakeFS server tests talk to.
type Target struct {
	Endpoint        string
	AccessKeyID     string
	SecretAccessKey string
	// Server is the in-process test server, nil when the tests target an external lakeFS.
	Server *testserver.Server
}

var (
	sharedOnce   sync.Once
	sharedTarget *Target
)

// externalEndpoint is read once at start-up: Shared later exports the in-process server as LAKEFS_ENDPOINT.
var externalEndpoint = os.Getenv("LAKEFS_ENDPOINT")

// External reports whether the tests target a real lakeFS given by LAKEFS_ENDPOINT.
func External() bool { return externalEndpoint != "" }

// PreCheck makes sure the provider under test finds a server: the external one from the environment, or the
// shared in-process test server, whose address and credentials it exports as LAKEFS_* variables.
func PreCheck(t *testing.T) {
	t.Helper()
	Shared(t)
}

// Shared returns the server every ordinary acceptance test uses.
func Shared(t *testing.T) *Target {
	t.Helper()
	sharedOnce.Do(func() {
		if External() {
			sharedTarget = &Target{
				Endpoint:        externalEndpoint,
				AccessKeyID:     os.Getenv("LAKEFS_ACCESS_KEY_ID"),
				SecretAccessKey: os.Getenv("LAKEFS_SECRET_ACCESS_KEY"),
			}
			return
		}
		srv := testserver.Start(testserver.Options{})
		sharedTarget = doubleTarget(srv)
		// The provider runs in this process and reads its settings from the environment.
		for k, v := range map[string]string{
			"LAKEFS_ENDPOINT": sharedTarget.Endpoint, "LAKEFS_ACCESS_KEY_ID": sharedTarget.AccessKeyID,
			"LAKEFS_SECRET_ACCESS_KEY": sharedTarget.SecretAccessKey,
		} {
			//nolint:usetesting // The in-process provider reads the environment and this server is shared by all tests of the binary (sync.Once), so t.Setenv cannot be used.
			_ = os.Setenv(k, v)
		}
	})
	return sharedTarget
}

// StartServer starts a dedicated in-process test server (for another edition, fault injection or counters)
// and stops it when the test ends. Tests that need one skip against an external lakeFS.
func StartServer(t *testing.T, opts testserver.Options) *Target {
	t.Helper()
	if External() {
		if opts.Edition == testserver.EditionEnterprise {
			t.Skip("needs the double's Enterprise edition (external principals, logins), which real lakeFS OSS lacks")
		}
		t.Skip("needs the in-process double's fault injection or request counters, which a real lakeFS lacks")
	}
	srv := testserver.Start(opts)
	t.Cleanup(srv.Close)
	return doubleTarget(srv)
}

// doubleTarget is the Target of an in-process test server.
func doubleTarget(srv *testserver.Server) *Target {
	return &Target{Endpoint: srv.Endpoint(), AccessKeyID: srv.AccessKeyID(), SecretAccessKey: srv.SecretAccessKey(), Server: srv}
}

// sharedOrStart returns, against an external lakeFS, the shared Target once check has found in it what the test
// needs (check skips the test otherwise); else a dedicated double started with opts.
func sharedOrStart(t *testing.T, opts testserver.Options, check func(c *client.Client)) *Target {
	t.Helper()
	if !External() {
		return StartServer(t, opts)
	}
	tg := Shared(t)
	check(tg.Client(t))
	return tg
}

// MultipartTarget returns a server that offers presigned multipart upload: the external lakeFS when it has it
// (an S3 blockstore), otherwise a dedicated in-process double with it on. Against an external lakeFS without it
// (a local blockstore) the test skips.
func MultipartTarget(t *testing.T) *Target {
	t.Helper()
	return sharedOrStart(t, testserver.Options{PresignedMultipart: true}, func(c *client.Client) {
		cfg, err := c.GetConfig(t.Context())
		if err != nil {
			t.Fatalf("reading the server's configuration: %v", err)
		}
		if !cfg.StorageConfig.PreSignMultipartUpload {
			t.Skip("the lakeFS at LAKEFS_ENDPOINT has no presigned multipart upload (it needs an S3 blockstore)")
		}
	})
}

// ACLTarget returns a lakeFS with an auth server (many users, groups, group ACLs): the external lakeFS when it
// serves groups (lakeFS wired to its ACL server: scripts/lakefs.sh up DIR acl), otherwise a dedicated double of the
// ACL edition. Against an external lakeFS without groups (lakeFS OSS alone answers 501) the test skips.
func ACLTarget(t *testing.T) *Target {
	t.Helper()
	return sharedOrStart(t, testserver.Options{Edition: testserver.EditionACL}, func(c *client.Client) {
		if _, err := c.ListGroups(t.Context(), client.ListOptions{Amount: 1}); err != nil {
			t.Skipf("the lakeFS at LAKEFS_ENDPOINT serves no groups (%v): it needs an auth server (scripts/lakefs.sh up DIR acl)", err)
		}
	})
}

// OSSTarget returns a lakeFS OSS server, for the diagnostics of Enterprise-only operations: the external lakeFS
// when it is OSS (it answers external principal calls with 501), otherwise a dedicated double of the OSS edition.
func OSSTarget(t *testing.T) *Target {
	t.Helper()
	return sharedOrStart(t, testserver.Options{Edition: testserver.EditionOSS}, func(c *client.Client) {
		_, err := c.GetExternalPrincipal(t.Context(), "arn:aws:iam::123456789012:role/edition-probe")
		if !client.IsNotImplemented(err) {
			t.Skip("the lakeFS at LAKEFS_ENDPOINT is not lakeFS OSS (external principals did not answer 501)")
		}
	})
}

// ProviderConfig is a provider block that points at this target explicitly (overriding the environment).
func (tg *Target) ProviderConfig() string { return tg.ProviderConfigWith() }

// ProviderConfigWith is ProviderConfig with settings, one argument or block each (`request_timeout = "1s"`,
// `aws_iam {}`). A setting replaces the block's own argument of that name (endpoint, access_key_id,
// secret_access_key, max_retries = 5) and any earlier setting of that name.
func (tg *Target) ProviderConfigWith(settings ...string) string {
	names := []string{"endpoint", "access_key_id", "secret_access_key", "max_retries"}
	lines := map[string]string{
		"endpoint":          fmt.Sprintf("endpoint          = %q", tg.Endpoint),
		"access_key_id":     fmt.Sprintf("access_key_id     = %q", tg.AccessKeyID),
		"secret_access_key": fmt.Sprintf("secret_access_key = %q", tg.SecretAccessKey),
		"max_retries":       "max_retries       = 5",
	}
	for _, setting := range settings {
		name, _, _ := strings.Cut(strings.TrimSpace(setting), " ")
		if _, ok := lines[name]; !ok {
			names = append(names, name)
		}
		lines[name] = setting
	}
	var b strings.Builder
	b.WriteString("\nprovider \"lakefs\" {\n")
	for _, name := range names {
		b.WriteString("  " + lines[name] + "\n")
	}
	return b.String() + "}\n"
}

// Client returns an API client for checks made behind Terraform's back.
func (tg *Target) Client(t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{
		Endpoint: tg.Endpoint, AccessKeyID: tg.AccessKeyID, SecretAccessKey: tg.SecretAccessKey,
		MaxRetries: 3, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("building the test client: %v", err)
	}
	return c
}

// CheckEach is a check (a CheckDestroy, say) that runs check through the API for each resource of resourceType
// in the state.
func (tg *Target) CheckEach(resourceType string, check func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c, err := client.New(client.Config{Endpoint: tg.Endpoint, AccessKeyID: tg.AccessKeyID, SecretAccessKey: tg.SecretAccessKey})
		if err != nil {
			return err
		}
		for _, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			if err := check(context.Background(), c, rs); err != nil {
				return err
			}
		}
		return nil
	}
}

// CheckDestroyed is a CheckDestroy that verifies through the API that no resource of resourceType in the state
// is left: read, given the resource's state, must fail with a 404 (client.IsNotFound).
func (tg *Target) CheckDestroyed(resourceType string, read func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error) resource.TestCheckFunc {
	return tg.CheckEach(resourceType, func(ctx context.Context, c *client.Client, rs *terraform.ResourceState) error {
		err := read(ctx, c, rs)
		if err == nil {
			return fmt.Errorf("%s %s still exists", resourceType, rs.Primary.ID)
		}
		if client.IsNotFound(err) {
			return nil
		}
		return err
	})
}

// RandomName returns prefix-<random>, valid as a repository id and a branch id.
func RandomName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return strings.ToLower(prefix) + "-" + hex.EncodeToString(b)
}

// StorageNamespace returns a fresh storage namespace for a test repository. A real lakeFS never lets a
// namespace be reused, so every repository gets its own.
func StorageNamespace(repository string) string {
	prefix := os.Getenv("LAKEFS_TEST_STORAGE_NAMESPACE")
	if prefix == "" {
		return "local://" + repository
	}
	return strings.TrimRight(prefix, "/") + "/" + repository
}
