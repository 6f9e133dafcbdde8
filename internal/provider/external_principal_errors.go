package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// externalPrincipalsUnsupportedDetail explains lakeFS's 501 to the external principal operations: lakeFS OSS
// answers every one of them with 501, before it even looks at the credentials (contract §6.5).
const externalPrincipalsUnsupportedDetail = "This lakeFS server does not support external principals (it answered HTTP 501 Not Implemented). " +
	"External principals need lakeFS Enterprise or lakeFS Cloud with external principals enabled; lakeFS OSS never supports them."

// policiesUnsupportedDetail explains lakeFS's 501 to the policy operations: lakeFS OSS answers them with 501, and so
// does lakeFS with the ACL server (simplified RBAC: group ACLs instead of policies).
const policiesUnsupportedDetail = "This lakeFS server does not support policies (it answered HTTP 501 Not Implemented). " +
	"Policies and their attachments need lakeFS Enterprise or lakeFS Cloud (full RBAC); lakeFS OSS, alone or with the ACL " +
	"server, never supports them (with the ACL server, use group ACLs)."

// addExternalPrincipalError reports a failed external principal call; a 501 gets one clear diagnostic
// instead of a raw HTTP error.
func addExternalPrincipalError(diags *diag.Diagnostics, summary string, err error) {
	addEnterpriseOnlyError(diags, "External principals", externalPrincipalsUnsupportedDetail, summary, err)
}

// addPolicyError reports a failed policy or policy attachment call, like addExternalPrincipalError.
func addPolicyError(diags *diag.Diagnostics, summary string, err error) {
	addEnterpriseOnlyError(diags, "Policies", policiesUnsupportedDetail, summary, err)
}

// addEnterpriseOnlyError reports a failed call of a feature that needs lakeFS Enterprise: a 501 is "<feature> are
// not supported by this lakeFS server" with detail, anything else an API error under summary.
func addEnterpriseOnlyError(diags *diag.Diagnostics, feature, detail, summary string, err error) {
	if client.IsNotImplemented(err) {
		diags.AddError(fmt.Sprintf("%s are not supported by this lakeFS server", feature), detail)
		return
	}
	addAPIError(diags, summary, err)
}
