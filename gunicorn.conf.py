"""gunicorn settings for JPO Board: ``gunicorn -c gunicorn.conf.py jpoboard.wsgi``.

Every value can be overridden from the environment (GUNICORN_*) or the command line.
"""

import gc
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


# Python's cyclic garbage collector, in each worker. A full collection scans every object the process
# holds (Django, the templates, pycountry's countries: about 100,000) and took up to 80 ms, in the middle
# of whichever request set it off: a tenth of the list's uncached long tail went to it, and most of its
# p99 at 2,000 vacancies (benchmarks/README.md, issue 16). What the process has built by the end of its
# first request lives as long as the process: frozen, it is never scanned again; and the youngest
# generation is collected less often. Reference counting still frees everything that is not a cycle.
gc_threshold = int(os.environ.get("GUNICORN_GC_THRESHOLD", "10000"))


def post_fork(server, worker):
    gc.set_threshold(gc_threshold, 10, 10)
    gc.freeze()  # the application, imported by the master before the fork (preload_app)
    worker.gc_frozen_after_a_request = False


def post_request(worker, req, environ, resp):
    if not worker.gc_frozen_after_a_request:  # and what the first request built: templates, caches
        worker.gc_frozen_after_a_request = True
        gc.collect()
        gc.freeze()
