"""UI strings the generator and theme show, in each supported language.

Material's own chrome follows the site language; these follow each page's language.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "home": "Home",
        "categories": "Browse by category",
        "search_placeholder": "Search the help center",
        "search_button": "Search",
        "latest_release": "Latest release",
        "recently_updated": "Recently updated",
        "articles": "articles",
        "tag": "Tag",
        "tags": "Tags",
        "category": "Category",
        "related": "Related articles",
        "last_reviewed": "Last reviewed",
        "owner": "Owner",
        "applies_to": "Applies to versions",
        "stale": "This article is due for review (last reviewed {reviewed}); some details may be out of date.",
        "other_language": "中文版本",
        "read_in": "Read in",
        "page": "Page",
        "previous": "Previous",
        "next": "Next",
        "all_tags": "All tags",
        "all_categories": "All categories",
        "redirecting": "This page has moved to",
        "no_articles": "No articles yet.",
        "release_notes": "Release notes",
        "runbooks": "Runbooks",
        "incidents": "Incident reviews",
        "updated": "Updated",
    },
    "zh": {
        "home": "首页",
        "categories": "按分类浏览",
        "search_placeholder": "搜索帮助中心",
        "search_button": "搜索",
        "latest_release": "最新版本",
        "recently_updated": "最近更新",
        "articles": "篇文章",
        "tag": "标签",
        "tags": "标签",
        "category": "分类",
        "related": "相关文章",
        "last_reviewed": "最近审核",
        "owner": "负责人",
        "applies_to": "适用版本",
        "stale": "本文已超过审核期限（上次审核：{reviewed}），部分内容可能已过时。",
        "other_language": "English version",
        "read_in": "阅读语言",
        "page": "第",
        "previous": "上一页",
        "next": "下一页",
        "all_tags": "全部标签",
        "all_categories": "全部分类",
        "redirecting": "本页已移至",
        "no_articles": "暂无文章。",
        "release_notes": "发行说明",
        "runbooks": "运维手册",
        "incidents": "事故复盘",
        "updated": "更新于",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    table = STRINGS.get(lang) or STRINGS["en"]
    text = table.get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text
