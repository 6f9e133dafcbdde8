# A repository is imported by its name.
terraform import lakefs_repository.example example-repo
