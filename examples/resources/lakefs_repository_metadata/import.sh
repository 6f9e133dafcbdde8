# <repository>
terraform import lakefs_repository_metadata.analytics analytics
