package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = (*parseURIFunction)(nil)

// NewParseURIFunction returns provider::lakefs::parse_uri.
func NewParseURIFunction() function.Function {
	return &parseURIFunction{}
}

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
			"`{ repository, ref, path }`, reading it as lakeFS and `lakectl` do.",
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
