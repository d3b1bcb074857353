"""Validators shared by domain models."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


def validate_credit_code(value: str) -> None:
    """统一社会信用代码: 18 characters with a valid check digit (GB 32100-2015)."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "“%(value)s” 不是有效的统一社会信用代码（18 位，校验位须正确）。"
                " / not a valid unified social credit code (18 characters, correct check digit)."
            ),
            params={"value": value},
            code="invalid_credit_code",
        ) from exc


def validate_region_code(value: str) -> None:
    """行政区划代码: six digits (GB/T 2260)."""
    if not (len(value) == 6 and value.isdigit()):
        raise ValidationError(
            _("行政区划代码应为 6 位数字 / region code must be six digits"), code="invalid_region"
        )
