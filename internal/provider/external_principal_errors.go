package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// externalPrincipalsUnsupportedDetail explains lakeFS's 501 to the external principal operations: lakeFS OSS
// answers every one of them with 501, before it even looks at the credentials (contract §6.5).
const externalPrincipalsUnsupportedDetail = "This lakeFS server does not support external principals (it answered HTTP 501 Not Implemented). " +
	"External principals need lakeFS Enterprise or lakeFS Cloud with external principals enabled; lakeFS OSS never supports them."

// addExternalPrincipalError reports a failed external principal call; a 501 gets one clear diagnostic
// instead of a raw HTTP error.
func addExternalPrincipalError(diags *diag.Diagnostics, summary string, err error) {
	if client.IsNotImplemented(err) {
		diags.AddError("External principals are not supported by this lakeFS server", externalPrincipalsUnsupportedDetail)
		return
	}
	addAPIError(diags, summary, err)
}
