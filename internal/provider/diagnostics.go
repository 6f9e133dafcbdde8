package provider

import (
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// addAPIError reports a failed lakeFS call: the summary says what the provider was doing, the detail carries
// lakeFS's own message and status so users can search for it.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, apiErrorDetail(err))
}

// addAPIErrorHint reports a failed lakeFS call as addAPIError does, with a paragraph after lakeFS's message: what
// the answer means here, or what to do about it.
func addAPIErrorHint(diags *diag.Diagnostics, summary string, err error, hint string) {
	diags.AddError(summary, apiErrorDetail(err)+"\n\n"+hint)
}

// addReadError reports a data source's failed read: under notFound when lakeFS answered 404, else under summary.
func addReadError(diags *diag.Diagnostics, err error, summary, notFound string) {
	if client.IsNotFound(err) {
		summary = notFound
	}
	addAPIError(diags, summary, err)
}

func apiErrorDetail(err error) string {
	status := client.StatusCode(err)
	switch {
	case status == 0, client.IsMisrouted(err):
		// Not lakeFS's answer (or not about the object): the error names the endpoint and what answered.
		return err.Error()
	case status == http.StatusUnauthorized:
		return fmt.Sprintf("lakeFS refused the credentials or the permission (HTTP 401): %s", client.Message(err))
	default:
		return fmt.Sprintf("lakeFS answered HTTP %d: %s", status, client.Message(err))
	}
}

// isGone reports an object that no longer exists: lakeFS's own 404, or its 410 for a repository being deleted
// (contract §7.2). A 404 or 410 that lakeFS did not send (a misrouted proxy) is an error, never "gone".
func isGone(err error) bool {
	return client.IsNotFound(err) || client.IsGone(err)
}
