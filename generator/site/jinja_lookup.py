"""Jinja's ``a.b`` lookup, with the same answers, without raising exceptions when ``a`` has no such attribute.

A template's ``page.meta.icon`` or ``kb.strings`` compiles to ``environment.getattr(obj, name)``,
which tries ``getattr(obj, name)``, then ``obj[name]``, then gives an ``Undefined``. When the
attribute is missing (every key of a dict, Material's ``nav_item.meta.icon`` on each nav entry,
``page.typeset`` where no plugin sets it) that is one or two exceptions raised and caught: about
280 a help-center page, and about an eighth of rendering its template (``bench/template_render.py``).
Here ``getattr`` with a default does not build the exception for ordinary objects, a plain dict
is asked with ``.get``, and an object that cannot be subscripted is not tried. Jinja documents
``Environment.getattr`` as the method to replace (its sandbox does); it is set on one environment.
"""

from __future__ import annotations

from typing import Any

import jinja2

_MISSING = object()


def quiet_getattr(env: jinja2.Environment) -> jinja2.Environment:
    """Give ``env`` the lookup below in place of ``Environment.getattr``; returns ``env``."""

    def lookup(obj: Any, attribute: str) -> Any:
        value = getattr(obj, attribute, _MISSING)  # only an AttributeError means missing, as in Jinja
        if value is not _MISSING:
            return value
        if type(obj) is dict:  # not a subclass: its __missing__ or __getitem__ may do anything
            value = obj.get(attribute, _MISSING)
        elif isinstance(obj, type) or getattr(type(obj), "__getitem__", None) is not None:
            try:  # a class may be subscripted through __class_getitem__
                value = obj[attribute]
            except (TypeError, LookupError, AttributeError):
                pass
        # (env.undefined read now: a plugin may set StrictUndefined after this was installed)
        return env.undefined(obj=obj, name=attribute) if value is _MISSING else value

    env.getattr = lookup  # type: ignore[method-assign]
    return env
