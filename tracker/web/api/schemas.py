"""The API's response schemas (marshmallow): what the OpenAPI spec says every read returns."""

from __future__ import annotations

import enum
from functools import lru_cache

from marshmallow import Schema, fields

from tracker.translations import catalogue, translate_label


def labels_of(member: enum.Enum | None) -> dict | None:
    """A workflow value's labels in both languages, e.g. {"zh": "已立案", "en": "Registered"}."""
    if member is None:
        return None
    return dict(_labels(member))  # a copy: the cached pair is shared


@lru_cache(maxsize=1024)
def _labels(member: enum.Enum) -> tuple[tuple[str, str], ...]:
    """Both labels of one member, translated once per process (a list page asks 50 times; the
    catalogues are compiled files, fixed for the process's life)."""
    return tuple((lang, translate_label(member, catalogue(lang))) for lang in ("zh", "en"))


class Labels(Schema):
    zh = fields.String(required=True)
    en = fields.String(required=True)


class Coded(fields.Field):
    """An enum member as its code (the value)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else getattr(value, "value", value)


def coded(member_enum: type[enum.Enum], **kwargs) -> Coded:
    return Coded(metadata={"type": "string", "enum": [m.value for m in member_enum]}, **kwargs)


class LabelOf(fields.Function):
    """The labels of one attribute's enum value."""

    def __init__(self, attribute: str, **kwargs):
        super().__init__(lambda obj: labels_of(obj.get(attribute) if isinstance(obj, dict)
                                               else getattr(obj, attribute)), allow_none=True,
                         metadata={"type": "object", "properties": {
                             "zh": {"type": "string"}, "en": {"type": "string"}}}, **kwargs)


class Person(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class Problem(Schema):
    """RFC 9457 problem details, as every refusal is answered."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code."})
    detail = fields.String(required=True, metadata={"description": "In the request's language."})
    message = fields.Nested(Labels, required=True)
    field = fields.String(metadata={"description": "The input the refusal is about (422)."})
    errors = fields.Dict(metadata={"description": "Each invalid input with its messages (422)."})
