package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// List resources (Terraform 1.14 `terraform query`): each lists lakeFS objects of one resource type and returns,
// per object, the resource's identity and, when Terraform asks for it (include_resource, and
// -generate-config-out), its state as the resource's Read would write it after an import. A list resource embeds
// listBase and hands its items to streamList:
//
//	func (l *objectList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
//		var config objectListModel
//		if !l.decodeList(ctx, req, &config, stream) {
//			return
//		}
//		... objects, err := l.data.client.ListAllObjects(ctx, repo, branch, prefix, "")
//		stream.Results = streamList(ctx, req, objectIdentity, objects, func(o client.ObjectStats) string { ... },
//			func(ctx context.Context, o client.ObjectStats, m *objectResourceModel, diags *diag.Diagnostics) { ... })
//
// A repository's branches and tags share one List: refList (ref_list.go).

// listBase implements list.ListResourceWithConfigure's Configure and Metadata.
type listBase struct{ providerBase }

func (b *listBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = b.fullTypeName(req.ProviderTypeName)
}

func (b *listBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// listFailed is the stream of a listing that failed before its first result: one result with the diagnostics.
func listFailed(diags diag.Diagnostics) func(func(list.ListResult) bool) {
	return list.ListResultsStreamDiagnostics(diags)
}

// streamList streams one result per item, at most req.Limit: its display name, and the resource state that fill
// writes into a model M whose attributes all start null, from which the identity id is taken.
func streamList[T, M any](ctx context.Context, req list.ListRequest, id identified, items []T, display func(T) string,
	fill func(ctx context.Context, item T, model *M, diags *diag.Diagnostics)) func(func(list.ListResult) bool) {
	return func(push func(list.ListResult) bool) {
		for n, item := range items {
			if req.Limit > 0 && int64(n) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = display(item)
			nullAttributes(ctx, result.Resource)
			var model M
			if decode(ctx, result.Resource, &model, &result.Diagnostics) {
				fill(ctx, item, &model, &result.Diagnostics)
				result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
				id.setIdentity(ctx, result.Resource, result.Identity, &result.Diagnostics)
			}
			if !push(result) {
				return
			}
		}
	}
}

// nullAttributes makes r an object whose attributes and blocks are all null, so that it decodes into a model
// (a null object does not).
func nullAttributes(ctx context.Context, r *tfsdk.Resource) {
	r.Raw = objectOfNulls(r.Schema.Type().TerraformType(ctx))
}

// objectOfNulls is an object of type typ whose attributes are all null.
func objectOfNulls(typ tftypes.Type) tftypes.Value {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return tftypes.NewValue(typ, nil)
	}
	values := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, t := range obj.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(obj, values)
}

// decodeList reads a list's configuration into config (List's first line); when the provider is not configured or
// the configuration does not decode, the stream is those diagnostics and it returns false.
func (b *listBase) decodeList(ctx context.Context, req list.ListRequest, config any, stream *list.ListResultsStream) bool {
	var diags diag.Diagnostics
	if !b.configured(&diags) || !decode(ctx, req.Config, config, &diags) {
		stream.Results = listFailed(diags)
		return false
	}
	return true
}

// listAPIError is the stream of a listing that lakeFS refused: one result with its error under summary.
func listAPIError(summary string, err error) func(func(list.ListResult) bool) {
	var diags diag.Diagnostics
	addAPIError(&diags, summary, err)
	return listFailed(diags)
}
