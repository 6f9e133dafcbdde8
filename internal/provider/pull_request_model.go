package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// Pull request statuses as lakeFS reports them (contract §12).
const (
	prStatusOpen   = "open"
	prStatusClosed = "closed"
	prStatusMerged = "merged"
)

// optionalString maps lakeFS's left-out optional fields ("") to null.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// listedPullRequestFields are what lakeFS's list endpoint returns of a pull request besides its id (it leaves out
// description and merged_commit_id on purpose), as listedPullRequestAttributes describes them.
type listedPullRequestFields struct {
	Title             types.String      `tfsdk:"title"`
	Status            types.String      `tfsdk:"status"`
	Author            types.String      `tfsdk:"author"`
	SourceBranch      types.String      `tfsdk:"source_branch"`
	DestinationBranch types.String      `tfsdk:"destination_branch"`
	CreationDate      timetypes.RFC3339 `tfsdk:"creation_date"`
	ClosedDate        timetypes.RFC3339 `tfsdk:"closed_date"`
}

func (f *listedPullRequestFields) fromAPI(pr *client.PullRequest) {
	f.Title = types.StringValue(pr.Title)
	f.Status = types.StringValue(pr.Status)
	f.Author = types.StringValue(pr.Author)
	f.SourceBranch = types.StringValue(pr.SourceBranch)
	f.DestinationBranch = types.StringValue(pr.DestinationBranch)
	f.CreationDate = timestampValue(pr.CreationDate)
	f.ClosedDate = optionalTimestamp(pr.ClosedDate)
}

// pullRequestFields are the attributes that the lakefs_pull_request resource and data source both read from lakeFS.
type pullRequestFields struct {
	listedPullRequestFields
	Description    types.String `tfsdk:"description"`
	MergedCommitID types.String `tfsdk:"merged_commit_id"`
}

func (f *pullRequestFields) fromAPI(pr *client.PullRequest) {
	f.listedPullRequestFields.fromAPI(pr)
	f.Description = types.StringValue(pr.Description)
	f.MergedCommitID = optionalString(pr.MergedCommitID)
}

// timestampValue keeps a lakeFS timestamp as lakeFS wrote it, in a timetypes.RFC3339 (a string in the state).
// Unlike timetypes.NewRFC3339Value it does not parse it: a timestamp Go cannot parse must not fail a read.
func timestampValue(s string) timetypes.RFC3339 {
	return timetypes.RFC3339{StringValue: types.StringValue(s)}
}

// optionalTimestamp is timestampValue, or null when lakeFS left the timestamp out.
func optionalTimestamp(s string) timetypes.RFC3339 {
	if s == "" {
		return timetypes.NewRFC3339Null()
	}
	return timestampValue(s)
}

// listedPullRequestModel is one pull request of lakefs_pull_requests.
type listedPullRequestModel struct {
	ID types.String `tfsdk:"id"`
	listedPullRequestFields
}

func listedPullRequest(pr client.PullRequest) listedPullRequestModel {
	m := listedPullRequestModel{ID: types.StringValue(pr.ID)}
	m.fromAPI(&pr)
	return m
}

// listPullRequests lists a repository's pull requests whose id starts with prefix, with status open, closed,
// merged or all ("" is all). lakeFS has no "merged" filter and its "closed" returns merged ones too: it asks for
// closed, then keeps exactly the status asked for.
func (d *providerData) listPullRequests(ctx context.Context, repo, prefix, status string) ([]client.PullRequest, error) {
	if status == "" {
		status = prStatusAll
	}
	serverStatus := status
	if status == prStatusMerged {
		serverStatus = prStatusClosed
	}
	all, err := d.client.ListAllPullRequests(ctx, repo, prefix, serverStatus)
	if err != nil || status == prStatusAll {
		return all, err
	}
	prs := make([]client.PullRequest, 0, len(all))
	for _, pr := range all {
		if pr.Status == status {
			prs = append(prs, pr)
		}
	}
	return prs, nil
}

// missingPullRequestTarget names what a 404 from createPullRequest was about: lakeFS only says "branch not found"
// or "repository not found", so the provider asks which one is missing.
func missingPullRequestTarget(ctx context.Context, c *client.Client, repo, source, destination string) string {
	if _, err := c.GetRepository(ctx, repo); client.IsNotFound(err) || client.IsGone(err) {
		return fmt.Sprintf("Repository %q does not exist.", repo)
	}
	var missing []string
	for _, b := range []string{source, destination} {
		if _, err := c.GetBranch(ctx, repo, b); client.IsNotFound(err) {
			missing = append(missing, fmt.Sprintf("%q", b))
		}
	}
	switch len(missing) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("Branch %s does not exist in repository %q.", missing[0], repo)
	default:
		return fmt.Sprintf("Branches %s and %s do not exist in repository %q.", missing[0], missing[1], repo)
	}
}

// listedPullRequestAttributes are the data sources' computed attributes of a pull request as lakeFS lists it
// (listedPullRequestFields); the pull request data source adds description and merged_commit_id.
func listedPullRequestAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	timestamp := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"title":              str("The title."),
		"status":             str("`open`, `closed` or `merged`."),
		"author":             str("Who opened it."),
		"source_branch":      str("The branch to merge from."),
		"destination_branch": str("The branch to merge into."),
		"creation_date":      timestamp("When it was opened, an RFC 3339 timestamp."),
		"closed_date":        timestamp("When it was last closed or merged, an RFC 3339 timestamp; null if it never was."),
	}
}
