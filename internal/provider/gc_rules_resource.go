package provider

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ resource.ResourceWithValidateConfig = (*gcRulesResource)(nil)

// NewGCRulesResource manages a repository's garbage collection rules.
func NewGCRulesResource() resource.Resource {
	return &gcRulesResource{importable("gc_rules", identifiedBy("repository"))}
}

type gcRulesResource struct{ importableResource }

type gcRulesResourceModel struct {
	ID                   types.String `tfsdk:"id"`
	Repository           types.String `tfsdk:"repository"`
	DefaultRetentionDays types.Int64  `tfsdk:"default_retention_days"`
	BranchRetentionDays  types.Map    `tfsdk:"branch_retention_days"`
}

// retentionDaysValidator: lakeFS stores days as int32 (larger values wrap) and keeps negative ones, which mean nothing.
func retentionDaysValidator() validator.Int64 { return int64validator.Between(0, math.MaxInt32) }

func (r *gcRulesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A repository's garbage collection (retention) rules. Destroying it deletes the rules.",
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("The repository name."),
			"repository": repositoryAttribute("The repository name. Changing it replaces the resource."),
			"default_retention_days": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Days a commit stays reachable after it stopped being a branch head, for branches without their own rule: 0 to 2147483647.",
				Validators:          []validator.Int64{retentionDaysValidator()},
			},
			"branch_retention_days": schema.MapAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.Int64Type,
				Default:     mapdefault.StaticValue(types.MapValueMust(types.Int64Type, map[string]attr.Value{})),
				MarkdownDescription: "Retention days of single branches, by branch id (`{ main = 21 }`): 0 to 2147483647. " +
					"lakeFS does not check that the branches exist. Default `{}`.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(branchIDPattern,
						"must be a branch id: letters, digits, underscores and dashes, not starting with a dash")),
					mapvalidator.ValueInt64sAre(retentionDaysValidator()),
				},
			},
		},
	}
}

// ValidateConfig refuses an all-zero rule set: lakeFS stores it as no rules at all (it reads back as 404, and a
// garbage collection run finds no rules), so it could never be kept in the state.
func (r *gcRulesResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config gcRulesResourceModel
	if !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	zeroDefault := !config.DefaultRetentionDays.IsNull() && !config.DefaultRetentionDays.IsUnknown() &&
		config.DefaultRetentionDays.ValueInt64() == 0
	if !zeroDefault || config.BranchRetentionDays.IsUnknown() || len(config.BranchRetentionDays.Elements()) != 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("default_retention_days"), "Garbage collection rules with nothing to keep",
		"default_retention_days = 0 without branch_retention_days is stored by lakeFS as \"no rules\": it reads back as "+
			"deleted and garbage collection refuses to run. Set at least 1 day, or add a branch rule.")
}

func (r *gcRulesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *gcRulesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state gcRulesResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	// No rules (deleted outside Terraform) and no repository are both lakeFS's own 404.
	rules, err := r.data.client.GetGCRules(ctx, repo)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read the garbage collection rules of repository %q", repo)) {
		return
	}
	state.fromAPI(repo, rules)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *gcRulesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlan(ctx, r.importableResource, r.write, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// write replaces the repository's rules with the planned ones and fills in the id.
func (r *gcRulesResource) write(ctx context.Context, plan *gcRulesResourceModel, diags *diag.Diagnostics) bool {
	repo := plan.Repository.ValueString()
	days := map[string]int64{}
	diags.Append(plan.BranchRetentionDays.ElementsAs(ctx, &days, false)...)
	if diags.HasError() {
		return false
	}
	rules := client.GarbageCollectionRules{DefaultRetentionDays: int(plan.DefaultRetentionDays.ValueInt64()), Branches: []client.GarbageCollectionRule{}}
	for branch, n := range days {
		rules.Branches = append(rules.Branches, client.GarbageCollectionRule{BranchID: branch, RetentionDays: int(n)})
	}
	sort.Slice(rules.Branches, func(i, j int) bool { return rules.Branches[i].BranchID < rules.Branches[j].BranchID })
	if err := r.data.client.SetGCRules(ctx, repo, rules); err != nil {
		gcRulesError(diags, fmt.Sprintf("Cannot set the garbage collection rules of repository %q", repo), err)
		return false
	}
	plan.ID = types.StringValue(repo)
	return true
}

func (r *gcRulesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state gcRulesResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	if err := r.data.client.DeleteGCRules(ctx, repo); err != nil && !isGone(err) {
		gcRulesError(&resp.Diagnostics, fmt.Sprintf("Cannot delete the garbage collection rules of repository %q", repo), err)
	}
}

// gcRulesError reports a failed set or delete; lakeFS refuses both on a read-only repository (403).
func gcRulesError(diags *diag.Diagnostics, summary string, err error) {
	detail := apiErrorDetail(err)
	if client.IsForbidden(err) {
		detail += "\n\nlakeFS does not change the garbage collection rules of a read-only repository, or the " +
			"credentials lack the permission (retention:SetGarbageCollectionRules)."
	}
	diags.AddError(summary, detail)
}

func (m *gcRulesResourceModel) fromAPI(repo string, rules *client.GarbageCollectionRules) {
	m.ID = types.StringValue(repo)
	m.Repository = types.StringValue(repo)
	m.DefaultRetentionDays = types.Int64Value(int64(rules.DefaultRetentionDays))
	days := make(map[string]attr.Value, len(rules.Branches))
	for _, b := range rules.Branches {
		days[b.BranchID] = types.Int64Value(int64(b.RetentionDays))
	}
	m.BranchRetentionDays = types.MapValueMust(types.Int64Type, days)
}
