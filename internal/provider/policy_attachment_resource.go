package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*policyAttachmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*policyAttachmentResource)(nil)
)

// policyAttachmentKind is what differs between attaching a policy to a user and to a group: one resource type each,
// one implementation (the two are the same but for the lakeFS calls and the principal's name).
type policyAttachmentKind struct {
	typeName  string // "user_policy_attachment"
	principal string // "user" or "group": the attribute is <principal>_id
	attach    func(c *client.Client, ctx context.Context, principalID, policyID string) error
	detach    func(c *client.Client, ctx context.Context, principalID, policyID string) error
	list      func(c *client.Client, ctx context.Context, principalID string) ([]client.Policy, error)
}

// NewUserPolicyAttachmentResource attaches a policy to a user (lakeFS Enterprise).
func NewUserPolicyAttachmentResource() resource.Resource {
	return newPolicyAttachmentResource(policyAttachmentKind{
		typeName: "user_policy_attachment", principal: "user",
		attach: (*client.Client).AttachPolicyToUser, detach: (*client.Client).DetachPolicyFromUser,
		list: func(c *client.Client, ctx context.Context, userID string) ([]client.Policy, error) {
			return c.ListAllUserPolicies(ctx, userID, false)
		},
	})
}

// NewGroupPolicyAttachmentResource attaches a policy to a group (lakeFS Enterprise).
func NewGroupPolicyAttachmentResource() resource.Resource {
	return newPolicyAttachmentResource(policyAttachmentKind{
		typeName: "group_policy_attachment", principal: "group",
		attach: (*client.Client).AttachPolicyToGroup, detach: (*client.Client).DetachPolicyFromGroup,
		list: (*client.Client).ListAllGroupPolicies,
	})
}

// newPolicyAttachmentResource: the identity is the import id's parts, the principal and the policy.
func newPolicyAttachmentResource(kind policyAttachmentKind) *policyAttachmentResource {
	return &policyAttachmentResource{
		importableResource: importable(kind.typeName, identifiedBy(kind.principal+"_id", "policy_id")),
		kind:               kind,
	}
}

// Every attribute replaces the attachment: Update never runs.
type policyAttachmentResource struct {
	importableResource
	updatesStateOnly
	kind policyAttachmentKind
}

// policyAttachmentModel is read and written attribute by attribute: the principal's attribute is user_id or group_id.
type policyAttachmentModel struct {
	ID, PrincipalID, PolicyID string
}

func (r *policyAttachmentResource) principalAttr() string { return r.kind.principal + "_id" }

func (r *policyAttachmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	p := r.kind.principal
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Attaches a policy to a lakeFS %s (lakeFS Enterprise and lakeFS Cloud).", p),
		Attributes: map[string]schema.Attribute{
			"id": idAttribute(fmt.Sprintf("`<%s_id>/<policy_id>`.", p)),
			r.principalAttr(): replacingString(fmt.Sprintf("The %s. Changing it replaces the attachment.", p),
				principalUserIDValidators()...),
			"policy_id": replacingString("The policy. Changing it replaces the attachment.", principalUserIDValidators()...),
		},
	}
}

// get reads the model from a tfsdk.Plan or tfsdk.State.
func (r *policyAttachmentResource) get(ctx context.Context, g attributeReader, diags *diag.Diagnostics) (policyAttachmentModel, bool) {
	var m policyAttachmentModel
	var principal, policy types.String
	diags.Append(g.GetAttribute(ctx, path.Root(r.principalAttr()), &principal)...)
	diags.Append(g.GetAttribute(ctx, path.Root("policy_id"), &policy)...)
	m.PrincipalID, m.PolicyID = principal.ValueString(), policy.ValueString()
	m.ID = joinID(m.PrincipalID, m.PolicyID)
	return m, !diags.HasError()
}

// configuredGet is get for Create and Delete, which need the provider configured.
func (r *policyAttachmentResource) configuredGet(ctx context.Context, g attributeReader, diags *diag.Diagnostics) (policyAttachmentModel, bool) {
	if !r.configured(diags) {
		return policyAttachmentModel{}, false
	}
	return r.get(ctx, g, diags)
}

func (r *policyAttachmentResource) set(ctx context.Context, state *tfsdk.State, m policyAttachmentModel, diags *diag.Diagnostics) {
	diags.Append(state.SetAttribute(ctx, path.Root("id"), m.ID)...)
	diags.Append(state.SetAttribute(ctx, path.Root(r.principalAttr()), m.PrincipalID)...)
	diags.Append(state.SetAttribute(ctx, path.Root("policy_id"), m.PolicyID)...)
}

// attached reports whether policyID is attached to principalID.
func (r *policyAttachmentResource) attached(ctx context.Context, m policyAttachmentModel) (bool, error) {
	policies, err := r.kind.list(r.data.client, ctx, m.PrincipalID)
	if err != nil {
		return false, err
	}
	for _, p := range policies {
		if p.ID == m.PolicyID {
			return true, nil
		}
	}
	return false, nil
}

func (r *policyAttachmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	m, ok := r.configuredGet(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	if _, ok := createOrAdopt(&resp.Diagnostics, adoptingCreate[struct{}]{
		summary:  fmt.Sprintf("Cannot attach policy %q to %s %q", m.PolicyID, r.kind.principal, m.PrincipalID),
		exists:   "The policy is already attached.",
		importID: m.ID,
		missing:  fmt.Sprintf("Check that the lakeFS %s %q and the policy %q exist.", r.kind.principal, m.PrincipalID, m.PolicyID),
		create: func() (struct{}, error) {
			return struct{}{}, r.kind.attach(r.data.client, ctx, m.PrincipalID, m.PolicyID)
		},
		find: func() (struct{}, landing) {
			// Adopted if attached; an absent attachment is not made again.
			if found, err := r.attached(ctx, m); err == nil && found {
				return struct{}{}, landed
			}
			return struct{}{}, landingUnknown
		},
		report: addPolicyError,
	}); !ok {
		return
	}
	r.set(ctx, &resp.State, m, &resp.Diagnostics)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *policyAttachmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	if r.data == nil {
		return
	}
	m, ok := r.get(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	found, err := r.attached(ctx, m)
	switch {
	case isGone(err): // the user or group is gone, and the attachment with it
		resp.State.RemoveResource(ctx)
	case err != nil:
		addPolicyError(&resp.Diagnostics, fmt.Sprintf("Cannot read the policies of %s %q", r.kind.principal, m.PrincipalID), err)
	case !found:
		resp.State.RemoveResource(ctx)
	default:
		r.set(ctx, &resp.State, m, &resp.Diagnostics)
	}
}

func (r *policyAttachmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m, ok := r.configuredGet(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	err := r.kind.detach(r.data.client, ctx, m.PrincipalID, m.PolicyID)
	if err != nil && !client.IsNotFound(err) {
		addPolicyError(&resp.Diagnostics, fmt.Sprintf("Cannot detach policy %q from %s %q", m.PolicyID, r.kind.principal, m.PrincipalID), err)
	}
}
