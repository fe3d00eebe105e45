"""The yardstick: a bare Django view returning 20 KB of HTML.

No database, no template, no cache: only what every request pays anyway
(gunicorn, WSGI, Django's URL resolver and the project's whole middleware
stack). Served by ``benchmarks.bare_settings``, never by the production URLconf.
"""

from django.http import HttpResponse

SIZE = 20 * 1024


def _page():
    head = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Bare</title></head>\n<body><main>\n'
    tail = "</main></body>\n</html>\n"
    item = '<li><a href="/vacancies/associate-programme-officer-{n:05d}/">Associate Programme Officer</a></li>\n'
    body, n = [], 0
    while len(head) + sum(map(len, body)) + len(tail) < SIZE:
        body.append(item.format(n=n))
        n += 1
    return (head + "".join(body) + tail)[: SIZE - len(tail)] + tail


PAGE = _page().encode()


def bare(request):
    return HttpResponse(PAGE)
