package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = (*buildURIFunction)(nil)

// NewBuildURIFunction returns provider::lakefs::build_uri.
func NewBuildURIFunction() function.Function {
	return &buildURIFunction{}
}

type buildURIFunction struct{}

func (f *buildURIFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "build_uri"
}

func (f *buildURIFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Builds a lakeFS URI from a repository, ref and path",
		MarkdownDescription: "Builds the lakeFS URI `lakefs://<repository>/<ref>/<path>` that lakeFS and `lakectl` read " +
			"back as exactly these parts, percent-encoding only `%`, `?`, `#` and control characters.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "repository",
				MarkdownDescription: "The repository name.",
			},
			function.StringParameter{
				Name: "ref",
				MarkdownDescription: "A branch, tag, commit id or ref expression such as `main~1`; `\"\"` for a " +
					"repository URI.",
			},
			function.StringParameter{
				Name: "path",
				MarkdownDescription: "The object path or prefix, as it is (keep a trailing `/` for a \"directory\"); " +
					"`\"\"` for the root of the ref.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *buildURIFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	// path is never null: OpenTofu (1.12) passes a null function argument in a form terraform-plugin-framework
	// cannot decode, so "no path part" is not offered; "" is lakeFS's empty path, "lakefs://repo/ref/".
	var repository, ref, path string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &repository, &ref, &path))
	if resp.Error != nil {
		return
	}
	s, err := buildLakeFSURI(lakeFSURI{Repository: repository, Ref: ref, Path: &path})
	if err != nil {
		var partErr *lakeFSURIError
		if errors.As(err, &partErr) {
			resp.Error = function.NewArgumentFuncError(int64(partErr.Part), err.Error())
		} else {
			resp.Error = function.NewFuncError(err.Error())
		}
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, s))
}
