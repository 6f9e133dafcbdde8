package provider

import "testing"

// refExpressionPattern accepts what lakeFS's ref parser (pkg/graveler/ref/parse_ref.go) accepts and refuses what it
// refuses with "invalid ref".
func TestRefExpressionPattern(t *testing.T) {
	valid := []string{"main", "feature-1", "v1.0", "a1b2c3", "main~", "main~1", "main~10", "main^", "main^2",
		"main@", "main$", "main~1^2", "main@$", "main~+1", "x/y", "tag.with.dots"}
	invalid := []string{"", " ", "main 1", "~1", "^2", "@main", "$", "main~x", "main~1x", "main@x", "main$1", "main^-", "main\t"}
	for _, ref := range valid {
		if !refExpressionPattern.MatchString(ref) {
			t.Errorf("%q refused; lakeFS parses it", ref)
		}
	}
	for _, ref := range invalid {
		if refExpressionPattern.MatchString(ref) {
			t.Errorf("%q accepted; lakeFS refuses it", ref)
		}
	}
}
