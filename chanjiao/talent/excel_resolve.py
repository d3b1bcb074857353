"""Organisations and majors named in an imported file, found with a few queries per file.

A cell is read as the registry stores names (:func:`chanjiao.core.validators.normalize_name`:
“联想(北京)有限公司” is “联想（北京）有限公司”, full-width digits of a code are plain ones)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from chanjiao.core.validators import normalize_name
from chanjiao.core.words import listed
from chanjiao.registry.models import Organization, split_aliases

from .models import Major


class Resolver:
    """Finds organisations and majors named in a file with a few queries for the whole file."""

    def __init__(self, org_names: Iterable[str], major_refs: Iterable[str]):
        names = {normalize_name(n) for n in org_names if n} - {""}
        self.by_name = {o.name: o for o in Organization.objects.filter(name__in=names)}
        self.by_code = {
            o.credit_code: o
            for o in Organization.objects.filter(credit_code__in=[n.upper() for n in names])
        }
        rest = [n for n in names if n not in self.by_name]
        self.by_alias: dict[str, list[Organization]] = {}
        if rest:
            cond = Q(short_name__in=rest)
            for n in rest:
                cond |= Q(aliases__contains=n)
            for org in Organization.objects.filter(cond):
                keys = set(split_aliases(org.aliases)) | {org.short_name}
                for n in rest:
                    if n in keys and org not in self.by_alias.setdefault(n, []):
                        self.by_alias[n].append(org)
        refs = {normalize_name(r) for r in major_refs if r} - {""}
        codes = {m.group(1) for r in refs if (m := re.match(r"^\s*(\d{6})", r))}
        names_ = {re.sub(r"^\s*\d{6}\s*", "", r).strip() for r in refs}
        self.majors_by_code: dict[str, list[Major]] = {}
        self.majors_by_name: dict[str, list[Major]] = {}
        for major in Major.objects.filter(Q(code__in=codes) | Q(name__in=names_)):
            if major.code:
                self.majors_by_code.setdefault(major.code, []).append(major)
            self.majors_by_name.setdefault(major.name, []).append(major)

    def organization(self, text: str) -> tuple[Organization | None, str | None]:
        """The organisation a cell names (full name, credit code, short name or alias)."""
        text = normalize_name(text)
        org = self.by_name.get(text) or self.by_code.get(text.upper())
        if org:
            return org, None
        found = self.by_alias.get(text, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _("“%(name)s”是多个单位的简称或别名（%(list)s）：请填写全称") % {
                "name": text,
                "list": listed(o.name for o in found),
            }
        return None, _("登记簿中没有单位“%(name)s”：请先登记该单位或填写全称") % {"name": text}

    def major(self, text: str) -> tuple[Major | None, str | None]:
        """The major a cell names: its 6-digit code, its name, or "code name"."""
        text = normalize_name(text)
        m = re.match(r"^\s*(\d{6})", text)
        by_code = self.majors_by_code.get(m.group(1), []) if m else []
        found = by_code or self.majors_by_name.get(re.sub(r"^\s*\d{6}\s*", "", text), [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _("“%(v)s”在多个层次都有：请填写 6 位专业代码") % {"v": text}
        return None, _(
            "专业目录中没有“%(v)s”：请填写目录中的专业代码或名称（可先用 chanjiao import-majors "
            "导入目录）"
        ) % {"v": text}
