package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewObjectList lists the objects on a lakeFS branch under a prefix for `terraform query`.
func NewObjectList() list.ListResource {
	return &objectList{listNamed("object")}
}

type objectList struct{ listBase }

type objectListModel struct {
	Repository types.String `tfsdk:"repository"`
	Branch     types.String `tfsdk:"branch"`
	Prefix     types.String `tfsdk:"prefix"`
}

func (l *objectList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The objects on a branch (staged and committed) whose path starts with `prefix`, at every depth. " +
			"lakeFS cannot give back an object's content: a generated configuration needs `content` or `source` added.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"branch":     schema.StringAttribute{Required: true, MarkdownDescription: "The branch.", Validators: branchIDValidators()},
			"prefix":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only objects whose path starts with it (`data/`); all when unset."},
		},
	}
}

func (l *objectList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config objectListModel
	if !l.decodeList(ctx, req, &config, stream) {
		return
	}
	repo, branch := config.Repository.ValueString(), config.Branch.ValueString()
	objects, err := l.data.client.ListAllObjects(ctx, repo, branch, config.Prefix.ValueString(), "")
	if err != nil {
		stream.Results = listAPIError(fmt.Sprintf("Cannot list the objects of %s/%s", repo, branch), err)
		return
	}
	stream.Results = streamList(ctx, req, objectIdentity, objects,
		func(o client.ObjectStats) string { return "lakefs://" + joinID(repo, branch, o.Path) },
		func(_ context.Context, o client.ObjectStats, m *objectResourceModel, _ *diag.Diagnostics) {
			at := objectLocation{Repository: repo, Branch: branch, Path: o.Path}
			m.Repository, m.Branch, m.Path = types.StringValue(repo), types.StringValue(branch), types.StringValue(o.Path)
			m.fromStats(at, &o)
			// metadata stays null, as after an import: lakefs_object_user_metadata may own it.
		})
}
