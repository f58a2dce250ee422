"""Exit 0 when the PostgreSQL server at the URL given accepts a connection."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
