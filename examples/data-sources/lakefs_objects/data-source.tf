# The files directly under datasets/ on main, and its sub-"directories".
data "lakefs_objects" "datasets" {
  repository = "example-repo"
  ref        = "main"
  prefix     = "datasets/"
  delimiter  = "/"
}

output "files" {
  value = { for o in data.lakefs_objects.datasets.objects : o.path => o.size_bytes }
}

output "directories" {
  value = data.lakefs_objects.datasets.common_prefixes
}
