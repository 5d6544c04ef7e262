"""The small bilingual content folder the search tests build (shared by conftest and tests)."""

from __future__ import annotations

import textwrap
from pathlib import Path

ARTICLES = {
    "articles/account/sso-login.md": """\
        ---
        id: sso-login
        title: Fix single sign-on login failures
        summary: What to check when users cannot sign in with SSO.
        category: account
        tags: [sso]
        owner: docs
        lang: en
        applies_to: ">=3.0"
        ---
        Users see an error page after the identity provider redirects back.

        ## Check the certificate

        An expired SAML certificate makes every login fail with `invalid_signature`.
        Upload the new certificate under **Settings → Security**.

        ## Clock skew

        If the server clock drifts more than five minutes, assertions are rejected.
        """,
    "articles/account/sso-login.zh.md": """\
        ---
        id: sso-login-zh
        title: 单点登录失败怎么办
        summary: 用户无法通过单点登录进入工作区时的排查步骤。
        category: account
        tags: [sso]
        owner: docs
        lang: zh
        translation_of: sso-login
        ---
        身份提供商跳转回来后，用户看到错误页面。

        ## 检查证书

        SAML 证书过期会导致所有登录失败，错误为 `invalid_signature`。请在设置中上传新证书。

        ## 时钟偏差

        服务器时钟偏差超过五分钟时，断言会被拒绝。
        """,
    "articles/projects/gantt.md": """\
        ---
        id: gantt-chart
        title: Plan work on the Gantt chart
        category: projects
        tags: [gantt]
        owner: docs
        lang: en
        ---
        The Gantt chart shows tasks on a timeline with their dependencies.

        ## Drag tasks

        Drag a bar to reschedule a task; dependent tasks move with it.

        ## Critical path

        Turn on the critical path to highlight tasks that delay the project end date.
        """,
    "articles/projects/gantt.zh.md": """\
        ---
        id: gantt-chart-zh
        title: 使用甘特图规划工作
        category: projects
        tags: [gantt]
        owner: docs
        lang: zh
        translation_of: gantt-chart
        ---
        甘特图在时间轴上展示任务及其依赖关系。Tasklane项目看板也可以切换到甘特图。

        ## 拖动任务

        拖动任务条即可重新安排任务，依赖任务会随之移动。

        ## 关键路径

        打开关键路径后，会高亮影响项目结束日期的任务。
        """,
    "articles/projects/import-excel.md": """\
        ---
        id: import-excel
        title: Import tasks from Excel
        category: projects
        tags: [import]
        owner: docs
        lang: en
        ---
        Upload an xlsx spreadsheet to create many tasks at once. Each row becomes a task.

        ## Column mapping

        Map spreadsheet columns to task fields such as assignee, due date and dependencies.

        ```
        Error: row 12: unknown assignee <script>alert(1)</script>
        ```
        """,
    "articles/projects/import-excel.zh.md": """\
        ---
        id: import-excel-zh
        title: 从 Excel 批量导入任务
        category: projects
        tags: [import]
        owner: docs
        lang: zh
        ---
        上传 xlsx 电子表格，一次创建多个任务，每一行成为一个任务。

        ## 列映射

        把表格中的列映射到任务字段，例如负责人、截止日期和依赖关系。
        """,
    "releases/3.2.0.md": """\
        ---
        id: release-3-2-0
        title: Tasklane 3.2.0
        date: 2026-09-01
        version: 3.2.0
        lang: en
        ---
        ## New

        Gantt chart baselines and faster Excel import.
        """,
}

CATEGORIES = """\
account: {title: {en: Account, zh: 账户}, description: {en: Sign in, zh: 登录}}
projects: {title: {en: Projects, zh: 项目}, description: {en: Plan, zh: 计划}}
"""
TAGS = """\
sso: {title: {en: Single sign-on, zh: 单点登录}, synonyms: [saml login]}
gantt: {title: {en: Gantt chart, zh: 甘特图}, synonyms: [timeline view]}
import: {title: {en: Import, zh: 导入}}
"""
SYNONYMS = """\
- [SSO, single sign-on, 单点登录]
- [Excel, xlsx, spreadsheet, 电子表格]
- [甘特图, gantt, 横道图]
"""
DICTIONARY = "Tasklane 100 nz\n项目看板 50 n\n"


def write_kb(root: Path) -> Path:
    for rel, text in ARTICLES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "categories.yml").write_text(CATEGORIES, encoding="utf-8")
    (root / "tags.yml").write_text(TAGS, encoding="utf-8")
    (root / "synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
    (root / "dictionary.txt").write_text(DICTIONARY, encoding="utf-8")
    return root


def ids(result: dict) -> list[str]:
    return [r["id"] for r in result["results"]]


def ids_with_translations(result: dict) -> set[str]:
    """Listed pages and the translations offered beside them ("also in")."""
    return {r["id"] for r in result["results"]} | {o["id"] for r in result["results"] for o in r["also_in"]}
