# A small configuration file, read as text from the committed state of main.
data "lakefs_object" "config" {
  repository   = "example-repo"
  ref          = "main@"
  path         = "config/settings.json"
  read_content = true
}

output "settings" {
  value = jsondecode(data.lakefs_object.config.content)
}

# Only the stats of a large object: nothing is downloaded.
data "lakefs_object" "dataset" {
  repository = "example-repo"
  ref        = "v1.0"
  path       = "datasets/events.parquet"
}

output "dataset_size" {
  value = data.lakefs_object.dataset.size_bytes
}
