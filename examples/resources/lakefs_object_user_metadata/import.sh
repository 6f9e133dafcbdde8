# <repository>/<branch>/<path>; the object path may itself contain "/".
terraform import lakefs_object_user_metadata.report analytics/main/reports/2024/q1.parquet
