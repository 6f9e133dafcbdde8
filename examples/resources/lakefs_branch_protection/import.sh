# The repository name: the import takes over all of its rules.
terraform import lakefs_branch_protection.example example
