package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// authEntityIDPattern: user and group ids. lakeFS refuses empty ids and ids with "/" or "%"; one with "+" is
// created but the ACL server reads "+" in a path as a space, so it can never be read or deleted (QUIRKS.md).
var authEntityIDPattern = regexp.MustCompile(`^[^/%+]+$`)

func userIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(authEntityIDPattern, "must be a non-empty lakeFS user id without /, % or +")}
}

func groupIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(authEntityIDPattern, "must be a non-empty lakeFS group id without /, % or +")}
}

// aclPermissions are the permissions setGroupACL accepts, case-sensitive.
var aclPermissions = []string{client.ACLRead, client.ACLWrite, client.ACLSuper, client.ACLAdmin}

func aclPermissionValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(aclPermissions...)}
}
