package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewUserCredentialsResource manages an access key pair of a lakeFS user. An import leaves the secret unknown
// (null): lakeFS never shows it again.
func NewUserCredentialsResource() resource.Resource {
	return &userCredentialsResource{importable("user_credentials", identifiedBy("user_id", "access_key_id"))}
}

type userCredentialsResource struct{ importableResource }

type userCredentialsResourceModel struct {
	ID              types.String `tfsdk:"id"`
	UserID          types.String `tfsdk:"user_id"`
	AccessKeyID     types.String `tfsdk:"access_key_id"`
	SecretAccessKey types.String `tfsdk:"secret_access_key"`
	StoreSecret     types.Bool   `tfsdk:"store_secret"`
	CreationDate    types.Int64  `tfsdk:"creation_date"`
}

func (r *userCredentialsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access key pair of a lakeFS user. Destroying the resource revokes the key. Needs lakeFS with an " +
			"auth server (the ACL server, Enterprise or Cloud): lakeFS OSS alone has a single key.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("`<user_id>/<access_key_id>`."),
			"user_id": replacingString("The user the key belongs to. Changing it replaces the key.",
				principalUserIDValidators()...),
			"access_key_id": stableComputedString("The access key id."),
			"secret_access_key": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The secret access key: lakeFS shows it only once, when the key is made. Null when " +
					"`store_secret` is false and after an import.",
				PlanModifiers: []planmodifier.String{secretPlanModifier{}},
			},
			"store_secret": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether to keep `secret_access_key` in the state (default true). Turning it off " +
					"drops the secret from the state in place; turning it on makes a new key.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(storeSecretTurnedOn,
					"Turning store_secret on replaces the key: lakeFS never shows a secret again.",
					"Turning `store_secret` on replaces the key: lakeFS never shows a secret again.")},
			},
			"creation_date": stableComputedInt64("When the key was made, in Unix seconds."),
		},
	}
}

// storeSecretTurnedOn replaces the key when store_secret goes from false to true: the secret cannot be read again.
func storeSecretTurnedOn(_ context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull() && !req.StateValue.ValueBool() && req.PlanValue.ValueBool()
}

// secretPlanModifier plans secret_access_key: null when store_secret is false, otherwise the secret in the state
// (UseStateForUnknown), which no update changes.
type secretPlanModifier struct{}

func (secretPlanModifier) Description(context.Context) string {
	return "null when store_secret is false, otherwise kept from the state"
}

func (m secretPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (secretPlanModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var store types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("store_secret"), &store)...)
	switch {
	case store.IsUnknown():
		// Known at apply only: the secret may go, so it stays unknown.
	case !store.IsNull() && !store.ValueBool():
		resp.PlanValue = types.StringNull()
	case !req.StateValue.IsNull() || !req.State.Raw.IsNull():
		// An existing key: its secret (null after an import) stays as it is, unless the key is replaced.
		if req.PlanValue.IsUnknown() {
			resp.PlanValue = req.StateValue
		}
	}
}

func (r *userCredentialsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userCredentialsResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	userID := plan.UserID.ValueString()
	summary := fmt.Sprintf("Cannot create credentials for user %q", userID)
	// The keys before the create: should its answer be lost, the key it may have made is the one not listed here.
	before, err := r.data.client.ListAllUserCredentials(ctx, userID, "")
	listed := err == nil // lakeFS OSS alone answers 501, and refuses the create below anyway
	if err != nil && !client.IsNotImplemented(err) {
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	created, err := r.data.client.CreateCredentials(ctx, userID)
	if client.IsOutcomeUnknown(err) && listed {
		r.revokeOrphans(ctx, &resp.Diagnostics, userID, before, summary, err)
		return
	}
	if err != nil {
		r.reportCreateError(&resp.Diagnostics, userID, summary, err)
		return
	}
	plan.ID = types.StringValue(joinID(userID, created.AccessKeyID))
	plan.AccessKeyID = types.StringValue(created.AccessKeyID)
	plan.CreationDate = types.Int64Value(created.CreationDate)
	plan.SecretAccessKey = types.StringNull()
	if plan.StoreSecret.ValueBool() {
		plan.SecretAccessKey = types.StringValue(created.SecretAccessKey)
	}
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// revokeOrphans handles a create whose answer was lost: a key lakeFS may have made has a secret nobody will ever
// see, so it is revoked, and the apply fails so that the next one makes a key whose secret Terraform gets.
func (r *userCredentialsResource) revokeOrphans(ctx context.Context, diags *diag.Diagnostics, userID string, before []client.Credentials, summary string, cause error) {
	known := make(map[string]bool, len(before))
	for _, c := range before {
		known[c.AccessKeyID] = true
	}
	detail := apiErrorDetail(cause) + "\n\nThe answer to the create was lost, and with it the secret of any key lakeFS made."
	after, err := r.data.client.ListAllUserCredentials(ctx, userID, "")
	if err != nil {
		diags.AddError(summary, detail+" Listing the user's keys to revoke it failed too ("+apiErrorDetail(err)+
			"): check the keys of user "+userID+" and delete any you do not know. Then apply again.")
		return
	}
	for _, c := range after {
		if known[c.AccessKeyID] {
			continue
		}
		if err := r.data.client.DeleteCredentials(ctx, userID, c.AccessKeyID); err != nil && !client.IsNotFound(err) {
			diags.AddError(summary, detail+fmt.Sprintf(" Revoking key %s failed (%s): delete it yourself.", c.AccessKeyID, apiErrorDetail(err)))
			return
		}
		detail += " Key " + c.AccessKeyID + " was revoked."
	}
	diags.AddError(summary, detail+" Apply again to make a new key.")
}

func (r *userCredentialsResource) reportCreateError(diags *diag.Diagnostics, userID, summary string, err error) {
	switch {
	case client.IsNotFound(err):
		addAPIErrorHint(diags, summary, err, fmt.Sprintf("Check that the lakeFS user %q exists.", userID))
	case client.IsBadRequest(err):
		addAPIErrorHint(diags, summary, err, "lakeFS OSS without an auth server has a single access key "+
			"and makes no other: managing credentials needs lakeFS with the ACL server, lakeFS Enterprise or lakeFS Cloud.")
	default:
		addAPIError(diags, summary, err)
	}
}

func (r *userCredentialsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state userCredentialsResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	userID, keyID := state.UserID.ValueString(), state.AccessKeyID.ValueString()
	found, err := r.data.client.GetCredentials(ctx, userID, keyID)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read credentials %s of user %q", keyID, userID)) {
		return
	}
	state.ID = types.StringValue(joinID(userID, found.AccessKeyID))
	state.AccessKeyID = types.StringValue(found.AccessKeyID)
	state.CreationDate = types.Int64Value(found.CreationDate)
	if state.StoreSecret.IsNull() {
		// Imported: the secret is unknown, and nothing says whether to keep the next one.
		state.StoreSecret = types.BoolValue(true)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only runs when store_secret is turned off (everything else replaces the key): the secret leaves the state.
func (r *userCredentialsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userCredentialsResourceModel
	if !decode(ctx, req.Plan, &plan, &resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	plan.SecretAccessKey = state.SecretAccessKey
	if !plan.StoreSecret.ValueBool() {
		plan.SecretAccessKey = types.StringNull()
	}
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *userCredentialsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userCredentialsResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	userID, keyID := state.UserID.ValueString(), state.AccessKeyID.ValueString()
	err := r.data.client.DeleteCredentials(ctx, userID, keyID)
	if err != nil && !client.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot revoke credentials %s of user %q", keyID, userID), err)
	}
}
