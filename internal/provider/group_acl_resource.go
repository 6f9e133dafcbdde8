package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewGroupACLResource manages a lakeFS group's ACL (lakeFS's ACL server, rbac "simplified").
func NewGroupACLResource() resource.Resource {
	return &groupACLResource{importable("group_acl", identifiedBy("group_id"))}
}

type groupACLResource struct{ importableResource }

type groupACLResourceModel struct {
	ID         types.String `tfsdk:"id"`
	GroupID    types.String `tfsdk:"group_id"`
	Permission types.String `tfsdk:"permission"`
}

func (r *groupACLResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS group's ACL: what its members may do in every repository. " +
			"Destroying it sets the permission back to `Read`, the lowest there is.",
		Attributes: map[string]schema.Attribute{
			"id":       idAttribute("The group id."),
			"group_id": replacingString("The group. Changing it replaces the ACL.", groupIDValidators()...),
			"permission": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`Read`, `Write`, `Super` or `Admin` (case-sensitive). It applies to all repositories.",
				Validators:          aclPermissionValidators(),
			},
		},
	}
}

func (r *groupACLResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// write sends the planned ACL and fills in the id: Create and Update are the same, as setGroupACL replaces the ACL
// and is idempotent.
func (r *groupACLResource) write(ctx context.Context, plan *groupACLResourceModel, diags *diag.Diagnostics) bool {
	group, permission := plan.GroupID.ValueString(), plan.Permission.ValueString()
	if err := r.data.client.SetGroupACL(ctx, group, client.ACL{Permission: permission}); err != nil {
		detail := apiErrorDetail(err)
		if client.IsNotFound(err) {
			detail += fmt.Sprintf("\n\nCheck that the group %q exists.", group)
		}
		diags.AddError(fmt.Sprintf("Cannot set the ACL of group %q to %q", group, permission), detail)
		return false
	}
	plan.ID = types.StringValue(group)
	return true
}

func (r *groupACLResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state groupACLResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	group := state.GroupID.ValueString()
	acl, err := r.data.client.GetGroupACL(ctx, group)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read the ACL of group %q", group)) {
		return
	}
	// lakeFS answers a missing group, and a group without an ACL, with 200 and an empty permission.
	if acl.Permission == "" {
		resp.State.RemoveResource(ctx)
		return
	}
	state.ID = types.StringValue(group)
	state.Permission = types.StringValue(acl.Permission)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupACLResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete sets the permission to Read: lakeFS has no operation that removes a group's ACL, and leaving a higher
// permission in place after a destroy would keep access that the configuration no longer grants. A group that is
// gone (404) has no ACL left.
func (r *groupACLResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupACLResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	group := state.GroupID.ValueString()
	err := r.data.client.SetGroupACL(ctx, group, client.ACL{Permission: client.ACLRead})
	if err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot set the ACL of group %q back to %q", group, client.ACLRead), err)
	}
}
