package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewGroupResource manages a lakeFS group (lakeFS with an auth server: the ACL server, Enterprise or Cloud).
func NewGroupResource() resource.Resource {
	return &groupResource{importableResource: importable("group", identifiedBy("id"))}
}

// Every configurable attribute replaces the group: Update never runs.
type groupResource struct {
	importableResource
	updatesStateOnly
}

type groupResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Description  types.String `tfsdk:"description"`
	CreationDate types.Int64  `tfsdk:"creation_date"`
}

func (r *groupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS group. Needs lakeFS with an auth server (lakeFS's ACL server, Enterprise or Cloud). " +
			"Destroying it also ends its memberships and drops its ACL.",
		Attributes: map[string]schema.Attribute{
			"id": replacingString("The group name: anything but empty, without `/`, `%` or `+`. Changing it replaces the group.",
				groupIDValidators()...),
			"description": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A description. lakeFS cannot change it: changing it replaces the group, " +
					"which ends its memberships and drops its ACL (their resources then create them again).",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"creation_date": stableComputedInt64("When the group was created, in Unix seconds."),
		},
	}
}

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	id := plan.ID.ValueString()
	creation := client.GroupCreation{ID: id, Description: plan.Description.ValueStringPointer()}
	_, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[*client.Group]{
		summary:  fmt.Sprintf("Cannot create group %q", id),
		exists:   "A group of this name exists.",
		importID: id,
		create:   func() (*client.Group, error) { return r.data.client.CreateGroup(ctx, creation) },
		find:     func() (*client.Group, landing) { return lookedUp(r.data.client.GetGroup(ctx, id)) },
	})
	if !ok {
		return
	}
	group, err := r.data.client.GetGroup(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read group %q after creating it", id), err)
		return
	}
	plan.fromAPI(group)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state groupResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	group, err := r.data.client.GetGroup(ctx, id)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read group %q", id)) {
		return
	}
	state.fromAPI(group)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if err := r.data.client.DeleteGroup(ctx, id); err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot delete group %q", id), err)
	}
}

// fromAPI reads getGroup's answer, which sends "" for a group without a description: that is null here.
func (m *groupResourceModel) fromAPI(g *client.Group) {
	m.ID = types.StringValue(g.ID)
	m.Description = types.StringNull()
	if g.Description != nil && *g.Description != "" {
		m.Description = types.StringValue(*g.Description)
	}
	m.CreationDate = types.Int64Value(g.CreationDate)
}
