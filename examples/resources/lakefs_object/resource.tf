# An object from a string, with user metadata (keys keep their case).
resource "lakefs_object" "readme" {
  repository   = "example"
  branch       = "feature"
  path         = "README.md"
  content      = "# Example\n"
  content_type = "text/markdown"
  metadata = {
    Owner = "data-platform"
  }
}

# An object streamed from a local file; a change of the file's bytes is planned as an update.
resource "lakefs_object" "data" {
  repository   = "example"
  branch       = "feature"
  path         = "data/sample.csv"
  source       = "${path.module}/sample.csv"
  content_type = "text/csv"
}

# Content kept out of the plan and the state (Terraform 1.11+): a secret from an ephemeral resource or a variable.
# Increment content_wo_version to upload it again; an object changed in lakeFS is uploaded again by the next apply.
variable "service_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "lakefs_object" "token" {
  repository         = "example"
  branch             = "feature"
  path               = "config/token.txt"
  content_wo         = var.service_token
  content_wo_version = 1
  content_type       = "text/plain"
}
