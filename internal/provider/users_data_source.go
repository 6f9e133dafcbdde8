package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewUsersDataSource lists lakeFS users.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSource struct{ dataSourceBase }

type usersDataSourceModel struct {
	Prefix types.String    `tfsdk:"prefix"`
	Users  []userItemModel `tfsdk:"users"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists lakeFS users (every page), ordered by name.",
		Attributes: map[string]schema.Attribute{
			"prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "List only the users whose name starts with this prefix."},
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The users.",
				NestedObject:        schema.NestedAttributeObject{Attributes: userItemAttributes()},
			},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config usersDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	users, err := d.data.client.ListAllUsers(ctx, config.Prefix.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the lakeFS users", err)
		return
	}
	config.Users = make([]userItemModel, 0, len(users))
	for _, u := range users {
		config.Users = append(config.Users, userItem(u))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
