data "lakefs_groups" "all" {}

output "groups" {
  value = [for g in data.lakefs_groups.all.groups : g.id]
}
