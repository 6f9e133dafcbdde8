package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// NewUserDataSource reads one lakeFS user.
func NewUserDataSource() datasource.DataSource {
	return &userDataSource{dataSourceNamed("user")}
}

type userDataSource struct{ dataSourceBase }

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := userItemAttributes()
	attributes["id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The user name.", Validators: userIDValidators()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a lakeFS user. Fails when the user does not exist.",
		Attributes:          attributes,
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model userItemModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	id := model.ID.ValueString()
	user, err := d.data.client.GetUser(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read user %q", id), err)
		return
	}
	model = userItem(*user)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
