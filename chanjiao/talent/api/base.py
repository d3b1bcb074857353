"""What the talent API modules share: the router, value ranges and references."""

from ninja import Router

from chanjiao.core.schemas import OutSchema

router = Router()

COUNT = {"ge": 0, "le": 2147483647}
YEAR = {"ge": 1949, "le": 2100}
RANK = {"ge": 1, "le": 32767}


class MajorRefOut(OutSchema):
    id: int
    level: str
    code: str
    name: str


class CategoryRefOut(OutSchema):
    id: int
    level: str
    code: str
    name: str


class ClassRefOut(OutSchema):
    id: int
    code: str
    name: str
