package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// keepMergedStatus plans "merged" for a pull request that lakeFS reports as merged, whatever the configuration
// says: a merged pull request is final for the provider, so it is never reopened or closed, and a configuration
// that still says "open" shows no diff. (Terraform accepts a planned value equal to the prior state in place of
// the configured one.)
var keepMergedStatus = stringPlanRule{"A merged pull request keeps the status merged.",
	func(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
		if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
			return // create or destroy
		}
		if req.StateValue.ValueString() == prStatusMerged {
			resp.PlanValue = req.StateValue
		}
	}}

// useStateUnlessStatusChanges keeps a value that only changes with the pull request's status (closed_date) while
// the planned status equals the current one, so other updates do not show it as "known after apply".
var useStateUnlessStatusChanges = stringPlanRule{"Keeps the current value unless the status changes.",
	func(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
		if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
			return
		}
		var planned, current types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("status"), &planned)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &current)...)
		// A merged pull request keeps its status (keepMergedStatus), whatever the configuration says.
		if current.ValueString() == prStatusMerged || (!planned.IsUnknown() && planned.Equal(current)) {
			resp.PlanValue = req.StateValue
		}
	}}
