package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// principalUserIDPattern: lakeFS refuses user ids that are empty or contain "/" or "%" (contract §6.1).
var principalUserIDPattern = regexp.MustCompile(`^[^/%]+$`)

func principalUserIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(principalUserIDPattern, "must be a non-empty lakeFS user id without / or %")}
}

// principalIDValidators: principal ids are opaque (in practice IAM ARNs), but lakeFS refuses an empty one.
func principalIDValidators() []validator.String {
	return []validator.String{stringvalidator.LengthAtLeast(1)}
}
