# A whole lakeFS change workflow in one configuration: a repository whose main branch is protected (changes
# arrive by merge only), a feature branch with two objects, user metadata on one of them, a commit, a pull
# request that gets merged, a tag on the merge commit, and a scratch branch reset to the merge commit. `make demo` runs it against the bundled lakeFS test server.

terraform {
  required_providers {
    lakefs = {
      source = "lakefs-tf/lakefs"
    }
  }
}

# Endpoint and credentials come from LAKEFS_ENDPOINT, LAKEFS_ACCESS_KEY_ID and LAKEFS_SECRET_ACCESS_KEY.
provider "lakefs" {}

variable "repository" {
  description = "Name of the demo repository."
  type        = string
  default     = "terraform-demo"
}

variable "storage_namespace" {
  description = "Where the repository stores its data. A real lakeFS never lets a namespace be reused."
  type        = string
  default     = "local://terraform-demo"
}

resource "lakefs_repository" "demo" {
  name              = var.repository
  storage_namespace = var.storage_namespace
}

# Commits and direct writes to main are refused; merges into it are allowed.
resource "lakefs_branch_protection" "demo" {
  repository = lakefs_repository.demo.name
  rules      = [{ pattern = lakefs_repository.demo.default_branch }]
}

resource "lakefs_branch" "feature" {
  repository = lakefs_repository.demo.name
  name       = "add-sample-data"
  source     = lakefs_repository.demo.default_branch
}

resource "lakefs_object" "readme" {
  repository   = lakefs_repository.demo.name
  branch       = lakefs_branch.feature.name
  path         = "README.md"
  content      = "# Sample data\n\nManaged by Terraform.\n"
  content_type = "text/markdown"
}

resource "lakefs_object" "data" {
  repository   = lakefs_repository.demo.name
  branch       = lakefs_branch.feature.name
  path         = "data/sample.csv"
  content      = "id,value\n1,42\n2,17\n"
  content_type = "text/csv"
}

resource "lakefs_object_user_metadata" "data" {
  repository = lakefs_repository.demo.name
  branch     = lakefs_branch.feature.name
  path       = lakefs_object.data.path
  metadata = {
    owner          = "data-platform"
    Classification = "internal"
  }
}

resource "lakefs_commit" "feature" {
  repository = lakefs_repository.demo.name
  branch     = lakefs_branch.feature.name
  message    = "Add sample data"
  metadata = {
    source = "terraform"
  }
  # A new commit whenever the committed content changes.
  triggers = {
    readme   = lakefs_object.readme.checksum
    data     = lakefs_object.data.checksum
    metadata = jsonencode(lakefs_object_user_metadata.data.metadata)
  }
}

resource "lakefs_pull_request" "feature" {
  repository         = lakefs_repository.demo.name
  source_branch      = lakefs_branch.feature.name
  destination_branch = lakefs_repository.demo.default_branch
  title              = "Add sample data"
  description        = "Adds a README and a small CSV file."

  depends_on = [lakefs_commit.feature]
}

resource "lakefs_pull_request_merge" "feature" {
  repository      = lakefs_repository.demo.name
  pull_request_id = lakefs_pull_request.feature.id
}

# Name the merge commit.
resource "lakefs_tag" "release" {
  repository = lakefs_repository.demo.name
  id         = "v1.0.0"
  ref        = lakefs_pull_request_merge.feature.merged_commit_id
}

resource "lakefs_branch" "scratch" {
  repository = lakefs_repository.demo.name
  name       = "scratch"
  source     = lakefs_repository.demo.default_branch
}

# Move the scratch branch to the merge commit.
resource "lakefs_branch_hard_reset" "scratch" {
  repository = lakefs_repository.demo.name
  branch     = lakefs_branch.scratch.name
  ref        = lakefs_pull_request_merge.feature.merged_commit_id
}

output "pull_request_id" {
  value = lakefs_pull_request.feature.id
}

output "merged_commit_id" {
  value = lakefs_pull_request_merge.feature.merged_commit_id
}

output "object_checksums" {
  value = {
    (lakefs_object.readme.path) = lakefs_object.readme.checksum
    (lakefs_object.data.path)   = lakefs_object.data.checksum
  }
}

output "release_tag_commit_id" {
  value = lakefs_tag.release.commit_id
}

output "scratch_head" {
  value = lakefs_branch_hard_reset.scratch.commit_id
}
