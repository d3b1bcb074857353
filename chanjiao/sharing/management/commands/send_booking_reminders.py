"""``manage.py send_booking_reminders [--date YYYY-MM-DD]``: the day-before reminders of
shared-resource bookings (预约提醒), to run once a day (cron, a systemd timer)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chanjiao.core.changelog import change_source
from chanjiao.core.words import sentences
from chanjiao.sharing.services import booking_reminders_send


class Command(BaseCommand):
    help = "E-mail the reminders of the confirmed bookings that start tomorrow (or on --date)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day the bookings start (YYYY-MM-DD); tomorrow by default.",
        )

    def handle(self, *args, date=None, **options):
        try:
            with change_source("cli"):
                sent = booking_reminders_send(day=date)
        except ValidationError as exc:
            raise CommandError(sentences(exc.messages)) from exc
        self.stdout.write(f"{sent} booking(s) reminded")
