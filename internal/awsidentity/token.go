// Package awsidentity holds the identity token of lakeFS's AWS external principal login (contract §4.3.1): the
// provider builds it from a presigned STS GetCallerIdentity request, and the test server checks it.
package awsidentity

// Token is the JSON lakeFS expects, base64-encoded, inside identity_token.
type Token struct {
	Method             string   `json:"method"`
	Host               string   `json:"host"`
	Region             string   `json:"region"`
	Action             string   `json:"action"`
	Date               string   `json:"date"`
	ExpirationDuration string   `json:"expiration_duration"`
	AccessKeyID        string   `json:"access_key_id"`
	Signature          string   `json:"signature"`
	SignedHeaders      []string `json:"signed_headers"`
	Version            string   `json:"version"`
	Algorithm          string   `json:"algorithm"`
	SecurityToken      string   `json:"security_token"`
}
