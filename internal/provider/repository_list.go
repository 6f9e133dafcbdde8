package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewRepositoryList lists lakeFS repositories for `terraform query`.
func NewRepositoryList() list.ListResource {
	return &repositoryList{listNamed("repository")}
}

type repositoryList struct{ listBase }

type repositoryListModel struct {
	Prefix types.String `tfsdk:"prefix"`
}

func (l *repositoryList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every lakeFS repository the credentials can see, or those whose name starts with `prefix`.",
		Attributes: map[string]schema.Attribute{
			"prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only repositories whose name starts with it."},
		},
	}
}

func (l *repositoryList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config repositoryListModel
	if !l.decodeList(ctx, req, &config, stream) {
		return
	}
	repos, err := l.data.client.ListAllRepositories(ctx, config.Prefix.ValueString())
	if err != nil {
		stream.Results = listAPIError("Cannot list repositories", err)
		return
	}
	stream.Results = streamList(ctx, req, repositoryIdentity, repos, func(r client.Repository) string { return r.ID },
		func(_ context.Context, repo client.Repository, m *repositoryResourceModel, _ *diag.Diagnostics) {
			m.fromAPI(&repo)
			m.SampleData = types.BoolValue(false) // as an import reads them
			m.ForceDestroy = types.BoolValue(false)
		})
}
