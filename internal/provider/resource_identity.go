package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12+): the string attributes that name a resource's lakeFS object, as structured
// values (`identity = { repository = "r", branch = "main", path = "a/b" }`) rather than one "a/b/c" id. A
// resource embeds importableResource, made with identifiedBy(...) and the names of those attributes, which are
// also the names of its state attributes:
//
//	func NewBranchResource() resource.Resource {
//		return &branchResource{importable("branch", identifiedBy("repository", "name"))}
//	}
//
//	type branchResource struct{ importableResource }
//
// then sets the state of Create and Update with r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity,
// &resp.Diagnostics) (or r.setIdentity after its own resp.State.Set) and starts Read with `defer r.readIdentity(ctx, req, resp)` (which also fills in the identity of a
// state written before identity existed). Its ImportState comes with it and takes either an import id "a/b/c" or an
// identity; a resource that imports more (a private marker, a default) wraps r.importIdentity in its own.

// importableResource is a resource that Terraform can import, by an import id "a/b/c" or by identity.
type importableResource struct {
	resourceBase
	identified
}

// importable is the base of the resource lakefs_<typeName> with identity id.
func importable(typeName string, id identified) importableResource {
	return importableResource{resourceNamed(typeName), id}
}

// identified implements resource.ResourceWithIdentity's IdentitySchema for the state attributes attrs, and
// resource.ResourceWithImportState's ImportState (importIdentity).
type identified struct{ attrs []string }

// identifiedBy is the identity made of the string state attributes attrs, in import id order.
func identifiedBy(attrs ...string) identified { return identified{attrs: attrs} }

func (i identified) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attributes := make(map[string]identityschema.Attribute, len(i.attrs))
	for _, a := range i.attrs {
		attributes[a] = identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       fmt.Sprintf("The %s, as in the resource's `%s` attribute.", a, a),
		}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attributes}
}

// attributeReader is a tfsdk.State, or a list result's tfsdk.Resource.
type attributeReader interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// setIdentity copies the identity attributes from state (after its Set) into identity. A nil identity or a state
// being removed (RemoveResource) is left alone.
func (i identified) setIdentity(ctx context.Context, state attributeReader, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || diags.HasError() {
		return
	}
	if s, ok := state.(tfsdk.State); ok && s.Raw.IsNull() {
		return
	}
	for _, a := range i.attrs {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(a), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(a), v)...)
	}
}

// setStateAndIdentity is how Create and Update end: model becomes the state, and the identity is taken from it.
func (i identified) setStateAndIdentity(ctx context.Context, model any, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	diags.Append(state.Set(ctx, model)...)
	i.setIdentity(ctx, *state, identity, diags)
}

// readIdentity is a Read's first line, `defer r.readIdentity(ctx, req, resp)`: whatever way Read returns with the
// resource still in the state (even an unconfigured provider's early return), its identity is set, as Terraform
// requires, also for a state written before identity existed.
// A resource removed from the state still answers with its prior identity: the framework refuses a null one.
func (i identified) readIdentity(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if resp.State.Raw.IsNull() {
		i.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
		return
	}
	i.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// ImportState imports by identity or import id; a resource with more to import wraps importIdentity in its own.
func (i identified) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	i.importIdentity(ctx, req, resp)
}

// importIdentity imports by identity (an import block's `identity`) or by an id "<a>/<b>/<c>" of the identity
// attributes in order (see importParts), setting the state attributes and the identity. It reports whether the
// import went through.
func (i identified) importIdentity(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	if req.ID != "" {
		if len(i.attrs) == 1 {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(i.attrs[0]), req.ID)...)
		} else if !importParts(ctx, req, resp, i.attrs...) {
			return false
		}
		i.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		return !resp.Diagnostics.HasError()
	}
	if req.Identity == nil {
		resp.Diagnostics.AddError("Invalid import", "Neither an import id nor an identity was given.")
		return false
	}
	for _, a := range i.attrs {
		var v types.String
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root(a), &v)...)
		if !resp.Diagnostics.HasError() && (v.IsNull() || v.ValueString() == "") {
			resp.Diagnostics.AddAttributeError(path.Root(a), "Invalid import identity", fmt.Sprintf("The identity's %q must be set and non-empty.", a))
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(a), v)...)
	}
	return !resp.Diagnostics.HasError()
}

// identityFromState sets each attribute of identity (a resource's whatever it is) from the state attribute of the
// same name: the Update that only records the plan (updateStateOnly) has no planned identity from Terraform < 1.12.
func identityFromState(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || identity.Schema == nil || diags.HasError() {
		return
	}
	for name := range identity.Schema.GetAttributes() {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(name), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(name), v)...)
	}
}
