# Commit the staged objects; a new commit is made whenever one of them changes.
resource "lakefs_commit" "feature" {
  repository = "example"
  branch     = "feature"
  message    = "Add sample data"
  metadata = {
    source = "terraform"
  }
  triggers = {
    readme = lakefs_object.readme.checksum
    data   = lakefs_object.data.checksum
  }
}
