# Each result's ref is the commit the tag points at: lakeFS keeps no record of the ref a tag was made from.
list "lakefs_tag" "releases" {
  provider = lakefs
  config {
    repository = "example"
    prefix     = "v1."
  }
}
