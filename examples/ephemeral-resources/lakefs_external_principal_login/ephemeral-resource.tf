# Terraform >= 1.10 or OpenTofu >= 1.11. Exchanges an identity request built elsewhere (for AWS IAM: the
# base64 JSON of a presigned STS GetCallerIdentity request, as lakectl builds it) for a lakeFS token. To log
# the provider itself in with AWS IAM, prefer the provider's aws_iam block, which builds and renews it.
provider "lakefs" {
  endpoint = "https://lakefs.example.com"
}

variable "aws_identity_token" {
  type      = string
  sensitive = true
}

ephemeral "lakefs_external_principal_login" "ci" {
  identity_request = {
    identity_token = var.aws_identity_token
  }
  token_expiration_duration = 3600
}

# A second, aliased provider block authenticates with the short-lived token.
provider "lakefs" {
  alias    = "session"
  endpoint = "https://lakefs.example.com"
  token    = ephemeral.lakefs_external_principal_login.ci.token
}

resource "lakefs_repository" "example" {
  provider          = lakefs.session
  name              = "example"
  storage_namespace = "s3://example-bucket/example"
}
