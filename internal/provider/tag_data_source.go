package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewTagDataSource reads the commit a tag points at.
func NewTagDataSource() datasource.DataSource {
	return &tagDataSource{dataSourceNamed("tag")}
}

type tagDataSource struct{ dataSourceBase }

type tagDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	CommitID   types.String `tfsdk:"commit_id"`
}

func (d *tagDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a lakeFS tag and the commit it points at.",
		Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Required: true, MarkdownDescription: "The tag id.", Validators: tagIDValidators()},
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"commit_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "The commit the tag points at."},
		},
	}
}

func (d *tagDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model tagDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, id := model.Repository.ValueString(), model.ID.ValueString()
	tag, err := d.data.client.GetTag(ctx, repo, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read tag %q in repository %q", id, repo), err)
		return
	}
	model.CommitID = types.StringValue(tag.CommitID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
