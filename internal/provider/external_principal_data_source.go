package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewExternalPrincipalDataSource finds the lakeFS user an external principal is attached to.
func NewExternalPrincipalDataSource() datasource.DataSource {
	return &externalPrincipalDataSource{dataSourceNamed("external_principal")}
}

type externalPrincipalDataSource struct{ dataSourceBase }

type externalPrincipalDataSourceModel struct {
	ID          types.String `tfsdk:"id"`
	PrincipalID types.String `tfsdk:"principal_id"`
	UserID      types.String `tfsdk:"user_id"`
}

func (d *externalPrincipalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the lakeFS user an external principal (an AWS IAM ARN) is attached to. A principal that is not attached " +
			"to any user is an error.\n\n" +
			"Needs lakeFS Enterprise or lakeFS Cloud with external principals enabled: lakeFS OSS answers HTTP 501, which the provider " +
			"reports as not supported.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The principal id."},
			"principal_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The external principal id, for example `arn:aws:iam::123456789012:role/my-role`.",
				Validators:          principalIDValidators(),
			},
			"user_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The lakeFS user the principal is attached to."},
		},
	}
}

func (d *externalPrincipalDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model externalPrincipalDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	principalID := model.PrincipalID.ValueString()
	found, err := d.data.client.GetExternalPrincipal(ctx, principalID)
	if err != nil {
		addExternalPrincipalError(&resp.Diagnostics, fmt.Sprintf("Cannot read external principal %q", principalID), err)
		return
	}
	model.ID = types.StringValue(found.ID)
	model.UserID = types.StringValue(found.UserID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
