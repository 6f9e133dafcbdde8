package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewBranchList lists the branches of a lakeFS repository for `terraform query`.
func NewBranchList() list.ListResource {
	return &refList[branchResourceModel]{
		listBase: listNamed("branch"), kind: "branches", key: "name",
		description: "The branches of a repository, or those whose name starts with `prefix`. " +
			"Each result's `source` is the branch's head commit, lakeFS keeping no record of where a branch started.",
		identity: branchIdentity,
		listAll:  (*client.Client).ListAllBranches,
		fill: func(repo string, ref client.Ref, m *branchResourceModel) {
			m.Repository, m.Name = types.StringValue(repo), types.StringValue(ref.ID)
			m.atHead(repo, ref.ID, ref.CommitID)
			// A generated configuration needs a source: the head is one that an import adopts in place.
			m.Source = types.StringValue(ref.CommitID)
		},
	}
}
