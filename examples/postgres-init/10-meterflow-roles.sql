-- Roles for docker-compose.yml. The postgres image runs this once, when its data volume is new
-- (mounted in /docker-entrypoint-initdb.d; psql as the superuser, connected to POSTGRES_DB).
-- The superuser is for administration only: the job never logs in as it.
--
--   meterflow_writer  the job's login (examples/meterflow-compose.yaml): no SUPERUSER, CREATEDB or
--                     CREATEROLE. It owns the meterflow schema (and may create schemas in this
--                     database: the migrations' CREATE SCHEMA IF NOT EXISTS needs it) because the job
--                     applies the schema migrations when it starts.
--   meterflow_reader  read-only group (SELECT and query_usage); the migrations grant to it.
--   meterflow_query   a login in meterflow_reader, for people and dashboards that only read usage.
--
-- Change the passwords (ALTER ROLE ... PASSWORD) before exposing PostgreSQL beyond this machine.

\set ON_ERROR_STOP on

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        CREATE ROLE meterflow_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_writer') THEN
        CREATE ROLE meterflow_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
            PASSWORD 'meterflow-writer';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_query') THEN
        CREATE ROLE meterflow_query LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
            PASSWORD 'meterflow-query' IN ROLE meterflow_reader;
    END IF;
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO meterflow_writer', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO meterflow_reader', current_database());
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS meterflow AUTHORIZATION meterflow_writer;
