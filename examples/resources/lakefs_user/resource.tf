# Needs lakeFS with an auth server (lakeFS's ACL server, Enterprise or Cloud).
resource "lakefs_user" "etl" {
  id = "etl-bot"
}
