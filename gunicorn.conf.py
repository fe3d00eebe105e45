"""gunicorn settings for JPO Board: ``gunicorn -c gunicorn.conf.py jpoboard.wsgi``.

Every value can be overridden from the environment (GUNICORN_*) or the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Threads in each worker keep a long CSV download from blocking the other
# requests of that worker; processes use every core.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A gthread worker's timeout is its heartbeat, not a request's length, so a
# minutes-long stream is fine; a worker stuck for this long is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then, at staggered times, so slow leaks never add up.
# A recycled worker starts with an empty local-memory page cache, so not too often:
# at 2,000 requests, a busy worker restarted every few seconds and its p99 rose tenfold.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))

# Import the app once in the master: workers start faster and share memory.
preload_app = True

# GUNICORN_ACCESSLOG="" turns the access log off altogether (no line is even formatted).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
