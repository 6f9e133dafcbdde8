package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewGroupMembershipResource puts one lakeFS user in one group.
func NewGroupMembershipResource() resource.Resource {
	return &groupMembershipResource{importableResource: importable("group_membership", identifiedBy("group_id", "user_id"))}
}

// Both attributes replace the membership: Update never runs.
type groupMembershipResource struct {
	importableResource
	updatesStateOnly
}

type groupMembershipResourceModel struct {
	ID      types.String `tfsdk:"id"`
	GroupID types.String `tfsdk:"group_id"`
	UserID  types.String `tfsdk:"user_id"`
}

func (r *groupMembershipResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Puts one lakeFS user in one group. Other members of the group are left alone.",
		Attributes: map[string]schema.Attribute{
			"id":       idAttribute("`<group_id>/<user_id>`."),
			"group_id": replacingString("The group. Changing it replaces the membership.", groupIDValidators()...),
			"user_id":  replacingString("The user. Changing it replaces the membership.", userIDValidators()...),
		},
	}
}

func (r *groupMembershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupMembershipResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	group, user := plan.GroupID.ValueString(), plan.UserID.ValueString()
	_, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[struct{}]{
		summary:  fmt.Sprintf("Cannot add user %q to group %q", user, group),
		exists:   "The user is already in the group: the membership exists.",
		importID: joinID(group, user),
		missing:  fmt.Sprintf("Check that the group %q and the user %q exist.", group, user),
		create:   func() (struct{}, error) { return struct{}{}, r.data.client.AddGroupMembership(ctx, group, user) },
		find: func() (struct{}, landing) {
			switch member, err := r.isMember(ctx, group, user); {
			case err != nil:
				return struct{}{}, landingUnknown
			case member:
				return struct{}{}, landed
			}
			return struct{}{}, notLanded
		},
	})
	if !ok {
		return
	}
	plan.ID = types.StringValue(joinID(group, user))
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// isMember lists the group's members whose id starts with the user's and looks for the user (one request for
// most groups). A missing group is lakeFS's 404.
func (r *groupMembershipResource) isMember(ctx context.Context, group, user string) (bool, error) {
	members, err := r.data.client.ListAllGroupMembers(ctx, group, user)
	if err != nil {
		return false, err
	}
	for _, m := range members {
		if m.ID == user {
			return true, nil
		}
	}
	return false, nil
}

func (r *groupMembershipResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state groupMembershipResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	group, user := state.GroupID.ValueString(), state.UserID.ValueString()
	member, err := r.isMember(ctx, group, user)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read the members of group %q", group)) {
		return
	}
	if !member { // taken out of the group, or the user deleted, outside Terraform
		resp.State.RemoveResource(ctx)
		return
	}
	state.ID = types.StringValue(joinID(group, user))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupMembershipResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupMembershipResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	group, user := state.GroupID.ValueString(), state.UserID.ValueString()
	// 404: the group or the user is gone, and the membership with it.
	if err := r.data.client.DeleteGroupMembership(ctx, group, user); err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot remove user %q from group %q", user, group), err)
	}
}
