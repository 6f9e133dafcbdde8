package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// landing is what a look finds after a create whose answer was lost (client.IsOutcomeUnknown).
type landing int

const (
	// landingUnknown: the look failed, or what it found is not the object asked for. The create fails with the
	// lost answer.
	landingUnknown landing = iota
	// landed: the object asked for exists. The first attempt made it: it is adopted.
	landed
	// notLanded: nothing of that name exists. The name is unique, so a second attempt cannot make a second
	// object: the create is sent again.
	notLanded
)

// lookedUp is find for a GET of the object: found is landed, lakeFS's own 404 notLanded.
func lookedUp[T any](found T, err error) (T, landing) {
	switch {
	case err == nil:
		return found, landed
	case client.IsNotFound(err):
		return found, notLanded
	}
	return found, landingUnknown
}

// adoptingCreate is the Create of an object with a unique name (a user, a group, a branch...), sent as a POST that
// lakeFS does not deduplicate: a replay of a create that went through is 409. Its answer lost, the object is
// looked for instead: adopted if it is the one asked for, created again if nothing of that name exists. A 409 that
// is not ours means the object existed before: the error says how to import it.
type adoptingCreate[T any] struct {
	summary  string // the error's summary: "Cannot create user \"a\""
	exists   string // what lakeFS's 409 means, one sentence: "A user of this name exists."
	importID string // the import id of the object that exists
	missing  string // optional: what lakeFS's 404 means, one sentence: "Check that the user \"a\" exists."

	create func() (T, error)
	// find looks for the object after a lost answer. One that never answers notLanded is never created again.
	find func() (T, landing)
	// report reports any other error (default addAPIError).
	report func(diags *diag.Diagnostics, summary string, err error)
}

// createOrAdopt runs c and reports whether the object was created (or adopted); if not, diags say why.
func createOrAdopt[T any](diags *diag.Diagnostics, c adoptingCreate[T]) (T, bool) {
	created, err := c.create()
	if client.IsOutcomeUnknown(err) {
		switch found, look := c.find(); look {
		case landed:
			return found, true
		case notLanded:
			created, err = c.create()
			if client.IsConflict(err) { // the first attempt landed late
				if found, look := c.find(); look == landed {
					return found, true
				}
			}
		}
	}
	switch {
	case err == nil:
		return created, true
	case client.IsConflict(err):
		addAPIErrorHint(diags, c.summary, err, c.exists+
			" To manage it, import it with: terraform import <address> "+c.importID)
	case c.missing != "" && client.IsNotFound(err):
		addAPIErrorHint(diags, c.summary, err, c.missing)
	case c.report != nil:
		c.report(diags, c.summary, err)
	default:
		addAPIError(diags, c.summary, err)
	}
	var none T
	return none, false
}
