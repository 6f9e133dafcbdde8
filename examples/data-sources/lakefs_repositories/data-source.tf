# Every repository whose name starts with "team-".
data "lakefs_repositories" "team" {
  prefix = "team-"
}

output "team_repositories" {
  value = { for r in data.lakefs_repositories.team.repositories : r.id => r.storage_namespace }
}
