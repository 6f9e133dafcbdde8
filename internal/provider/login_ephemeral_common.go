package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// ephemeralLoginNote is shared by the login ephemeral resources' documentation.
const ephemeralLoginNote = "Ephemeral: the token never reaches the plan or the state (Terraform >= 1.10, OpenTofu >= 1.11). " +
	"Feed it to a second, aliased `lakefs` provider block (`token = ephemeral.<type>.<name>.token`) and manage " +
	"resources through that provider. The provider block that opens this resource needs only an `endpoint`: " +
	"the login itself takes no credentials."

func loginTokenAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		Sensitive:           true,
		MarkdownDescription: "The lakeFS token; send it as a bearer token (the provider's `token`).",
	}
}

func loginTokenExpirationAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:            true,
		MarkdownDescription: "When the token expires, in Unix seconds.",
	}
}
