"""Django's template engine, with each render's context let go of as soon as the page is written.

A template ``Context`` and every dict pushed onto it refer to each other (``ContextDict.context``):
a reference cycle, which reference counting never frees. Everything a page was rendered from (a
list page's twenty vacancies with their eligibility, two hundred filter options, the paginator)
then waits for Python's cyclic garbage collector, whose collections took 10-13 % of the uncached
long tail's CPU and paused requests for up to 100 ms (benchmarks/README.md, issue 16). Emptying
the context's stacks once the template is rendered breaks the cycle: the page's objects are freed
when the response is, by reference counting.
"""

from django.template import TemplateDoesNotExist
from django.template.backends import django as backend
from django.template.context import make_context


class DjangoTemplates(backend.DjangoTemplates):
    """``django.template.backends.django.DjangoTemplates`` whose templates free their context."""

    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            backend.reraise(exc, self)


class Template(backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            backend.reraise(exc, self.backend)
        finally:
            # Nothing reads the context after this (the test client keeps its own copy of the stack).
            context.dicts.clear()
            context.render_context.dicts.clear()
