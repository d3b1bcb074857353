"""The building blocks of the REST API's schemas: input types that refuse what cannot be
stored, partial (PATCH) schemas, the response base that reads an object once, choice labels.

Input (``InputSchema``): unknown fields are refused, text is cleaned like a form's, ids and
years are bounded, a choice field is an enum. Output (``OutSchema``): ``resolve_<field>``
resolvers, related managers read as lists, files as their URL; ``display_of`` gives a choice's
label in the reader's language.
"""

from __future__ import annotations

import copy
import datetime
import functools
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import get_language, gettext
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    Strict,
    ValidationInfo,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

#: The largest id a bigint primary key can hold; larger ids cannot exist.
MAX_ID = 2**63 - 1


# --- input types -------------------------------------------------------------------------


def _clean_text(value: str) -> str:
    # NUL characters and lone surrogates cannot be stored (PostgreSQL rejects NUL, no database
    # can encode a lone surrogate): refuse them as bad input instead of failing on save.
    if "\x00" in value:
        raise ValueError(gettext("不能包含 NUL（\\x00）字符"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(gettext("须为有效的 Unicode 文本")) from exc
    return value


#: A string from the client: any text a database can store.
Text = Annotated[str, AfterValidator(_clean_text)]
#: An id of an existing row (positive, within bigint range).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: A year filter (calendar years Python dates can hold).
Year = Annotated[int, Field(ge=1, le=9999)]


def _query_bool(value: Any) -> Any:
    # Query strings carry text: only the JSON spellings count ("yes", "on", "1" do not).
    if isinstance(value, str):
        if value.lower() not in ("true", "false"):
            raise ValueError("must be true or false")
        return value.lower() == "true"
    return value


#: A boolean query parameter: ``true`` or ``false``.
QueryBool = Annotated[bool, BeforeValidator(_query_bool)]


def _mentions_temporal(annotation: Any) -> bool:
    if annotation in (datetime.date, datetime.datetime, datetime.time):
        return True
    return any(_mentions_temporal(arg) for arg in get_args(annotation))


def _unstorable(value: Any) -> bool:
    """Whether ``value`` (JSON data) holds text no database can store."""
    if isinstance(value, str):
        try:
            _clean_text(value)
        except ValueError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(v) for v in value)
    return False


class InputSchema(Schema):
    """The base of every request body schema: the input is taken as it is written, or refused.

    - unknown keys are refused (``extra="forbid"``): a misspelt field is a 422, not ignored;
    - types are strict: ``true`` is not a number, ``"yes"`` or ``1`` not a boolean, ``1.5``
      not an integer, ``null`` not an id in a list;
    - numbers are finite: ``NaN`` and ``Infinity`` (which Python's JSON parser accepts) are
      refused;
    - the body must be a JSON object (a list or a string is not read as "no fields given").

    Dates and times stay lax (a JSON ``"2024-05-01"`` is a date): JSON has no date type.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    @model_validator(mode="wrap")
    @classmethod
    def _only_objects(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # ninja's Schema reads fields as attributes (from_attributes): without this check a
        # list body such as ``[null, null]`` is read as an object with no fields at all.
        if not isinstance(values, dict | Schema):
            raise PydanticCustomError(
                "object_type",
                "must be a JSON object with the fields of {name}",
                {"name": cls.__name__},
            )
        if isinstance(values, dict):
            # Free-form JSON (``dict[str, Any]``) is not checked by ``Text``: a NUL or a lone
            # surrogate anywhere in it would reach the database (PostgreSQL refuses NUL in
            # jsonb) and fail there as a server error.
            for key, value in values.items():
                if _unstorable(key) or _unstorable(value):
                    raise PydanticCustomError(
                        "unstorable_text",
                        "must not contain NUL (\\x00) characters or invalid Unicode",
                        {"field": str(key)},
                    )
        return handler(values)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        relaxed = False
        for info in cls.model_fields.values():
            already = any(isinstance(m, Strict) for m in info.metadata)
            if not already and _mentions_temporal(info.annotation):
                info.metadata.append(Strict(False))
                relaxed = True
        if relaxed:
            cls.model_rebuild(force=True)


def choice(choices: type[models.Choices]) -> Any:
    """A ``Literal`` of a model's choice values, shown as an enum in the OpenAPI schema."""
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


def partial_schema(schema: type[Schema], name: str) -> type[Schema]:
    """``schema`` with every field optional, for PATCH: only the fields sent are applied.

    Unlike ``ninja.PatchDict`` the types stay as they are, so ``null`` is still refused where
    the full schema refuses it.
    """
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        optional.json_schema_extra = _drop_default
        fields[field_name] = (info.rebuild_annotation(), optional)
    base = InputSchema if issubclass(schema, InputSchema) else Schema
    return create_model(name, __base__=base, __doc__=schema.__doc__, **fields)


def _drop_default(json_schema: dict[str, Any]) -> None:
    # The ``None`` default only marks a field as "not sent"; it is not a value to document.
    json_schema.pop("default", None)


# --- output pieces -----------------------------------------------------------------------


class OutSchema(Schema):
    """The base of every response schema: ninja's ``Schema`` (``resolve_<field>`` static
    methods, managers and querysets read as lists, callables called, files as their URL),
    read in one pass instead of through ninja's ``DjangoGetter``.

    ninja wraps each object in a ``DjangoGetter`` that pydantic then reads attribute by
    attribute, looking each one up among the resolvers and converting it on every access;
    for a 50-row list that was most of the request. Here each object is read once into a
    dict (a resolver or the attribute per field) and pydantic validates the dict.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if isinstance(values, BaseModel):
            return handler(values)
        readers = cls.__dict__.get("_out_readers") or cls._prepare_readers()
        data: dict[str, Any] = {}
        if isinstance(values, dict):
            if not cls._ninja_resolvers:
                return handler(values)
            data.update(values)
            for key, resolver in readers:
                if resolver is not None:
                    data[key] = _out_value(resolver(_ContextGetter(values, info.context)))
            return handler(data)
        for key, resolver in readers:
            if resolver is not None:
                value = resolver(_ContextGetter(values, info.context))
            else:
                try:
                    value = getattr(values, key)
                except AttributeError:
                    continue
            data[key] = _out_value(value)
        return handler(data)

    @classmethod
    def _prepare_readers(cls) -> tuple[tuple[str, Any], ...]:
        readers = []
        for name, field in cls.model_fields.items():
            key = field.validation_alias if isinstance(field.validation_alias, str) else None
            key = key or field.alias or name
            resolver = cls._ninja_resolvers.get(name)
            choice_field = name.removesuffix("_label")
            if resolver is None and name != choice_field and choice_field in cls.model_fields:
                resolver = _label_reader(choice_field, key)
            readers.append((key, resolver))
        cls._out_readers = tuple(readers)
        return cls._out_readers


def _label_reader(field: str, key: str) -> Callable[[Any], Any]:
    """How an output schema reads ``<field>_label`` without a resolver of its own: the
    object's own ``<field>_label`` when it has one, else the display text of the choice field
    ``<field>`` in the reader's language (as :func:`display_of`)."""
    display = display_of(field).__func__

    def read(getter: _ContextGetter) -> Any:
        obj = getter._obj
        if isinstance(obj, dict):
            return obj.get(key)
        return getattr(obj, key) if hasattr(obj, key) else display(obj)

    return read


class _ContextGetter:
    """What ninja's resolvers are called with: the object and the validation context."""

    __slots__ = ("_obj", "_context")

    def __init__(self, obj: Any, context: Any):
        self._obj = obj
        self._context = context


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), datetime.date, datetime.datetime})


def _out_value(value: Any) -> Any:
    # As ninja's DjangoGetter: related managers and querysets become lists, methods are
    # called, a file is its URL.
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, models.Manager):
        return list(value.all())
    if isinstance(value, models.QuerySet):
        return list(value)
    if callable(value):
        return value()
    if isinstance(value, FieldFile):
        return value.url if value else None
    return value


class ErrorOut(OutSchema):
    """Every error response."""

    detail: str = Field(description="What went wrong, in one sentence.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Messages per input field; `__all__` for errors not tied to one field.",
    )


class RefOut(OutSchema):
    """A related object by id and name."""

    id: int
    name: str


def display_of(field: str) -> staticmethod:
    """A ninja resolver for ``<field>_label``: the display text of a choice field.

    An output schema with both ``kind`` and ``kind_label`` reads the label this way by itself;
    use ``resolve_<name> = display_of("kind")`` for a label named otherwise.
    """

    def resolve(obj) -> str:
        # As get_<field>_display(), which builds a dict of every choice (hashing each lazy
        # label, i.e. translating it) per call: half the time of a 50-row list went there.
        value = getattr(obj, field)
        return _choice_labels(type(obj), field, get_language()).get(value, value)

    return staticmethod(resolve)


@functools.cache
def _choice_labels(model: type, field: str, language: str | None) -> dict:
    """A choice field's values and their labels in ``language`` (the active language)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}
