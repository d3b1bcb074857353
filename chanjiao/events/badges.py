"""Tickets and badges (参会证): the QR code of a ticket (segno, SVG) and the printable badges of
an event's confirmed registrants as a PDF (WeasyPrint, Noto CJK)."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .models import Event, Registration


def qr_svg(code: str, *, scale: int = 6) -> SafeString:
    """The ticket code as an inline SVG QR code (error correction M, a quiet zone of 2)."""
    svg = segno.make(code, error="m").svg_inline(scale=scale, border=2, title=code)
    # segno writes the SVG itself, from a code of letters and digits: nothing to escape.
    return mark_safe(svg)


def qr_data_uri(code: str, *, scale: int = 4) -> str:
    """The ticket code's QR code as an SVG data URI (for the PDF's <img>)."""
    return segno.make(code, error="m").svg_data_uri(scale=scale, border=2)


def badges_html(event: Event, registrations: list[Registration]) -> str:
    """The badges page: eight to an A4 sheet, each with the name, unit, title and QR code."""
    cards = [(r, qr_data_uri(r.ticket_code)) for r in registrations]
    return render_to_string("events/badges_document.html", {"event": event, "cards": cards})


def badges_pdf(event: Event, registrations: list[Registration]) -> bytes:
    from weasyprint import HTML

    return HTML(string=badges_html(event, registrations)).write_pdf()
