# The repository's complete metadata: keys set outside Terraform are removed on the next apply,
# but for lakeFS's own ".lakefs." keys (such as the time of the last import), which are left alone.
resource "lakefs_repository_metadata" "analytics" {
  repository = "analytics"

  metadata = {
    owner       = "data-platform"
    cost-center = "1234"
  }
}
