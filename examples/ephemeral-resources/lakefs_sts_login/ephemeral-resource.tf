# Terraform >= 1.10 or OpenTofu >= 1.11. The login needs no lakeFS credentials: this provider block has
# only an endpoint. The token is ephemeral and is never written to the plan or the state.
provider "lakefs" {
  endpoint = "https://lakefs.example.com"
}

variable "oidc_code" {
  type      = string
  sensitive = true
}

ephemeral "lakefs_sts_login" "ci" {
  code         = var.oidc_code
  state        = "terraform-ci"
  redirect_uri = "https://ci.example.com/oidc/callback"
  ttl_seconds  = 3600
}

# A second, aliased provider block authenticates with the short-lived token.
provider "lakefs" {
  alias    = "session"
  endpoint = "https://lakefs.example.com"
  token    = ephemeral.lakefs_sts_login.ci.token
}

resource "lakefs_repository" "example" {
  provider          = lakefs.session
  name              = "example"
  storage_namespace = "s3://example-bucket/example"
}
