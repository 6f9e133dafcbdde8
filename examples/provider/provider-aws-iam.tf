# Log in with the AWS IAM identity of the machine running Terraform (lakeFS Enterprise and lakeFS Cloud).
# Credentials come from the standard AWS chain: environment, shared configuration and profile, web identity
# (for example a CI OIDC role), container and instance roles. The IAM principal must be attached to a lakeFS user.
provider "lakefs" {
  endpoint = "https://lakefs.example.com"

  aws_iam {
    region                  = "us-east-1"
    token_ttl_seconds       = 3600
    url_presign_ttl_seconds = 60
  }
}
