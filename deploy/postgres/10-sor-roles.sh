#!/bin/sh
# Run by the postgres image once, when it initialises an empty data directory
# (/docker-entrypoint-initdb.d). Creates the two roles of README "Database roles":
#   sor_owner  owns the database and every table; only `manage.py migrate` logs in as it.
#   sor_app    the running app: full DML on the register's tables, on the audit trail only
#              SELECT and INSERT (audit migration 0006 revokes the rest), never TRUNCATE.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v owner_pw="$SOR_DB_OWNER_PASSWORD" -v app_pw="$SOR_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE sor_owner LOGIN PASSWORD :'owner_pw';
CREATE ROLE sor_app LOGIN PASSWORD :'app_pw';
ALTER DATABASE :"db" OWNER TO sor_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO sor_app;
ALTER SCHEMA public OWNER TO sor_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sor_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sor_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sor_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sor_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO sor_app;
SQL
