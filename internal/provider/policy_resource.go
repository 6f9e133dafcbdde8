package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewPolicyResource manages a lakeFS Enterprise policy.
func NewPolicyResource() resource.Resource {
	return &policyResource{importable("policy", identifiedBy("id"))}
}

type policyResource struct{ importableResource }

type policyResourceModel struct {
	ID        types.String `tfsdk:"id"`
	Statement types.Set    `tfsdk:"statement"`
}

type policyStatementModel struct {
	Effect   types.String `tfsdk:"effect"`
	Action   types.Set    `tfsdk:"action"`
	Resource types.String `tfsdk:"resource"`
}

var policyStatementType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"effect": types.StringType, "action": types.SetType{ElemType: types.StringType}, "resource": types.StringType,
}}

var (
	// policyActionPattern: lakeFS checks actions as "<service>:<name>" (fs:ReadObject, fs:*).
	policyActionPattern = regexp.MustCompile(`^[a-z]+:[A-Za-z*]+$`)
	// policyResourcePattern: "*" or an ARN of at least six parts (arn:lakefs:fs:::repository/r).
	policyResourcePattern = regexp.MustCompile(`^(\*|arn:([^:]*:){4}.*)$`)
)

func (r *policyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS policy: named statements that allow or deny actions on resources (lakeFS Enterprise and lakeFS Cloud).",
		Attributes: map[string]schema.Attribute{
			"id": replacingString("The policy id. Changing it replaces the policy.", principalUserIDValidators()...),
			"statement": schema.SetNestedAttribute{
				Required: true,
				MarkdownDescription: "The statements, at least one. Their order does not matter (a set): a deny wins over " +
					"an allow whatever the order.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"effect": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "`allow` or `deny`.",
						Validators:          []validator.String{stringvalidator.OneOf("allow", "deny")},
					},
					"action": schema.SetAttribute{
						Required:            true,
						ElementType:         types.StringType,
						MarkdownDescription: "Actions, such as `fs:ReadObject` or `fs:*`; at least one, in any order.",
						Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(
							stringvalidator.RegexMatches(policyActionPattern, "must be a lakeFS action such as fs:ReadObject or fs:*"))},
					},
					"resource": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "`*` or a lakeFS ARN, such as `arn:lakefs:fs:::repository/my-repo/*`.",
						Validators: []validator.String{stringvalidator.RegexMatches(policyResourcePattern,
							"must be * or a lakeFS ARN such as arn:lakefs:fs:::repository/my-repo")},
					},
				}},
			},
		},
	}
}

func (r *policyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics, r.create)
}

// create sends createPolicy and reports whether the policy was made (or found made by a create whose answer was lost).
func (r *policyResource) create(ctx context.Context, policy client.Policy, diags *diag.Diagnostics) (*client.Policy, bool) {
	return createOrAdopt(diags, adoptingCreate[*client.Policy]{
		summary:  fmt.Sprintf("Cannot create policy %q", policy.ID),
		exists:   "The policy already exists.",
		importID: policy.ID,
		create:   func() (*client.Policy, error) { return r.data.client.CreatePolicy(ctx, policy) },
		find: func() (*client.Policy, landing) {
			// Adopted if it holds these statements; an absent policy is not created again.
			if found, err := r.data.client.GetPolicy(ctx, policy.ID); err == nil && sameStatements(found.Statement, policy.Statement) {
				return found, landed
			}
			return nil, landingUnknown
		},
		report: addPolicyError,
	})
}

// write is Create and Update: it sends the planned policy with send, and records lakeFS's answer as the state.
func (r *policyResource) write(ctx context.Context, from tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics,
	send func(context.Context, client.Policy, *diag.Diagnostics) (*client.Policy, bool)) {
	var plan policyResourceModel
	if !r.configured(diags) || !decode(ctx, from, &plan, diags) {
		return
	}
	policy := plan.toAPI(ctx, diags)
	if diags.HasError() {
		return
	}
	written, ok := send(ctx, policy, diags)
	if !ok {
		return
	}
	plan.fromAPI(ctx, written, diags)
	r.setStateAndIdentity(ctx, &plan, state, identity, diags)
}

func (r *policyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state policyResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	found, err := r.data.client.GetPolicy(ctx, state.ID.ValueString())
	if isGone(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addPolicyError(&resp.Diagnostics, fmt.Sprintf("Cannot read policy %q", state.ID.ValueString()), err)
		return
	}
	state.fromAPI(ctx, found, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *policyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics, r.update)
}

func (r *policyResource) update(ctx context.Context, policy client.Policy, diags *diag.Diagnostics) (*client.Policy, bool) {
	updated, err := r.data.client.UpdatePolicy(ctx, policy)
	if err != nil {
		addPolicyError(diags, fmt.Sprintf("Cannot update policy %q", policy.ID), err)
		return nil, false
	}
	return updated, true
}

func (r *policyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state policyResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	err := r.data.client.DeletePolicy(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addPolicyError(&resp.Diagnostics, fmt.Sprintf("Cannot delete policy %q", state.ID.ValueString()), err)
	}
}

func (m *policyResourceModel) toAPI(ctx context.Context, diags *diag.Diagnostics) client.Policy {
	var statements []policyStatementModel
	diags.Append(m.Statement.ElementsAs(ctx, &statements, false)...)
	policy := client.Policy{ID: m.ID.ValueString()}
	for _, s := range statements {
		var actions []string
		diags.Append(s.Action.ElementsAs(ctx, &actions, false)...)
		sort.Strings(actions)
		policy.Statement = append(policy.Statement, client.Statement{Effect: s.Effect.ValueString(), Resource: s.Resource.ValueString(), Action: actions})
	}
	return policy
}

// fromAPI sets the statements as lakeFS returns them. A set holds no duplicates: a statement or action lakeFS
// holds twice (set outside Terraform) is kept once, which means the same.
func (m *policyResourceModel) fromAPI(ctx context.Context, p *client.Policy, diags *diag.Diagnostics) {
	m.ID = types.StringValue(p.ID)
	seen := map[string]bool{}
	statements := []policyStatementModel{}
	for _, s := range p.Statement {
		actions := uniqueSorted(s.Action)
		key := statementKey(s.Effect, s.Resource, actions)
		if seen[key] {
			continue
		}
		seen[key] = true
		set, d := types.SetValueFrom(ctx, types.StringType, actions)
		diags.Append(d...)
		statements = append(statements, policyStatementModel{Effect: types.StringValue(s.Effect), Action: set, Resource: types.StringValue(s.Resource)})
	}
	set, d := types.SetValueFrom(ctx, policyStatementType, statements)
	diags.Append(d...)
	m.Statement = set
}

// sameStatements reports whether two lists of statements mean the same, in any order.
func sameStatements(a, b []client.Statement) bool {
	keys := func(list []client.Statement) map[string]bool {
		out := map[string]bool{}
		for _, s := range list {
			out[statementKey(s.Effect, s.Resource, uniqueSorted(s.Action))] = true
		}
		return out
	}
	return maps.Equal(keys(a), keys(b))
}

func statementKey(effect, resource string, sortedActions []string) string {
	return effect + "\x00" + resource + "\x00" + strings.Join(sortedActions, "\x00")
}

func uniqueSorted(values []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(values)))
}
