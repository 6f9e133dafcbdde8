package provider

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Identifier rules of lakeFS (contract §3), checked at plan time so bad input never reaches the server.
var (
	repositoryIDPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,62}$`)
	branchIDPattern      = regexp.MustCompile(`^\w[-\w]*$`)
	pullRequestIDPattern = regexp.MustCompile(`^[0-9a-v]{20}$`)
	refPattern           = regexp.MustCompile(`^\S+$`)
)

// maxObjectPathBytes is lakeFS's limit on an object path.
const maxObjectPathBytes = 1024

func repositoryIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(repositoryIDPattern,
		"must be 3 to 63 characters of lowercase letters, digits and dashes, starting with a letter or digit")}
}

func branchIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(branchIDPattern,
		"must consist of letters, digits, underscores and dashes, and cannot start with a dash")}
}

func pullRequestIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(pullRequestIDPattern,
		"must be a lakeFS pull request id: 20 characters of 0-9 and a-v")}
}

func refValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(refPattern, "must be a non-empty ref expression without whitespace")}
}

// objectPathValidators enforce lakeFS's object path rule: non-empty and at most 1024 bytes.
func objectPathValidators() []validator.String {
	rule := fmt.Sprintf("must be a non-empty object path of at most %d bytes", maxObjectPathBytes)
	return []validator.String{stringCheck{rule, func(p string) (string, string) {
		if p == "" || len(p) > maxObjectPathBytes {
			return "Invalid object path", "The path " + rule + "."
		}
		return "", ""
	}}}
}

// noStagingRef rejects the $ modifier: where lakeFS needs a commit it refuses a staging area (400 for a hard
// reset, 500 for a new branch's source).
var noStagingRef = regexp.MustCompile(`^[^$]*$`)

func commitRefValidator() validator.String {
	return stringvalidator.RegexMatches(noStagingRef, "must name a commit: the staging-area modifier $ is not allowed")
}

// refExpressionPattern is lakeFS's ref expression grammar (pkg/graveler/ref/parse_ref.go): a base (a commit id or
// prefix, branch or tag) and modifiers ~N, ^N, @ and $. getCommit answers a malformed one with a 500, which would
// be retried: refuse it at plan time instead.
var refExpressionPattern = regexp.MustCompile(`^[^\s~^@$]+([~^]([+-]?[0-9]+)?|@|\$)*$`)

// refExpressionValidators check a ref expression that data sources read at (refValidators only refuses whitespace).
func refExpressionValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(refExpressionPattern,
		"must be a ref expression: a branch, tag or commit id, optionally followed by ~N, ^N, @ or $")}
}

// tagIDValidators enforce lakeFS's tag id rules (graveler.ValidateTagID, git-like), and refuse the ids that lakeFS
// accepts but cannot use as refs: a ref expression is split at ~, @ and $ before it is resolved, so a tag named
// `v1~1` or `a@b` could be created but never checked out, branched from or read (QUIRKS.md, Tags).
func tagIDValidators() []validator.String {
	const rule = "must be a lakeFS tag id usable as a ref: no whitespace, control characters, `/`, `..`, `~`, `@`, `$`, `^`, `:`, `?`, `*`, `[` or `\\`, " +
		"and not ending with `.` or `.lock`"
	return []validator.String{stringCheck{rule, func(id string) (string, string) {
		if problem := tagIDProblem(id); problem != "" {
			return "Invalid tag id", fmt.Sprintf("The tag id %q %s. A tag id %s.", id, problem, rule)
		}
		return "", ""
	}}}
}

// tagIDProblem says what is wrong with a tag id, or "" when lakeFS accepts it and can resolve it as a ref.
func tagIDProblem(id string) string {
	switch {
	case id == "":
		return "is empty"
	case strings.HasSuffix(id, ".") || strings.HasSuffix(id, ".lock"):
		return "ends with `.` or `.lock`"
	case strings.Contains(id, ".."):
		return "contains `..`"
	case strings.ContainsAny(id, "~@$"):
		return "contains `~`, `@` or `$`: lakeFS would create the tag, but reads these as ref modifiers, so the tag could never be used as a ref"
	case strings.ContainsAny(id, "/^:?*[\\"):
		return "contains one of `/ ^ : ? * [ \\`"
	}
	for _, r := range id {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return "contains whitespace or a control character"
		}
	}
	return ""
}
