"""Realistic test vacancies, generated in bulk for development and benchmarks.

``build_vacancies()`` composes the data in memory from sentence templates and
word lists, with nothing but ``random.Random(seed)``: the same seed, count,
date and first number give exactly the same vacancies. ``generate_vacancies()``
writes them to the database in batches with COPY: PostgreSQL only.

Every generated vacancy is published. Texts use the ToR text format of
``vacancies/text.py`` (one line a paragraph, ``- `` bullets).

- ``corpus``: the reference data (entities, duty stations, sponsors,
  languages, competencies, topics, sentence templates and word lists).
- ``compose``: vacancies built in memory from a ``random.Random``.
- ``load``: writing them to PostgreSQL (COPY, on loader connections in parallel).
"""

from .compose import GeneratedVacancy, build_vacancies, build_vacancy
from .load import generate_vacancies

__all__ = ["GeneratedVacancy", "build_vacancies", "build_vacancy", "generate_vacancies"]
