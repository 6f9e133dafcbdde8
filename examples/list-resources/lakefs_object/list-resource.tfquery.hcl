# Every object under data/ on main, at every depth. A generated configuration needs content or source added:
# lakeFS cannot give back an object's content.
list "lakefs_object" "data" {
  provider         = lakefs
  include_resource = true
  config {
    repository = "example"
    branch     = "main"
    prefix     = "data/"
  }
}
