package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// Provider functions need Terraform 1.8+. They never call lakeFS: these tests need no server and configure
// no provider.
var functionTerraformVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// uriParts is the object parse_uri returns.
type uriParts struct{ repository, ref, path string }

func (p uriParts) check() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"repository": knownvalue.StringExact(p.repository),
		"ref":        knownvalue.StringExact(p.ref),
		"path":       knownvalue.StringExact(p.path),
	})
}

// hcl quotes s as an HCL string literal (%q's escapes are HCL's for these inputs; "${" and "%{" are never used).
func hcl(s string) string { return fmt.Sprintf("%q", s) }

// outputs collects expressions and the checks of their values, for one step declaring an output each.
type outputs struct {
	exprs  []string
	checks []knownvalue.Check
}

func (o *outputs) add(expr string, check knownvalue.Check) {
	o.exprs = append(o.exprs, expr)
	o.checks = append(o.checks, check)
}

// step declares an output per expression and checks each output's value.
func (o *outputs) step() resource.TestStep {
	var config strings.Builder
	var stateChecks []statecheck.StateCheck
	for i, expr := range o.exprs {
		name := fmt.Sprintf("case_%02d", i)
		fmt.Fprintf(&config, "output %q {\n  value = %s\n}\n", name, expr)
		stateChecks = append(stateChecks, statecheck.ExpectKnownOutputValue(name, o.checks[i]))
	}
	return resource.TestStep{Config: config.String(), ConfigStateChecks: stateChecks}
}

// functionTestCase runs steps that call the provider's functions, on the Terraform versions that have them.
func functionTestCase(steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   functionTerraformVersions,
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	}
}

// errorStep expects the plan of a single output to fail with a message matching want. Terraform wraps long
// lines, so each space of want matches any whitespace.
func errorStep(expr, want string) resource.TestStep {
	pattern := strings.ReplaceAll(regexp.QuoteMeta(want), " ", `\s+`)
	return resource.TestStep{
		Config:      fmt.Sprintf("output \"failing\" {\n  value = %s\n}\n", expr),
		ExpectError: regexp.MustCompile(pattern),
	}
}

func TestAccFunctionParseURI(t *testing.T) {
	cases := []struct {
		uri  string
		want uriParts
	}{
		{"lakefs://repo/main/a b/c d.txt", uriParts{"repo", "main", "a b/c d.txt"}},
		{"lakefs://repo/main/日本語/ü.csv", uriParts{"repo", "main", "日本語/ü.csv"}},
		{"lakefs://repo/main/dir/", uriParts{"repo", "main", "dir/"}},
		{"lakefs://repo/main/", uriParts{"repo", "main", ""}},
		{"lakefs://repo/main", uriParts{"repo", "main", ""}},
		{"lakefs://repo", uriParts{"repo", "", ""}},
		{"lakefs://repo/main//", uriParts{"repo", "main", "/"}},
		{"lakefs://repo/main~1/x", uriParts{"repo", "main~1", "x"}},
		{"lakefs://repo/abc123^2/data/", uriParts{"repo", "abc123^2", "data/"}},
		{"lakefs://my-repo/a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90/x.parquet",
			uriParts{"my-repo", "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", "x.parquet"}},
		{"lakefs://repo/main/100%25%20sure%3F", uriParts{"repo", "main", "100% sure?"}},
		{"LAKEFS://repo/main/x", uriParts{"repo", "main", "x"}},
	}
	var o outputs
	for _, tc := range cases {
		o.add("provider::lakefs::parse_uri("+hcl(tc.uri)+")", tc.want.check())
	}
	// Attributes are usable one by one.
	o.add(`provider::lakefs::parse_uri("lakefs://repo/main~1/dir/").path`, knownvalue.StringExact("dir/"))

	resource.ParallelTest(t, functionTestCase(
		o.step(),
		errorStep(`provider::lakefs::parse_uri("s3://repo/main/x")`, `Invalid value for "uri" parameter: "s3://repo/main/x" is not a lakeFS URI: it must start with "lakefs://"`),
		errorStep(`provider::lakefs::parse_uri("lakefs:///main/x")`, `Invalid value for "uri" parameter: "lakefs:///main/x" is not a lakeFS URI: the repository is missing`),
		errorStep(`provider::lakefs::parse_uri("lakefs://")`, `the repository is missing`),
		errorStep(`provider::lakefs::parse_uri("lakefs://Repo/main")`, `"Repo" is not a valid repository name`),
		errorStep(`provider::lakefs::parse_uri("lakefs://repo//x")`, `it has a path ("x") but an empty ref`),
		errorStep(`provider::lakefs::parse_uri("lakefs://repo/main/a?b")`, `"?" starts a URL query or fragment`),
		errorStep(`provider::lakefs::parse_uri("lakefs://repo/main/a%zz")`, `invalid URL escape "%zz"`),
	))
}

func TestAccFunctionBuildURI(t *testing.T) {
	cases := []struct {
		repository, ref, path string
		want                  string
	}{
		{"repo", "main", "a b/c d.txt", "lakefs://repo/main/a b/c d.txt"},
		{"repo", "main", "日本語/ü.csv", "lakefs://repo/main/日本語/ü.csv"},
		{"repo", "main", "dir/", "lakefs://repo/main/dir/"},
		{"repo", "main", "", "lakefs://repo/main/"},
		{"repo", "", "", "lakefs://repo"},
		{"repo", "main~1", "x", "lakefs://repo/main~1/x"},
		{"repo", "abc123^2", "data/", "lakefs://repo/abc123^2/data/"},
		{"repo", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "x.parquet", "lakefs://repo/a1b2c3d4e5f60718293a4b5c6d7e8f90/x.parquet"},
		{"repo", "main", "100% sure?#1", "lakefs://repo/main/100%25 sure%3F%231"},
	}
	var o outputs
	for _, tc := range cases {
		o.add(fmt.Sprintf("provider::lakefs::build_uri(%s, %s, %s)", hcl(tc.repository), hcl(tc.ref), hcl(tc.path)), knownvalue.StringExact(tc.want))
	}
	// The documented way to the form without a path part.
	o.add(`trimsuffix(provider::lakefs::build_uri("repo", "main", ""), "/")`, knownvalue.StringExact("lakefs://repo/main"))
	resource.ParallelTest(t, functionTestCase(
		o.step(),
		errorStep(`provider::lakefs::build_uri("", "main", "x")`, `Invalid value for "repository" parameter: the repository is missing`),
		errorStep(`provider::lakefs::build_uri("Repo", "main", "x")`, `Invalid value for "repository" parameter: "Repo" is not a valid repository name`),
		errorStep(`provider::lakefs::build_uri("repo", "ma in", "x")`, `Invalid value for "ref" parameter: "ma in" is not a valid ref`),
		errorStep(`provider::lakefs::build_uri("repo", "", "x")`, `Invalid value for "ref" parameter: the ref is empty but the path ("x") is not`),
		errorStep(`provider::lakefs::build_uri("repo", "main", null)`, `Invalid value for "path" parameter: argument must not be null`),
	))
}

// TestAccFunctionURIRoundTrip checks parse_uri(build_uri(x)) == x inside Terraform, and that parse_uri's result
// feeds build_uri back the same URI.
func TestAccFunctionURIRoundTrip(t *testing.T) {
	cases := []uriParts{
		{"repo", "main", "a b/c d.txt"},
		{"repo", "main", "日本語/ü.csv"},
		{"repo", "main", "dir/sub/"},
		{"repo", "main", ""},
		{"repo", "", ""},
		{"repo", "main~1", "x"},
		{"repo", "abc123^2", "x/"},
		{"repo", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "data.csv"},
		{"my-repo-01", "feature_x-1", "100%/a%20b?c=d#e&f"},
	}
	var o outputs
	for _, x := range cases {
		o.add(fmt.Sprintf("provider::lakefs::parse_uri(provider::lakefs::build_uri(%s, %s, %s))",
			hcl(x.repository), hcl(x.ref), hcl(x.path)), x.check())
	}
	for _, s := range []string{"lakefs://repo/main/a b/dir/", "lakefs://repo/abc123^2/x", "lakefs://repo/main/"} {
		o.add(fmt.Sprintf(
			"provider::lakefs::build_uri(provider::lakefs::parse_uri(%[1]s).repository, provider::lakefs::parse_uri(%[1]s).ref, provider::lakefs::parse_uri(%[1]s).path)",
			hcl(s)), knownvalue.StringExact(s))
	}
	resource.ParallelTest(t, functionTestCase(o.step()))
}
