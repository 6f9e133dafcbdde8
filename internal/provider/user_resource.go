package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewUserResource manages a lakeFS user (lakeFS with an auth server: the ACL server, Enterprise or Cloud).
func NewUserResource() resource.Resource {
	return &userResource{importableResource: importable("user", identifiedBy("id"))}
}

// The id replaces the user and everything else is computed: Update never runs.
type userResource struct {
	importableResource
	updatesStateOnly
}

type userResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Email        types.String `tfsdk:"email"`
	FriendlyName types.String `tfsdk:"friendly_name"`
	CreationDate types.Int64  `tfsdk:"creation_date"`
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS user. Needs lakeFS with an auth server (lakeFS's ACL server, Enterprise or Cloud): " +
			"lakeFS OSS alone has a single user. Destroying the user deletes its access keys first.",
		Attributes: map[string]schema.Attribute{
			"id": replacingString("The user name: anything but empty, without `/`, `%` or `+`. Changing it replaces the user.",
				userIDValidators()...),
			"email": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The user's email address as lakeFS reports it (read-only: lakeFS has no operation to set it).",
			},
			"friendly_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The user's display name as lakeFS reports it (read-only: lakeFS has no operation to set it).",
			},
			"creation_date": stableComputedInt64("When the user was created, in Unix seconds."),
		},
	}
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	id := plan.ID.ValueString()
	_, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[*client.User]{
		summary:  fmt.Sprintf("Cannot create user %q", id),
		exists:   "A user of this name exists (lakeFS OSS without an auth server always answers so: it has a single user).",
		importID: id,
		create:   func() (*client.User, error) { return r.data.client.CreateUser(ctx, client.UserCreation{ID: id}) },
		find:     func() (*client.User, landing) { return lookedUp(r.data.client.GetUser(ctx, id)) },
	})
	if !ok {
		return
	}
	// createUser answers with id and creation_date only: read the rest.
	user, err := r.data.client.GetUser(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read user %q after creating it", id), err)
		return
	}
	plan.fromAPI(user)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state userResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	user, err := r.data.client.GetUser(ctx, id)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read user %q", id)) {
		return
	}
	state.fromAPI(user)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete deletes the user's access keys, then the user: lakeFS's deleteUser leaves the keys behind, and a user
// created again under the same name would get them back, able to log in with them.
func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	keys, err := r.data.client.ListAllUserCredentials(ctx, id, "")
	if err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot list the access keys of user %q before deleting it", id), err)
		return
	}
	for _, key := range keys {
		if err := r.data.client.DeleteCredentials(ctx, id, key.AccessKeyID); err != nil && !isGone(err) {
			addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot delete access key %q of user %q before deleting it", key.AccessKeyID, id), err)
			return
		}
	}
	if err := r.data.client.DeleteUser(ctx, id); err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot delete user %q", id), err)
	}
}

func (m *userResourceModel) fromAPI(u *client.User) {
	m.ID = types.StringValue(u.ID)
	m.Email = types.StringValue(u.Email)
	m.FriendlyName = types.StringValue(u.FriendlyName)
	m.CreationDate = types.Int64Value(u.CreationDate)
}
