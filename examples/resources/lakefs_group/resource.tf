# Needs lakeFS with an auth server (lakeFS's ACL server, Enterprise or Cloud).
resource "lakefs_group" "analysts" {
  id          = "analysts"
  description = "Read access to every repository"
}
