# Commits that are no longer a branch head stay reachable for 7 days, on main for 21 days and on
# feature-x for 3; garbage collection may then delete objects only they reference.
resource "lakefs_gc_rules" "analytics" {
  repository             = "analytics"
  default_retention_days = 7

  branch_retention_days = {
    main        = 21
    "feature-x" = 3
  }
}
