"""The building blocks of a policy file: amounts in yuan, cited rules, and the documents cited.

A rule's money and dates come from a notice, and often not from one notice: a township
forwards the county's, which applies the province's amounts, which follow the national
guideline. So a policy lists the documents it read (``[[documents]]``), each with its level
and where it was read — the notice itself, a full repost of it, or only a secondary summary
— and each rule may name the one it came from (``cite``). A rule without ``cite`` comes from
the policy's own ``document``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from desktop_app.domain.money import Fen, MoneyError, parse_yuan

CURRENT_SCHEMA = 2
"""The schema version this program writes; files of version 1 (no ``schema_version``) still load."""


def _yuan_to_fen(value: object) -> Fen:
    if isinstance(value, float):
        raise ValueError('金额不能写成小数形式的数字，请写成整数元（320）或文字（"320.50"）')
    try:
        return parse_yuan(value)  # type: ignore[arg-type]
    except MoneyError as e:
        raise ValueError(str(e)) from None


Yuan = Annotated[int, BeforeValidator(_yuan_to_fen)]
"""An amount written in yuan in the file, held in fen."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Cited(Strict):
    """A rule with the notice's clause number and its own words."""

    clause: str = Field(min_length=1)
    quote: str = Field(min_length=4)
    cite: str | None = None
    """The ``[[documents]]`` id this rule comes from; None: the policy's own ``document``."""


Level = Literal["national", "province", "city", "county", "township"]
LEVEL_NAMES: dict[str, str] = {
    "national": "国家",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
}

Read = Literal["notice", "repost", "summary"]
READ_NAMES: dict[str, str] = {
    "notice": "通知原文",
    "repost": "他处转载的通知全文",
    "summary": "二手摘要，未见通知原文",
}


class Document(Strict):
    """A document the policy's rules come from, and how far its words could be checked."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=2)
    number: str | None = None
    """The document number (文号), 冀医保发〔2025〕6号; None when it has none."""
    cited_as: str | None = None
    """How explanation lines name it when it has no number (某市2025年度居民医保参保缴费通告)."""
    issuer: str | None = None
    level: Level | None = None
    issued_on: date | None = None
    read: Read = "notice"
    """Where its words were read: the notice itself, a repost of its full text, or a secondary summary."""
    where: str | None = None
    """Where it was read (an address, a file name), so the next township can read it again."""
    note: str | None = None

    def label(self) -> str:
        """How an explanation line cites it: the document number, else ``cited_as``, else its title."""
        return self.number or self.cited_as or self.title
