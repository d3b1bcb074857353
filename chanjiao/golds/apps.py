from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class GoldsConfig(AppConfig):
    """五金: a body's "five golds" programme — gold majors (金专业), courses (金课程), textbooks
    (金教材), teachers (金师资) and bases (金基地) — each category run by a committee that
    reviews what member units nominate and recognises results at a level in a year."""

    name = "chanjiao.golds"
    label = "golds"
    verbose_name = pgettext_lazy("app", "五金建设")
