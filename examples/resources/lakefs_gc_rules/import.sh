# <repository>
terraform import lakefs_gc_rules.analytics analytics
