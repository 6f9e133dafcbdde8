package provider

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// TestCreateOrAdopt plays createOrAdopt's cases with scripted answers: how often it creates and looks, what it
// returns and what the error says.
func TestCreateOrAdopt(t *testing.T) {
	lost := &client.OutcomeUnknownError{Operation: "createUser", Err: errors.New("connection reset")}
	conflict := &client.APIError{Operation: "createUser", StatusCode: http.StatusConflict, Message: "already exists"}
	notFound := &client.APIError{Operation: "createUser", StatusCode: http.StatusNotFound, Message: "not found"}
	const hint = "A user of this name exists. To manage it, import it with: terraform import <address> u"
	for name, tc := range map[string]struct {
		creates        []error   // the answers of the creates, in turn
		finds          []landing // the answers of the looks, in turn
		missing        string
		wantOK         bool
		wantValue      string
		wantCreates    int
		wantFinds      int
		wantDetail     string // in the error's detail
		wantReportedBy string // "report" when the error went to report
	}{
		"created":               {creates: []error{nil}, wantOK: true, wantValue: "created", wantCreates: 1},
		"lost, landed":          {creates: []error{lost}, finds: []landing{landed}, wantOK: true, wantValue: "found", wantCreates: 1, wantFinds: 1},
		"lost, not landed":      {creates: []error{lost, nil}, finds: []landing{notLanded}, wantOK: true, wantValue: "created", wantCreates: 2, wantFinds: 1},
		"lost, landed late":     {creates: []error{lost, conflict}, finds: []landing{notLanded, landed}, wantOK: true, wantValue: "found", wantCreates: 2, wantFinds: 2},
		"lost, someone else's":  {creates: []error{lost, conflict}, finds: []landing{notLanded, landingUnknown}, wantCreates: 2, wantFinds: 2, wantDetail: hint},
		"lost, cannot tell":     {creates: []error{lost}, finds: []landing{landingUnknown}, wantCreates: 1, wantFinds: 1, wantDetail: "outcome unknown", wantReportedBy: "report"},
		"lost twice":            {creates: []error{lost, lost}, finds: []landing{notLanded}, wantCreates: 2, wantFinds: 1, wantDetail: "outcome unknown", wantReportedBy: "report"},
		"exists":                {creates: []error{conflict}, wantCreates: 1, wantDetail: "HTTP 409: already exists\n\n" + hint},
		"missing parent":        {creates: []error{notFound}, missing: "Check that it exists.", wantCreates: 1, wantDetail: "HTTP 404: not found\n\nCheck that it exists."},
		"other error, reported": {creates: []error{notFound}, wantCreates: 1, wantDetail: "HTTP 404: not found", wantReportedBy: "report"},
	} {
		t.Run(name, func(t *testing.T) {
			creates, finds, reportedBy := 0, 0, ""
			var diags diag.Diagnostics
			got, ok := createOrAdopt(&diags, adoptingCreate[string]{
				summary:  `Cannot create user "u"`,
				exists:   "A user of this name exists.",
				importID: "u",
				missing:  tc.missing,
				create: func() (string, error) {
					creates++
					if err := tc.creates[creates-1]; err != nil {
						return "partial", err
					}
					return "created", nil
				},
				find: func() (string, landing) {
					finds++
					if look := tc.finds[finds-1]; look == landed {
						return "found", look
					}
					return "", tc.finds[finds-1]
				},
				report: func(diags *diag.Diagnostics, summary string, err error) {
					reportedBy = "report"
					addAPIError(diags, summary, err)
				},
			})
			if ok != tc.wantOK || got != tc.wantValue || creates != tc.wantCreates || finds != tc.wantFinds {
				t.Fatalf("got %q, %v after %d creates and %d looks; want %q, %v after %d and %d",
					got, ok, creates, finds, tc.wantValue, tc.wantOK, tc.wantCreates, tc.wantFinds)
			}
			if ok != !diags.HasError() || reportedBy != tc.wantReportedBy {
				t.Fatalf("ok %v with diagnostics %v, reported by %q", ok, diags, reportedBy)
			}
			if !ok && (diags[0].Summary() != `Cannot create user "u"` || !strings.Contains(diags[0].Detail(), tc.wantDetail)) {
				t.Fatalf("error %q: %q, want the detail to hold %q", diags[0].Summary(), diags[0].Detail(), tc.wantDetail)
			}
		})
	}
}

func TestLookedUp(t *testing.T) {
	for err, want := range map[error]landing{
		nil: landed,
		&client.APIError{StatusCode: http.StatusNotFound, Message: "not found"}:       notLanded,
		&client.APIError{StatusCode: http.StatusInternalServerError, Message: "boom"}: landingUnknown,
		&client.OutcomeUnknownError{Operation: "getUser", Err: errors.New("timeout")}: landingUnknown,
	} {
		if _, got := lookedUp("u", err); got != want {
			t.Errorf("lookedUp(%v) = %v, want %v", err, got, want)
		}
	}
}
