# Every user whose name starts with "svc-".
data "lakefs_users" "services" {
  prefix = "svc-"
}

output "service_users" {
  value = [for u in data.lakefs_users.services.users : u.id]
}
