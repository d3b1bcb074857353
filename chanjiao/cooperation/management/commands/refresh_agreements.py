"""``manage.py refresh_agreements [--date YYYY-MM-DD]``: move agreements' statuses by date
(已签约 → 履行中 → 即将到期 → 已到期), mail the expiry reminders (到期提醒) and found the
carriers whose founding date has come (筹建中 → 已成立), once a day (cron, a systemd timer)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chanjiao.cooperation.lifecycle import agreements_refresh
from chanjiao.cooperation.progress import carriers_refresh
from chanjiao.core.changelog import change_source
from chanjiao.core.words import sentences


class Command(BaseCommand):
    help = (
        "Move agreements' statuses by date, e-mail the reminders of those about to expire and "
        "found the carriers whose founding date has come."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day to take as today (YYYY-MM-DD); today by default.",
        )

    def handle(self, *args, date=None, **options):
        try:
            with change_source("cli"):
                result = agreements_refresh(today=date)
                carriers = carriers_refresh(today=date)
        except ValidationError as exc:
            raise CommandError(sentences(exc.messages)) from exc
        self.stdout.write(
            f"{result['moved']} agreement(s) moved, {result['reminded']} reminder(s) sent, "
            f"{carriers} carrier(s) founded"
        )
