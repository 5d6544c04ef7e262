"""The quiet ``a.b`` lookup answers as Jinja's own does, for every kind of object a template meets."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from types import SimpleNamespace

import jinja2
import pytest

from generator.site.jinja_lookup import quiet_getattr


class Slots:
    __slots__ = ("here",)

    def __init__(self) -> None:
        self.here = "slot"


class Dynamic:
    def __getattr__(self, name: str) -> str:
        if name.startswith("dyn_"):
            return name.upper()
        raise AttributeError(name)


class Mapping:
    def __getitem__(self, key: str) -> str:
        if key == "icon":
            return "from getitem"
        raise KeyError(key)


class RaisesInProperty:
    @property
    def broken(self) -> str:
        raise AttributeError("inside the property")


class Generic:
    def __class_getitem__(cls, item: str) -> str:
        return f"class item {item}"


class NotSubscriptable:
    __getitem__ = None


class Missing(dict):
    def __missing__(self, key: str) -> str:
        return f"missing {key}"


OBJECTS = [
    {"icon": "x", "items": "shadowed by the method", "title": None},
    {},
    OrderedDict(icon="ordered"),
    defaultdict(lambda: "default", icon="dd"),
    Missing(title="t"),
    SimpleNamespace(icon="ns", meta={}),
    Slots(),
    Dynamic(),
    Mapping(),
    RaisesInProperty(),
    Generic,
    NotSubscriptable(),
    ["a", "b"],
    "text",
    None,
    42,
]
NAMES = ["icon", "items", "title", "here", "dyn_x", "broken", "nothing", "meta", "upper", "get", "__class__"]


def _same(a: object, b: object) -> bool:
    if isinstance(a, jinja2.Undefined) or isinstance(b, jinja2.Undefined):
        return (type(a), a._undefined_obj, a._undefined_name) == (type(b), b._undefined_obj, b._undefined_name)  # type: ignore[union-attr]
    if callable(a) and callable(b):
        return getattr(a, "__self__", None) is getattr(b, "__self__", None) and getattr(a, "__name__", a) == getattr(b, "__name__", b)
    return a == b


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.StrictUndefined])
@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__ if not isinstance(o, type) else o.__name__)
def test_every_lookup_answers_as_jinjas_own(obj: object, undefined: type[jinja2.Undefined]) -> None:
    stock = jinja2.Environment(undefined=undefined)
    quiet = quiet_getattr(jinja2.Environment(undefined=undefined))
    for name in NAMES:
        assert _same(quiet.getattr(obj, name), stock.getattr(obj, name)), (obj, name)


def test_a_template_prints_the_same_and_strict_templates_still_fail() -> None:
    source = ("{{ d.icon }}|{{ d.missing }}|{{ d.items is callable }}|{{ m.icon }}|{{ ns.meta.icon or 'none' }}|"
              "{% if page.typeset %}set{% else %}unset{% endif %}|{{ g.x }}")
    values = {"d": {"icon": "<b>", "items": 1}, "m": Mapping(), "ns": SimpleNamespace(meta={}), "page": Slots(), "g": Generic}
    stock = jinja2.Environment(autoescape=True).from_string(source).render(**values)
    quiet_env = quiet_getattr(jinja2.Environment(autoescape=True))
    assert quiet_env.from_string(source).render(**values) == stock == "&lt;b&gt;||True|from getitem|none|unset|class item x"

    strict = quiet_getattr(jinja2.Environment(undefined=jinja2.StrictUndefined))
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'missing'"):
        strict.from_string("{{ d.missing }}").render(d={})
    made_strict_later = quiet_getattr(jinja2.Environment())
    made_strict_later.undefined = jinja2.StrictUndefined  # as another plugin's on_env may, after ours
    with pytest.raises(jinja2.UndefinedError, match="Slots object' has no attribute 'missing'"):
        made_strict_later.from_string("{{ s.missing }}").render(s=Slots())
