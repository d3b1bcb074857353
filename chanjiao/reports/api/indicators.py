"""REST endpoints of the indicators catalogue (指标): public reads, platform admins write."""

from decimal import Decimal

from ninja import Field, Schema

from chanjiao.core.api import (
    rows_for,
)
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
)

from .. import services
from ..models import Indicator
from .base import DecimalIn, router

# === indicators (指标) =====================================================================


class IndicatorIn(InputSchema):
    """An indicator of the catalogue: computed from the records by a rule, or reported."""

    code: Text = Field(description="Lower-case letters, digits and underscores; unique.")
    name: Text
    name_en: Text
    unit: choice(Indicator.Unit)
    source: choice(Indicator.Source)
    rule: Text = Field("", description="The rule of a computed indicator; empty otherwise.")
    aggregate: choice(Indicator.Aggregate) = Indicator.Aggregate.SUM.value
    weight: Id | None = Field(None, description="Id of the indicator a weighted rate uses.")
    min_value: DecimalIn | None = Field(
        0, validate_default=True, description="A number, or a decimal as text."
    )
    max_value: DecimalIn | None = Field(None, description="A number, or a decimal as text.")
    order: int = Field(0, ge=0, le=32767)
    is_active: bool = True
    description: Text = ""


class IndicatorOut(OutSchema):
    id: int
    code: str
    name: str
    name_en: str
    unit: str
    unit_label: str
    source: str
    source_label: str
    rule: str
    aggregate: str
    aggregate_label: str
    weight: RefOut | None
    min_value: Decimal | None
    max_value: Decimal | None
    order: int
    is_active: bool
    description: str


class IndicatorFilters(Schema):
    source: choice(Indicator.Source) | None = None
    active: bool | None = Field(None, description="Only active (true) or inactive (false) ones.")


def _indicators(*, actor, source: str | None = None, active: bool | None = None):
    qs = Indicator.objects.select_related("weight")
    if source:
        qs = qs.filter(source=source)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def _decimal_limits(request, payload: dict, *parent) -> dict:
    payload = rows_for(weight=Indicator.objects)(request, payload)
    for key in ("min_value", "max_value"):
        if payload.get(key) is not None:
            payload[key] = Decimal(payload[key])
    return payload


Crud(
    router,
    __name__,
    "/indicators",
    tag="indicators",
    name="indicator",
    out=IndicatorOut,
    services=services,
    selector=_indicators,
    filters=IndicatorFilters,
    create_input=IndicatorIn,
    refs=_decimal_limits,
    summaries={
        "list": "The indicators catalogue",
        "get": "One indicator",
        "create": "Add an indicator (platform admins)",
        "patch": "Change some fields of an indicator (platform admins)",
        "put": "Replace an indicator's record (platform admins)",
    },
).register()
