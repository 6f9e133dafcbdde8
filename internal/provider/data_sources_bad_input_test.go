package provider_test

import (
	"strings"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// readOnlyDataSourceBadInputs are invalid configurations of lakefs_commit, lakefs_object, lakefs_objects,
// lakefs_repositories and lakefs_branches: each must fail at plan time, naming the attribute.
var readOnlyDataSourceBadInputs = []badInput{
	{"commit in a bad repository id", "", hclBlock(`data "lakefs_commit" "c"`,
		`repository = "Bad_Repo"`, `ref = "main"`), `(?s)Attribute\s+repository`},
	{"commit of the staging area", "", hclBlock(`data "lakefs_commit" "c"`,
		`repository = "repo"`, `ref = "main$"`), `(?s)Attribute\s+ref.*staging-area`},
	{"commit of a ref without a base", "", hclBlock(`data "lakefs_commit" "c"`,
		`repository = "repo"`, `ref = "~1"`), `(?s)Attribute\s+ref\s+must\s+be\s+a\s+ref\s+expression`},
	{"commit of a ref with a bad modifier", "", hclBlock(`data "lakefs_commit" "c"`,
		`repository = "repo"`, `ref = "main~x"`), `(?s)Attribute\s+ref\s+must\s+be\s+a\s+ref\s+expression`},
	{"commit of a ref with a space", "", hclBlock(`data "lakefs_commit" "c"`,
		`repository = "repo"`, `ref = "main 1"`), `(?s)Attribute\s+ref`},
	{"object with an empty path", "", hclBlock(`data "lakefs_object" "o"`,
		`repository = "repo"`, `ref = "main"`, `path = ""`), `(?s)Invalid\s+object\s+path.*path\s+=\s+""`},
	{"object with a path over 1024 bytes", "", hclBlock(`data "lakefs_object" "o"`,
		`repository = "repo"`, `ref = "main"`, hclString("path", strings.Repeat("p", 1025))), `(?s)Invalid\s+object\s+path`},
	{"object at an empty ref", "", hclBlock(`data "lakefs_object" "o"`,
		`repository = "repo"`, `ref = ""`, `path = "a.txt"`), `(?s)Attribute\s+ref`},
	{"object content limit of zero", "", hclBlock(`data "lakefs_object" "o"`,
		`repository = "repo"`, `ref = "main"`, `path = "a.txt"`, `read_content = true`, `max_content_bytes = 0`),
		`(?s)Attribute\s+max_content_bytes\s+value\s+must\s+be\s+between\s+1\s+and\s+16777216`},
	{"object content limit over 16 MiB", "", hclBlock(`data "lakefs_object" "o"`,
		`repository = "repo"`, `ref = "main"`, `path = "a.txt"`, `read_content = true`, `max_content_bytes = 16777217`),
		`(?s)Attribute\s+max_content_bytes\s+value\s+must\s+be\s+between`},
	{"object content limit without read_content", "", hclBlock(`data "lakefs_object" "o"`,
		`repository = "repo"`, `ref = "main"`, `path = "a.txt"`, `max_content_bytes = 10`),
		`(?s)Attribute\s+"read_content"\s+must\s+be\s+specified\s+when\s+"max_content_bytes"`},
	{"objects with an empty delimiter", "", hclBlock(`data "lakefs_objects" "o"`,
		`repository = "repo"`, `ref = "main"`, `delimiter = ""`), `(?s)Attribute\s+delimiter`},
	{"objects in a bad repository id", "", hclBlock(`data "lakefs_objects" "o"`,
		`repository = "r"`, `ref = "main"`), `(?s)Attribute\s+repository`},
	{"objects at a bad ref", "", hclBlock(`data "lakefs_objects" "o"`,
		`repository = "repo"`, `ref = "@main"`), `(?s)Attribute\s+ref`},
	{"branches of a bad repository id", "", hclBlock(`data "lakefs_branches" "b"`,
		`repository = "-repo"`), `(?s)Attribute\s+repository`},
	{"repositories with a prefix list", "", hclBlock(`data "lakefs_repositories" "r"`,
		`prefix = ["a"]`), `(?s)Inappropriate\s+value\s+for\s+attribute\s+"prefix"`},
}

// Every invalid configuration of these data sources fails before anything is sent: the dedicated server's
// counters stay empty.
func TestAccReadOnlyDataSourcesBadInput_rejectedBeforeAnyRequest(t *testing.T) {
	target := acctest.StartServer(t, testserver.Options{})
	testRejectedBeforeAnyRequest(t, target, readOnlyDataSourceBadInputs, testCase)
}
