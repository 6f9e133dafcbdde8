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
