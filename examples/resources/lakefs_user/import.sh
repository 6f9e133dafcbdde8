# Import by user name.
terraform import lakefs_user.etl etl-bot
