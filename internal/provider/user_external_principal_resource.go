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

// NewUserExternalPrincipalResource attaches an external principal (an AWS IAM ARN) to a lakeFS user. Its import id
// is the principal id as is: ARNs contain ":" and "/", so it is never split.
func NewUserExternalPrincipalResource() resource.Resource {
	return &userExternalPrincipalResource{importable("user_external_principal", identifiedBy("principal_id"))}
}

type userExternalPrincipalResource struct{ importableResource }

type userExternalPrincipalResourceModel struct {
	ID          types.String `tfsdk:"id"`
	UserID      types.String `tfsdk:"user_id"`
	PrincipalID types.String `tfsdk:"principal_id"`
	Settings    types.Map    `tfsdk:"settings"`
}

// importedSettingsKey marked, in private state, an imported principal whose settings were to be adopted without
// replacing the attachment. Settings never replace the attachment any more; the key is still cleared on update.
const importedSettingsKey = "settings_unknown_after_import"

func (r *userExternalPrincipalResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Attaches an external principal, in practice an AWS IAM role ARN, to a lakeFS user, so that it can log in to " +
			"lakeFS as that user (lakeFS Enterprise and lakeFS Cloud).",
		Attributes: map[string]schema.Attribute{
			"id":      idAttribute("The principal id."),
			"user_id": replacingString("The lakeFS user the principal is attached to. Changing it replaces the attachment.", principalUserIDValidators()...),
			"principal_id": replacingString("The external principal id, for example `arn:aws:iam::123456789012:role/my-role`. "+
				"Changing it replaces the attachment.", principalIDValidators()...),
			"settings": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Settings sent with the attachment. lakeFS currently ignores them and never returns them, " +
					"so they cannot be imported or checked for drift. Changing them only updates the state: the principal " +
					"is not detached and attached again, since that would change nothing in lakeFS.",
			},
		},
	}
}

func (r *userExternalPrincipalResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userExternalPrincipalResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	userID, principalID := plan.UserID.ValueString(), plan.PrincipalID.ValueString()
	settings := stringMap(ctx, plan.Settings, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.CreateUserExternalPrincipal(ctx, userID, principalID, settings)
	if client.IsOutcomeUnknown(err) {
		// The attach may have gone through (a replay would get 409): adopt it if it is attached to this user.
		if found, getErr := r.data.client.GetExternalPrincipal(ctx, principalID); getErr == nil && found.UserID == userID {
			err = nil
		}
	}
	if err != nil {
		r.reportCreateError(ctx, &resp.Diagnostics, userID, principalID, err)
		return
	}
	// Saved before the read-back: should that fail, Terraform keeps the attachment (tainted) instead of losing it.
	plan.ID = types.StringValue(principalID)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)

	found, err := r.data.client.GetExternalPrincipal(ctx, principalID)
	if err != nil {
		addExternalPrincipalError(&resp.Diagnostics, fmt.Sprintf("Cannot read external principal %q after attaching it", principalID), err)
		return
	}
	plan.fromAPI(found)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *userExternalPrincipalResource) reportCreateError(ctx context.Context, diags *diag.Diagnostics, userID, principalID string, err error) {
	summary := fmt.Sprintf("Cannot attach external principal %q to user %q", principalID, userID)
	switch {
	case client.IsConflict(err):
		detail := apiErrorDetail(err) + "\n\nThe principal is already attached"
		if found, getErr := r.data.client.GetExternalPrincipal(ctx, principalID); getErr == nil {
			detail += fmt.Sprintf(" to user %q", found.UserID)
		}
		diags.AddError(summary, detail+". A principal can be attached to one user only. To manage the existing attachment, "+
			"import it with: terraform import <address> "+principalID)
	case client.IsNotFound(err):
		addAPIErrorHint(diags, summary, err, fmt.Sprintf("Check that the lakeFS user %q exists.", userID))
	default:
		addExternalPrincipalError(diags, summary, err)
	}
}

func (r *userExternalPrincipalResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state userExternalPrincipalResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	principalID := state.PrincipalID.ValueString()
	found, err := r.data.client.GetExternalPrincipal(ctx, principalID)
	if isGone(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addExternalPrincipalError(&resp.Diagnostics, fmt.Sprintf("Cannot read external principal %q", principalID), err)
		return
	}
	// A principal moved to another user reads as a new user_id, which the next plan replaces.
	state.fromAPI(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only runs when settings change (everything else replaces the attachment): lakeFS ignores settings and
// keeps none, so there is nothing to send, and detaching and re-attaching would leave the principal without access
// for a while (or detached, should the re-attach fail).
func (r *userExternalPrincipalResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateStateOnly(ctx, req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedSettingsKey, nil)...)
}

func (r *userExternalPrincipalResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userExternalPrincipalResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	userID, principalID := state.UserID.ValueString(), state.PrincipalID.ValueString()
	err := r.data.client.DeleteUserExternalPrincipal(ctx, userID, principalID)
	if err != nil && !client.IsNotFound(err) {
		addExternalPrincipalError(&resp.Diagnostics, fmt.Sprintf("Cannot detach external principal %q from user %q", principalID, userID), err)
	}
}

func (m *userExternalPrincipalResourceModel) fromAPI(p *client.ExternalPrincipal) {
	m.ID = types.StringValue(p.ID)
	m.PrincipalID = types.StringValue(p.ID)
	m.UserID = types.StringValue(p.UserID)
}
