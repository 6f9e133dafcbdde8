# The branches must exist; create them with lakefs_branch or outside Terraform.
resource "lakefs_pull_request" "example" {
  repository         = "example-repo"
  source_branch      = "feature"
  destination_branch = "main"
  title              = "Add the 2024 data"
  description        = "Backfills the missing partitions."
}

# Close it instead of deleting the configuration:
#   status = "closed"
# Once merged (for example by lakefs_pull_request_merge), status reads "merged" and stays so.
