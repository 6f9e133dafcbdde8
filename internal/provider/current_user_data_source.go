package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewCurrentUserDataSource reads the user the provider authenticates as.
func NewCurrentUserDataSource() datasource.DataSource {
	return &currentUserDataSource{dataSourceNamed("current_user")}
}

type currentUserDataSource struct{ dataSourceBase }

type currentUserDataSourceModel struct {
	ID           types.String `tfsdk:"id"`
	Email        types.String `tfsdk:"email"`
	FriendlyName types.String `tfsdk:"friendly_name"`
	CreationDate types.Int64  `tfsdk:"creation_date"`
}

func (d *currentUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the lakeFS user the provider authenticates as. Fails when lakeFS does not accept the credentials.",
		Attributes: map[string]schema.Attribute{
			"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The user name."},
			"email":         schema.StringAttribute{Computed: true, MarkdownDescription: "The user's email address; empty when none is set."},
			"friendly_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The user's display name; lakeFS may send the user name or an empty string when none is set."},
			"creation_date": schema.Int64Attribute{Computed: true, MarkdownDescription: "When the user was created, in Unix seconds."},
		},
	}
}

func (d *currentUserDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.configured(&resp.Diagnostics) {
		return
	}
	user, err := d.data.client.GetCurrentUser(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read the current lakeFS user", err)
		return
	}
	// lakeFS answers an unauthenticated GET /user with 200 and an empty user, not 401.
	if user.ID == "" {
		resp.Diagnostics.AddError("Cannot read the current lakeFS user",
			"lakeFS did not accept the credentials: it answered with an empty user. Check the provider's access key, secret or token.")
		return
	}
	model := currentUserDataSourceModel{
		ID:           types.StringValue(user.ID),
		Email:        types.StringValue(user.Email),
		FriendlyName: types.StringValue(user.FriendlyName),
		CreationDate: types.Int64Value(user.CreationDate),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
