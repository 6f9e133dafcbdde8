package provider_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// TestAccList_generatedConfigApplies is `terraform query -generate-config-out` end to end, which
// terraform-plugin-testing's query mode cannot do: the provider is built, Terraform runs with a dev_overrides CLI
// configuration, the generated resources and import blocks are applied, and the next plan is empty.
// lakefs_object is left out: lakeFS cannot give back an object's content, which its configuration needs.
func TestAccList_generatedConfigApplies(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" || !terraformAtLeast(t, tf, 1, 14) {
		t.Skip("needs TF_ACC_TERRAFORM_PATH of Terraform 1.14 or later (terraform query)")
	}
	target := acctest.Shared(t)
	repo := prFixture(t, target)
	c := target.Client(t)
	ctx := context.Background()
	if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: "other", Source: "main"}); err != nil {
		t.Fatalf("creating branch: %v", err)
	}
	createPullRequestAPI(t, c, repo, client.PullRequestCreation{Title: "Generated", Description: "From a query",
		SourceBranch: "feature", DestinationBranch: "main"})
	if _, err := c.CreateTag(ctx, repo, "release-2026", "feature"); err != nil {
		t.Fatalf("creating tag: %v", err)
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-lakefs"), ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(dir, "cli.tfrc"), fmt.Sprintf(`provider_installation {
  dev_overrides {
    "lakefs-tf/lakefs" = %q
  }
  direct {}
}
`, bin))
	writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    lakefs = { source = "lakefs-tf/lakefs" }
  }
}

provider "lakefs" {}
`)
	writeFile(t, filepath.Join(work, "found.tfquery.hcl"),
		listHCL("lakefs_repository", "repo", nil, hclString("prefix", repo))+
			listHCL("lakefs_branch", "branch", nil, hclString("repository", repo))+
			listHCL("lakefs_tag", "tag", nil, hclString("repository", repo))+
			listHCL("lakefs_pull_request", "pr", nil, hclString("repository", repo)))
	run := func(wantCode int, args ...string) string {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "cli.tfrc"), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform %v: %v", args, err)
		}
		if code != wantCode {
			t.Fatalf("terraform %v: exit code %d, want %d\n%s", args, code, wantCode, out)
		}
		return string(out)
	}

	run(0, "query", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(work, "generated.tf"))
	if err != nil {
		t.Fatalf("reading the generated configuration: %v", err)
	}
	for _, want := range []string{`resource "lakefs_repository"`, `resource "lakefs_branch"`, `resource "lakefs_pull_request"`,
		`resource "lakefs_tag"`, "identity = {", `name = "other"`, `id = "release-2026"`, `title = "Generated"`} {
		if !strings.Contains(strings.Join(strings.Fields(string(generated)), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the generated configuration has no %s:\n%s", want, generated)
		}
	}
	// The repository keeps force_destroy = false: the test's cleanup deletes it, not Terraform.
	out := run(0, "apply", "-no-color", "-input=false", "-auto-approve")
	if !strings.Contains(out, "6 imported") {
		t.Errorf("the apply did not import the repository, 3 branches, the tag and the pull request:\n%s", out)
	}
	run(0, "plan", "-no-color", "-input=false", "-detailed-exitcode")
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// terraformAtLeast reports whether the Terraform at tf is at least major.minor.
func terraformAtLeast(t *testing.T, tf string, major, minor int) bool {
	t.Helper()
	out, err := exec.Command(tf, "version").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var haveMajor, haveMinor int
	if _, err := fmt.Sscanf(string(out), "Terraform v%d.%d", &haveMajor, &haveMinor); err != nil {
		return false
	}
	return haveMajor > major || haveMajor == major && haveMinor >= minor
}
