package provider_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// TestAccCommitAction_invoke runs `terraform apply -invoke=action.lakefs_commit.test` (terraform-plugin-testing has no
// invoke mode) with the Terraform binary of TF_ACC_TERRAFORM_PATH against the provider served in-process
// (TF_REATTACH_PROVIDERS, as terraform-plugin-testing does): each invocation commits once and shows the progress.
func TestAccCommitAction_invoke(t *testing.T) {
	tf := terraformWithActions(t)
	target := acctest.Shared(t)
	c := target.Client(t)
	repo := acctest.RandomName("tf-act-invoke")
	createRepositoryAPI(t, c, repo)

	config := target.ProviderConfig() +
		actionBlockHCL("lakefs_commit", hclString("repository", repo), `branch = "main"`, `message = "invoked"`, "allow_empty = true")
	dir := t.TempDir()
	run := terraformInit(t, tf, dir, config)
	for i := 1; i <= 2; i++ {
		out := run("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.lakefs_commit.test")
		if !strings.Contains(out, "Committed") {
			t.Errorf("invocation %d shows no progress message:\n%s", i, out)
		}
		if messages, _ := mainLog(t, c, repo); len(messages) != i+1 || messages[0] != "invoked" {
			t.Fatalf("after invocation %d the log of main is %q, want %d commits \"invoked\" on the first one", i, messages, i)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
		if state, _ := os.ReadFile(filepath.Join(dir, "terraform.tfstate")); strings.Contains(string(state), "lakefs_commit") {
			t.Errorf("an invoked action left state:\n%s", state)
		}
	}
}

// terraformWithActions returns the Terraform binary of TF_ACC_TERRAFORM_PATH; it skips t unless TF_ACC is set and
// that Terraform has actions (1.14 or later).
func terraformWithActions(t *testing.T) string {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		t.Skip("needs TF_ACC and TF_ACC_TERRAFORM_PATH")
	}
	if v := terraformVersion(t, tf); v.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("Terraform %s has no actions (1.14 or later)", v)
	}
	return tf
}

// terraformInit writes config as main.tf in dir, runs `terraform init` there with the binary tf against the
// provider served in-process, and returns a function that runs tf with args there and returns its output, failing
// t on an error.
func terraformInit(t *testing.T, tf, dir, config string) (run func(args ...string) string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+serveProvider(t), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	run = func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("init", "-input=false", "-no-color")
	return run
}

// serveProvider serves the provider in-process for a Terraform run by the test and returns TF_REATTACH_PROVIDERS.
func serveProvider(t *testing.T) string {
	t.Helper()
	const address = "registry.terraform.io/hashicorp/lakefs"
	// The in-process server logs to the test's stderr: only warnings and errors.
	for _, name := range []string{"TF_LOG", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_LAKEFS_CLIENT"} {
		if os.Getenv(name) == "" {
			t.Setenv(name, "WARN")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	reattach, closed := make(chan *plugin.ReattachConfig), make(chan struct{})
	factory := acctest.ProtoV6ProviderFactories["lakefs"]
	go func() {
		err := tf6server.Serve(address, func() tfprotov6.ProviderServer {
			server, err := factory()
			if err != nil {
				panic(err)
			}
			return server
		}, tf6server.WithDebug(ctx, reattach, closed))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
		}
	})
	var config *plugin.ReattachConfig
	select {
	case config = <-reattach:
	case <-time.After(30 * time.Second):
		t.Fatal("the provider server did not start")
	}
	type addr struct{ Network, String string }
	out, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": string(config.Protocol), "ProtocolVersion": config.ProtocolVersion, "Pid": config.Pid, "Test": true,
		"Addr": addr{config.Addr.Network(), config.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// terraformVersion runs `terraform version -json`.
func terraformVersion(t *testing.T, tf string) *version.Version {
	t.Helper()
	out, err := exec.Command(tf, "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	return version.Must(version.NewVersion(v.Version))
}
