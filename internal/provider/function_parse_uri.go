package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = (*parseURIFunction)(nil)

// NewParseURIFunction returns provider::lakefs::parse_uri.
func NewParseURIFunction() function.Function { return &parseURIFunction{} }

type parseURIFunction struct{}

// parsedURIAttributeTypes is the type of parse_uri's result.
var parsedURIAttributeTypes = map[string]attr.Type{
	"repository": types.StringType,
	"ref":        types.StringType,
	"path":       types.StringType,
}

func (f *parseURIFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_uri"
}

func (f *parseURIFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Splits a lakeFS URI into its repository, ref and path",
		MarkdownDescription: "Splits a lakeFS URI, `lakefs://<repository>/<ref>/<path>`, into an object " +
			"`{ repository, ref, path }`, reading it as lakeFS and `lakectl` do (lakeFS's `pkg/uri`):\n\n" +
			"* The ref is everything up to the first `/` after the repository; the path is everything after that `/`, " +
			"as it is: a trailing `/` (a \"directory\") is kept, spaces and unicode stand as they are.\n" +
			"* `path` is `\"\"` when the URI names only a repository and a ref (`lakefs://repo/main` or `lakefs://repo/main/`).\n" +
			"* `lakefs://repo` (or `lakefs://repo/`) names a repository alone: `ref` and `path` are both `\"\"`.\n" +
			"* Percent-escapes in the ref and path are decoded (`%20` is a space, `%25` a `%`), as lakeFS decodes them. " +
			"The scheme is case-insensitive.\n" +
			"* Refs are any lakeFS ref expression: a branch, a tag, a commit id, `main~1`, `abc123^2`.\n\n" +
			"Fails, naming the problem, when the scheme is not `lakefs://`, the repository is missing or not a valid " +
			"repository name, the ref has whitespace, or there is a path but no ref (`lakefs://repo//path`). It also " +
			"refuses what lakeFS would silently drop: a `?` or `#` (percent-encode it as `%3F` or `%23` in a path), a " +
			"port or user information around the repository.\n\n" +
			"For every repository, ref and path that `provider::lakefs::build_uri` accepts, `parse_uri` of its result " +
			"gives them back unchanged.\n\n" +
			"Provider functions need Terraform 1.8 or later (OpenTofu 1.7 or later).",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "uri",
				MarkdownDescription: "A lakeFS URI, `lakefs://<repository>/<ref>/<path>`; the ref and the path are optional.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: parsedURIAttributeTypes},
	}
}

func (f *parseURIFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &s))
	if resp.Error != nil {
		return
	}
	u, err := parseLakeFSURI(s)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	result, diags := types.ObjectValue(parsedURIAttributeTypes, map[string]attr.Value{
		"repository": types.StringValue(u.Repository),
		"ref":        types.StringValue(u.Ref),
		"path":       types.StringValue(u.PathString()),
	})
	resp.Error = function.ConcatFuncErrors(resp.Error, function.FuncErrorFromDiags(ctx, diags))
	if resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, result))
}
