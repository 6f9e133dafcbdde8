package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewUserExternalPrincipalsDataSource lists the external principals attached to a lakeFS user.
func NewUserExternalPrincipalsDataSource() datasource.DataSource {
	return &userExternalPrincipalsDataSource{dataSourceNamed("user_external_principals")}
}

type userExternalPrincipalsDataSource struct{ dataSourceBase }

type userExternalPrincipalsDataSourceModel struct {
	UserID     types.String                 `tfsdk:"user_id"`
	Prefix     types.String                 `tfsdk:"prefix"`
	Principals []externalPrincipalItemModel `tfsdk:"principals"`
}

type externalPrincipalItemModel struct {
	ID     types.String `tfsdk:"id"`
	UserID types.String `tfsdk:"user_id"`
}

func (d *userExternalPrincipalsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the external principals attached to a lakeFS user, ordered by principal id.\n\n" +
			"Needs lakeFS Enterprise or lakeFS Cloud with external principals enabled: lakeFS OSS answers HTTP 501, which the provider " +
			"reports as not supported.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{Required: true, MarkdownDescription: "The lakeFS user.", Validators: principalUserIDValidators()},
			"prefix":  schema.StringAttribute{Optional: true, MarkdownDescription: "List only the principals whose id starts with this prefix."},
			"principals": listedItems("The user's principals.", map[string]schema.Attribute{
				"id":      schema.StringAttribute{Computed: true, MarkdownDescription: "The principal id."},
				"user_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The lakeFS user the principal is attached to."},
			}),
		},
	}
}

func (d *userExternalPrincipalsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model userExternalPrincipalsDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	userID := model.UserID.ValueString()
	principals, err := d.data.client.ListAllUserExternalPrincipals(ctx, userID, model.Prefix.ValueString())
	if err != nil {
		addExternalPrincipalError(&resp.Diagnostics, fmt.Sprintf("Cannot list the external principals of user %q", userID), err)
		return
	}
	model.Principals = mapped(principals, func(p client.ExternalPrincipal) externalPrincipalItemModel {
		return externalPrincipalItemModel{ID: types.StringValue(p.ID), UserID: types.StringValue(p.UserID)}
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
