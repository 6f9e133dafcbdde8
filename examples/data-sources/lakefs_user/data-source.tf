data "lakefs_user" "etl" {
  id = "etl-bot"
}

output "etl_created" {
  value = data.lakefs_user.etl.creation_date
}
