package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// What every resource, data source, ephemeral resource, action and list resource shares. Each embeds
// resourceBase (importableResource when Terraform can import it), dataSourceBase, ephemeralBase, actionBase or
// listBase, which implement Configure and Metadata; its constructor names it, and its own file then holds its
// schema and its lakeFS calls:
//
//	func NewBranchResource() resource.Resource {
//		return &branchResource{importable("branch", branchIdentity)}
//	}
//
//	type branchResource struct{ importableResource }
//
//	func (r *branchResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
//		var plan branchResourceModel
//		if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
//			return
//		}
//		... r.data.client.CreateBranch(ctx, ...)

// providerBase holds the type name and what the configured provider hands over; data is nil until Terraform
// configures the provider with known values (see notConfiguredDetail).
type providerBase struct {
	typeName string // what follows the provider's name: "branch" is lakefs_branch
	data     *providerData
}

// fullTypeName is the type name Metadata answers with: "lakefs_branch".
func (b *providerBase) fullTypeName(providerTypeName string) string {
	return providerTypeName + "_" + b.typeName
}

// configured reports whether the provider is configured, and adds the "not configured" error when it is not:
// Create, Update, Delete, a data source's Read and an ephemeral resource's Open cannot do without a client. A
// resource's Read instead keeps the state as it is (`if r.data == nil { return }`).
func (b *providerBase) configured(diags *diag.Diagnostics) bool {
	if b.data == nil {
		diags.AddError("Provider not configured", notConfiguredDetail)
		return false
	}
	return true
}

// The constructors name what they make: resourceNamed("branch") is the base of lakefs_branch.
func resourceNamed(name string) resourceBase     { return resourceBase{providerBase{typeName: name}} }
func dataSourceNamed(name string) dataSourceBase { return dataSourceBase{providerBase{typeName: name}} }
func ephemeralNamed(name string) ephemeralBase   { return ephemeralBase{providerBase{typeName: name}} }
func actionNamed(name string) actionBase         { return actionBase{providerBase{typeName: name}} }
func listNamed(name string) listBase             { return listBase{providerBase{typeName: name}} }

// resourceBase implements resource.ResourceWithConfigure's Configure and Metadata.
type resourceBase struct{ providerBase }

func (b *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = b.fullTypeName(req.ProviderTypeName)
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// dataSourceBase implements datasource.DataSourceWithConfigure's Configure and Metadata.
type dataSourceBase struct{ providerBase }

func (b *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = b.fullTypeName(req.ProviderTypeName)
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ephemeralBase implements ephemeral.EphemeralResourceWithConfigure's Configure and Metadata.
type ephemeralBase struct{ providerBase }

func (b *ephemeralBase) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = b.fullTypeName(req.ProviderTypeName)
}

func (b *ephemeralBase) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// modelSource is tfsdk.Plan, tfsdk.State or tfsdk.Config.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// decode reads a plan, state or configuration into a model (req.Plan.Get) and reports whether that worked.
func decode(ctx context.Context, from modelSource, model any, diags *diag.Diagnostics) bool {
	diags.Append(from.Get(ctx, model)...)
	return !diags.HasError()
}

// foundOrRemoved handles the error of the lakeFS call with which a resource's Read looks for its object.
// lakeFS's own 404, or its 410 for a repository being deleted, means the object was deleted outside Terraform:
// the resource is removed from the state, and the next plan creates it again. A 404 or 410 that lakeFS did not
// send is an error like any other (see isGone), reported under summary. It reports whether Read goes on.
func foundOrRemoved(ctx context.Context, resp *resource.ReadResponse, err error, summary string) bool {
	switch {
	case isGone(err):
		resp.State.RemoveResource(ctx)
		return false
	case err != nil:
		addAPIError(&resp.Diagnostics, summary, err)
		return false
	}
	return true
}

// updatesStateOnly, embedded, is the Update of a resource that lakeFS cannot change in place: every change that
// lakeFS stores replaces it, so what reaches Update only records the plan (updateStateOnly).
type updatesStateOnly struct{}

func (updatesStateOnly) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateStateOnly(ctx, req, resp)
}

// updateStateOnly is the Update of a change that lakeFS does not store (a setting such as force_destroy, or a
// value adopted on the first apply after an import): the plan becomes the state, and the import marker goes.
func updateStateOnly(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw.Copy()
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	identityFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// timeoutOf is the Create, Update or Delete method of a timeouts.Value (the `timeouts` block).
type timeoutOf func(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics)

// withTimeout bounds ctx by the timeout that a resource's `timeouts` block sets for the operation, or by
// defaultTimeout. Call cancel when the operation ends; on a diagnostic, ctx is returned as it was.
func withTimeout(ctx context.Context, timeout timeoutOf, defaultTimeout time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	d, problems := timeout(ctx, defaultTimeout)
	diags.Append(problems...)
	if problems.HasError() {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}

// writePlan is the Create and the Update of a resource that writes its whole plan with one write function (which
// fills in the computed values): the plan, written, becomes the state, with its identity.
func writePlan[M any](ctx context.Context, r importableResource, write func(context.Context, *M, *diag.Diagnostics) bool,
	plan tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	var m M
	if !r.configured(diags) || !decode(ctx, plan, &m, diags) || !write(ctx, &m, diags) {
		return
	}
	r.setStateAndIdentity(ctx, &m, state, identity, diags)
}
