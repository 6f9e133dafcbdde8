package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

// actionBase implements action.ActionWithConfigure's Configure and Metadata for the Terraform actions (Terraform 1.14 and later:
// `terraform apply -invoke=action.<type>.<name>`, or a resource's `lifecycle { action_trigger { ... } }`). An
// action does what its action-style resource does at create (the same code, on providerData), without state.
type actionBase struct{ providerBase }

func (b *actionBase) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = b.fullTypeName(req.ProviderTypeName)
}

func (b *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// progress sends a progress message to Terraform, which shows it while the action runs.
func progress(resp *action.InvokeResponse, format string, args ...any) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
	}
}
