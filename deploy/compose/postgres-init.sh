#!/bin/bash
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d): one role
# <svc>_svc and one database <svc>_db per service, as deploy/local/postgres init-service-dbs does
# (docs/decisions/0004). Each role's password is the compose secret /run/secrets/<svc>_db_password.
set -euo pipefail

services=(auth category product cart order payment payment_sim delivery notification)
secrets_dir=${SHOP_SECRETS_DIR:-/run/secrets} # tests point it elsewhere

for svc in "${services[@]}"; do
  password_file="$secrets_dir/${svc}_db_password"
  if [[ ! -r $password_file ]]; then
    echo "postgres-init: $password_file is missing (run deploy/compose/init-secrets)" >&2
    exit 1
  fi
  password=$(<"$password_file")
  echo "postgres-init: role ${svc}_svc and database ${svc}_db"
  # psql variables (:'x') are quoted by psql itself; format(%I/%L) quotes again inside SQL.
  psql -X -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
    -v role="${svc}_svc" -v db="${svc}_db" -v pw="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT ALL ON DATABASE %I TO %I', :'db', :'role') \gexec
SQL
  psql -X -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "${svc}_db" -v role="${svc}_svc" <<'SQL'
SELECT format('ALTER SCHEMA public OWNER TO %I', :'role') \gexec
SQL
done
psql -X -q -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
  -c 'REVOKE CONNECT ON DATABASE postgres FROM PUBLIC'
