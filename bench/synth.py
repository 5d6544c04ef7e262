"""A synthetic, deterministic help center for benchmarks: ``python bench/synth.py --n 1000 --out DIR``.

Writes a managed kb folder (``categories.yml``, ``tags.yml``, ``articles/<category>/*.md`` and,
for about a third of the articles, ``articles/<category>/zh/*.md``) with realistic front matter and
300–800-word bodies built from a vocabulary of product words: H2/H3 headings, lists, a code block,
an admonition, a table and relative links (with anchors) to other generated articles.

The same ``--seed`` and ``--today`` always give the same files. ``reviewed`` dates are recent
relative to ``--today`` (default: today), so nothing is stale. ``verify(DIR)`` re-reads the folder
and checks every relative link and anchor itself (independently of ``kb check``'s rules).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import posixpath
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.content.markdown_scan import scan_headings, scan_links, slugify, unique_anchor  # noqa: E402

MARKER = ".synth.json"  # written into every generated folder; only such folders are ever wiped
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
ZH_SHARE = 1 / 3

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

# key: (en title, zh title, en description, zh description, icon, tag keys, features)
# a feature is (english noun, article, chinese noun)
CATEGORIES: dict[str, tuple] = {
    "getting-started": ("Getting started", "快速入门",
                        "Set up your workspace, create your first project and invite your team.",
                        "创建工作区和第一个项目，邀请团队成员加入。", "material/rocket-launch-outline",
                        ["getting-started", "tasks", "mobile", "notifications"],
                        [("workspace", "a", "工作区"), ("project template", "a", "项目模板"), ("team invitation", "a", "团队邀请"),
                         ("mobile app", "the", "移动端应用"), ("project", "a", "项目")]),
    "tasks": ("Tasks", "任务", "Create, assign and organise tasks, subtasks, recurring work and custom fields.",
              "创建、分配和整理任务、子任务、重复任务与自定义字段。", "material/checkbox-marked-circle-outline",
              ["tasks", "custom-fields", "dependencies", "notifications"],
              [("task", "a", "任务"), ("subtask", "a", "子任务"), ("recurring task", "a", "重复任务"),
               ("custom field", "a", "自定义字段"), ("task list", "a", "任务列表"), ("checklist", "a", "检查项")]),
    "gantt": ("Gantt charts", "甘特图", "Plan schedules with dependencies, baselines, the critical path and working calendars.",
              "使用依赖关系、基线、关键路径和工作日历来安排进度。", "material/chart-gantt",
              ["gantt", "baseline", "critical-path", "dependencies", "calendar"],
              [("baseline", "a", "基线"), ("critical path", "the", "关键路径"), ("task dependency", "a", "任务依赖"),
               ("milestone", "a", "里程碑"), ("working calendar", "a", "工作日历"), ("Gantt chart", "the", "甘特图")]),
    "resources": ("Resources & workload", "资源与工作负载", "Balance work across people with the Workload view, resource pools and rates.",
                  "通过工作负载视图、资源池和费率在成员之间平衡工作量。", "material/account-group-outline",
                  ["workload", "resources", "calendar"],
                  [("Workload view", "the", "工作负载视图"), ("resource pool", "a", "资源池"), ("hourly rate", "an", "小时费率"),
                   ("time log", "a", "工时记录"), ("capacity setting", "a", "产能设置")]),
    "reports": ("Reports & dashboards", "报表与仪表盘", "Build dashboards, schedule reports and share progress with stakeholders.",
                "搭建仪表盘、定时发送报表，与干系人共享项目进展。", "material/view-dashboard-outline",
                ["reports", "dashboards", "export"],
                [("dashboard", "a", "仪表盘"), ("scheduled report", "a", "定时报表"), ("chart widget", "a", "图表组件"),
                 ("status report", "a", "状态报告"), ("portfolio view", "the", "项目组合视图")]),
    "permissions": ("Permissions & roles", "权限与角色", "Workspace and project roles, guest access and how to fix permission errors.",
                    "工作区角色、项目角色、访客权限以及权限错误的处理方法。", "material/shield-account-outline",
                    ["permissions", "roles", "guests", "troubleshooting"],
                    [("project role", "a", "项目角色"), ("guest account", "a", "访客账号"), ("permission set", "a", "权限集"),
                     ("sharing link", "a", "共享链接"), ("admin role", "the", "管理员角色")]),
    "import-export": ("Import & export", "导入与导出", "Move data in and out of Tasklane with Excel, CSV and Microsoft Project files.",
                      "通过 Excel、CSV 和 Microsoft Project 文件导入或导出数据。", "material/microsoft-excel",
                      ["import", "export", "excel"],
                      [("Excel import", "an", "Excel 导入"), ("CSV export", "a", "CSV 导出"), ("MS Project file", "an", "MS Project 文件"),
                       ("import template", "an", "导入模板"), ("PDF export", "a", "PDF 导出")]),
    "api": ("REST API & webhooks", "REST API 与 Webhook", "Automate Tasklane with API tokens, REST endpoints and signed webhooks.",
            "使用 API 令牌、REST 接口和签名 Webhook 实现自动化。", "material/api",
            ["api", "webhooks", "rate-limits", "integrations"],
            [("API token", "an", "API 令牌"), ("webhook", "a", "Webhook"), ("REST endpoint", "a", "REST 接口"),
             ("webhook signature", "a", "Webhook 签名"), ("OAuth app", "an", "OAuth 应用")]),
    "sso": ("Single sign-on", "单点登录", "Connect your identity provider with SAML 2.0 or OpenID Connect, and provision users with SCIM.",
            "通过 SAML 2.0 或 OpenID Connect 接入身份提供商，并使用 SCIM 同步用户。", "material/key-chain-variant",
            ["sso", "provisioning", "permissions"],
            [("SAML connection", "a", "SAML 连接"), ("OIDC connection", "an", "OIDC 连接"), ("SCIM token", "a", "SCIM 令牌"),
             ("identity provider", "an", "身份提供商"), ("login policy", "a", "登录策略")]),
    "notifications": ("Notifications", "通知", "Email, in-app, DingTalk and WeCom notifications, and what to do when they do not arrive.",
                      "邮件、站内、钉钉和企业微信通知，以及收不到通知时的处理方法。", "material/bell-outline",
                      ["notifications", "email", "integrations", "mobile"],
                      [("email notification", "an", "邮件通知"), ("DingTalk robot", "a", "钉钉机器人"), ("WeCom app", "a", "企业微信应用"),
                       ("reminder", "a", "提醒"), ("daily digest", "the", "每日摘要")]),
    "account": ("Billing & account", "账户与计费", "Plans, seats, invoices, fapiao and cancelling or downgrading your subscription.",
                "套餐、席位、发票（含增值税发票）以及降级或取消订阅。", "material/credit-card-outline",
                ["billing", "invoices"],
                [("subscription", "a", "订阅"), ("seat", "a", "席位"), ("invoice", "an", "发票"),
                 ("payment method", "a", "付款方式"), ("fapiao request", "a", "增值税发票申请")]),
}

# key: (en, zh, synonyms) -- every synonym belongs to exactly one tag
TAGS: dict[str, tuple[str, str, list[str]]] = {
    "getting-started": ("Getting started", "入门", ["onboarding", "first steps"]),
    "tasks": ("Tasks", "任务", ["task", "任务管理", "todo"]),
    "custom-fields": ("Custom fields", "自定义字段", ["custom field", "field types"]),
    "gantt": ("Gantt chart", "甘特图", ["gantt chart", "timeline view", "横道图"]),
    "baseline": ("Baselines", "基线", ["baselines", "基准计划"]),
    "critical-path": ("Critical path", "关键路径", ["cpm", "关键任务", "float"]),
    "dependencies": ("Dependencies", "任务依赖", ["dependency", "predecessors", "前置任务"]),
    "calendar": ("Working calendar", "工作日历", ["holidays", "节假日", "working days"]),
    "workload": ("Workload", "工作负载", ["capacity", "utilization", "超负荷"]),
    "resources": ("Resources", "资源", ["resource pool", "资源池", "hourly rate"]),
    "reports": ("Reports", "报表", ["report", "报告", "scheduled report"]),
    "dashboards": ("Dashboards", "仪表盘", ["dashboard", "widgets", "看板"]),
    "permissions": ("Permissions", "权限", ["403", "access denied", "无权限"]),
    "roles": ("Roles", "角色", ["role", "管理员", "project manager"]),
    "guests": ("Guests", "访客", ["external users", "外部协作者", "guest access"]),
    "excel": ("Excel", "Excel", ["xlsx", "spreadsheet", "电子表格"]),
    "import": ("Import", "导入", ["导入数据", "bulk upload", "mpp"]),
    "export": ("Export", "导出", ["导出数据", "pdf export"]),
    "api": ("REST API", "REST API", ["rest api", "接口", "api token"]),
    "webhooks": ("Webhooks", "Webhook", ["webhook", "回调", "hmac"]),
    "rate-limits": ("Rate limits", "限流", ["rate limit", "429", "频率限制"]),
    "sso": ("Single sign-on", "单点登录", ["saml", "oidc", "okta"]),
    "provisioning": ("User provisioning", "用户同步", ["scim", "自动开通"]),
    "notifications": ("Notifications", "通知", ["notification", "提醒", "reminders"]),
    "email": ("Email", "邮件", ["e-mail", "smtp", "垃圾邮件"]),
    "integrations": ("Integrations", "集成", ["dingtalk", "钉钉", "wecom", "企业微信"]),
    "billing": ("Billing", "计费", ["subscription", "套餐", "seats"]),
    "invoices": ("Invoices", "发票", ["invoice", "fapiao", "增值税发票"]),
    "mobile": ("Mobile app", "移动端", ["ios", "android", "手机"]),
    "troubleshooting": ("Troubleshooting", "故障排查", ["排查", "报错", "errors"]),
}

# (en verb, zh verb)
ACTIONS = [
    ("create", "创建"), ("edit", "编辑"), ("set up", "设置"), ("share", "共享"), ("delete", "删除"),
    ("duplicate", "复制"), ("archive", "归档"), ("restore", "恢复"), ("rename", "重命名"), ("move", "移动"),
    ("find", "查找"), ("export", "导出"), ("review", "检查"), ("update", "更新"),
]
# (en suffix, zh prefix) -- a qualifier that makes titles distinct
QUALIFIERS = [
    ("", ""), (" in the mobile app", "在移动端"), (" for a whole workspace", "为整个工作区"), (" in bulk", "批量"),
    (" with the REST API", "通过 REST API "), (" as a guest", "以访客身份"), (" across projects", "跨项目"),
    (" from a template", "从模板"), (" on the Enterprise plan", "在企业版中"),
]
KINDS = ("howto", "howto", "troubleshoot", "faq", "concept")

UI = [("Settings", "设置"), ("Project settings", "项目设置"), ("View options", "视图选项"), ("More (⋯)", "更多（⋯）"),
      ("Admin console", "管理后台"), ("Integrations", "集成"), ("Billing", "账单"), ("Columns", "列"), ("Filter", "筛选"),
      ("Share", "共享"), ("Members", "成员"), ("Notifications", "通知设置"), ("Security", "安全"), ("Import", "导入")]
ROLES = [("workspace admin", "工作区管理员"), ("project manager", "项目经理"), ("project admin", "项目管理员"),
         ("member", "成员"), ("editor", "编辑者"), ("guest", "访客")]
PLANS = [("Free", "免费版"), ("Team", "团队版"), ("Business", "商业版"), ("Enterprise", "企业版")]
ERRORS = ["403 Forbidden", "429 Too Many Requests", "Invalid signature", "Token expired", "Baseline not found",
          "Circular dependency detected", "Seat limit reached", "SAML response is not signed",
          "Import failed: row 12 has no task name", "Calendar has no working days", "Webhook delivery failed (timeout)",
          "Report could not be generated", "User is not provisioned", "Field value is not allowed"]
VERSIONS = ["3.0", "3.1", "3.2"]
OWNERS = ["li.wei", "zhang.min", "anna.schmidt", "tom.okafor", "support-team", "docs-team", "wang.fang",
          "maria.garcia", "chen.jie", "platform-team", "liu.yang", "sara.khan"]
APPLIES = [">=3.0", ">=3.1", ">=3.2", ">=3.0,<3.2", ">=3.1,<3.2", "3.1+"]

EN_SENTENCES = [
    "Open the project and go to **{ui}** to {a} {the_f}.",
    "Only a **{role}** can {a} {the_f}; other members see the option greyed out.",
    "{The_f} is available on the **{plan}** plan and above.",
    "Since Tasklane {ver}, changes to {the_f} reach {the_f2} within {n} seconds.",
    "If you see `{err}`, check that you still have access to the project and try again.",
    "Changes are saved automatically and appear for everyone in the project after a refresh.",
    "You can undo the last change with **Ctrl+Z** (**⌘Z** on a Mac) for up to {n} minutes.",
    "Members who follow the project get a notification when {the_f} changes.",
    "Large projects with more than {big} tasks may take a few seconds to update {the_f2}.",
    "{The_f} is copied when you duplicate the project, but not when you save it as a template.",
    "Use the **{ui}** menu to choose which columns appear next to {the_f}.",
    "A **{role}** can restrict who may {a} {the_f} in **{ui}**.",
    "Guests can view {the_f} but cannot {a} it unless a **{role}** grants them edit rights.",
    "The activity log records who changed {the_f} and when, for {n} days on the **{plan}** plan.",
    "Exports include {the_f} as a separate column, so you can review it in Excel.",
    "On the mobile app, tap **{ui}** and then **{a_cap}**; the options match the web app.",
    "Search finds {the_f} by its name or by the ID shown in the address bar.",
    "Archived projects keep {the_f}, but you cannot {a} it until the project is restored.",
    "Workspace admins can set a default for {the_f} that new projects inherit.",
    "When two people edit {the_f} at the same time, the later change wins and the earlier one is kept in the history.",
]
ZH_SENTENCES = [
    "打开项目，进入 **{ui}**，即可{a}{f}。",
    "只有 **{role}** 可以{a}{f}，其他成员看到的选项是灰色的。",
    "{f}功能适用于 **{plan}** 及以上套餐。",
    "从 Tasklane {ver} 开始，对{f}的修改会在 {n} 秒内同步到{f2}。",
    "如果看到 `{err}` 提示，请先确认你仍有该项目的访问权限，然后重试。",
    "修改会自动保存，项目中的其他成员刷新页面后即可看到。",
    "在 {n} 分钟内可以按 **Ctrl+Z**（Mac 上为 **⌘Z**）撤销上一次修改。",
    "关注该项目的成员会在{f}发生变化时收到通知。",
    "任务数超过 {big} 的大型项目，{f2}可能需要几秒钟才能更新。",
    "复制项目时会一并复制{f}，但另存为模板时不会包含。",
    "通过 **{ui}** 菜单可以选择在{f}旁边显示哪些列。",
    "**{role}** 可以在 **{ui}** 中限制谁能{a}{f}。",
    "访客可以查看{f}，但只有在 **{role}** 授予编辑权限后才能{a}。",
    "在 **{plan}** 中，操作日志会保留 {n} 天内{f}的修改记录，包括修改人和修改时间。",
    "导出文件会把{f}作为单独的一列，方便在 Excel 中核对。",
    "在移动端点击 **{ui}**，再点击 **{a}**，选项与网页端一致。",
    "可以按名称或地址栏中的 ID 搜索{f}。",
    "已归档项目中的{f}会被保留，但需要先恢复项目才能{a}。",
    "工作区管理员可以为{f}设置默认值，新建项目会自动继承。",
    "两个人同时修改{f}时，以后保存的修改为准，先前的修改会保留在历史记录中。",
]
EN_HEADINGS = {
    "before": ["Before you begin", "Requirements", "Prerequisites"],
    "steps": ["{A} {the_f}", "Steps to {a} {the_f}", "{A} {the_f} step by step"],
    "web": ["In the web app", "On the desktop"],
    "mobile": ["In the mobile app", "On iOS and Android"],
    "limits": ["Limits and plans", "Plan limits", "What each plan includes"],
    "api": ["Automate it with the API", "Use the REST API"],
    "trouble": ["Troubleshooting", "If something goes wrong"],
    "faq": ["Frequently asked questions", "FAQ"],
    "related": ["Related articles", "See also"],
}
ZH_HEADINGS = {
    "before": ["开始之前", "前提条件", "使用要求"],
    "steps": ["{a}{f}", "{a}{f}的步骤", "分步{a}{f}"],
    "web": ["在网页端操作", "在桌面端操作"],
    "mobile": ["在移动端操作", "在 iOS 和 Android 上操作"],
    "limits": ["限制与套餐", "各套餐的限制", "套餐对比"],
    "api": ["通过 API 自动化", "使用 REST API"],
    "trouble": ["故障排查", "遇到问题时"],
    "faq": ["常见问题", "问题解答"],
    "related": ["相关文章", "另请参阅"],
}
ADMONITIONS = [("note", "Note", "说明"), ("tip", "Tip", "提示"), ("warning", "Warning", "注意"), ("info", "Tasklane 3.0 and 3.1", "3.0 和 3.1 版本")]


# --------------------------------------------------------------------------------------------------
# Plan: who exists, where, with which headings (links need every target's anchors first)
# --------------------------------------------------------------------------------------------------


@dataclass
class Article:
    index: int
    id: str
    category: str
    lang: str
    slug: str
    feature: tuple
    action: tuple
    qualifier: tuple
    kind: str
    title: str
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, anchor)
    translation_of: str | None = None

    @property
    def path(self) -> str:
        sub = "zh/" if self.lang == "zh" else ""
        return f"articles/{self.category}/{sub}{self.slug}.md"


def _a(feature: tuple) -> str:
    noun, art, _ = feature
    return f"{art} {noun}" if art != "the" else f"the {noun}"


def _the(feature: tuple) -> str:
    return f"the {feature[0]}"


def _title(kind: str, lang: str, feature: tuple, action: tuple, qual: tuple) -> str:
    noun, _, zh = feature
    if lang == "en":
        if kind == "howto":
            return f"How to {action[0]} {_a(feature)}{qual[0]}"
        if kind == "troubleshoot":
            return f"Cannot {action[0]} {_a(feature)}{qual[0]}"
        if kind == "faq":
            return f"FAQ: {action[0]} {_a(feature)}{qual[0]}"
        return f"Understanding {noun}s: when to {action[0]} them{qual[0]}"
    if kind == "howto":
        return f"如何{qual[1]}{action[1]}{zh}"
    if kind == "troubleshoot":
        return f"无法{qual[1]}{action[1]}{zh}的处理方法"
    if kind == "faq":
        return f"{qual[1]}{action[1]}{zh}常见问题"
    return f"了解{zh}：{qual[1]}{action[1]}"


def _slug(feature: tuple, action: tuple, qual: tuple, kind: str) -> str:
    words = {"howto": [], "troubleshoot": ["cannot"], "faq": ["faq"], "concept": ["about"]}[kind]
    text = " ".join(words + [action[0], feature[0], qual[0]])
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _id(rng: random.Random, taken: set[str]) -> str:
    while True:
        value = "kb-" + "".join(rng.choice(ID_ALPHABET) for _ in range(8))
        if value not in taken:
            taken.add(value)
            return value


def _fmt(template: str, lang: str, rng: random.Random, art: Article, cat_features: list[tuple]) -> str:
    f = art.feature
    f2 = rng.choice([x for x in cat_features if x != f] or [f])
    values = {
        "ui": rng.choice(UI)[0 if lang == "en" else 1],
        "role": rng.choice(ROLES)[0 if lang == "en" else 1],
        "plan": rng.choice(PLANS)[0 if lang == "en" else 1],
        "ver": rng.choice(VERSIONS),
        "err": rng.choice(ERRORS),
        "n": rng.choice([5, 10, 15, 30, 60, 90]),
        "big": rng.choice(["2,000", "5,000", "10,000", "20,000"]),
        "a": art.action[0] if lang == "en" else art.action[1],
        "A": art.action[0].capitalize() if lang == "en" else art.action[1],
        "a_cap": art.action[0].capitalize(),
    }
    if lang == "en":
        values.update(the_f=_the(f), The_f=_the(f)[0].upper() + _the(f)[1:], the_f2=_the(f2), f=f[0], f2=f2[0])
    else:
        values.update(f=f[2], f2=f2[2], the_f=f[2], The_f=f[2], the_f2=f2[2])
    return template.format(**values)


def plan(n: int, seed: int) -> list[Article]:
    rng = random.Random(f"{seed}:plan")
    cats = list(CATEGORIES)
    # Topics per category, shuffled once; taken in order so every (category, topic) is used once first.
    topics: dict[str, list[tuple]] = {}
    for key in cats:
        feats = CATEGORIES[key][6]
        combos = [(f, a, q, k) for f in feats for a in ACTIONS for q in QUALIFIERS for k in KINDS[1:]]
        rng.shuffle(combos)
        topics[key] = combos
    cursor = {key: 0 for key in cats}
    taken_ids: set[str] = set()
    taken_paths: set[str] = set()
    en_by_cat: dict[str, list[Article]] = {key: [] for key in cats}
    translated: set[str] = set()
    out: list[Article] = []
    weights = [3 if k in ("tasks", "gantt", "permissions", "api") else 2 for k in cats]
    for i in range(n):
        category = rng.choices(cats, weights)[0]
        lang = "zh" if (i % 3 == 2) else "en"
        source = None
        if lang == "zh" and en_by_cat[category] and rng.random() < 0.5:
            candidates = [a for a in en_by_cat[category][-40:] if a.id not in translated]
            source = rng.choice(candidates) if candidates else None
        if source is not None:
            translated.add(source.id)
            feature, action, qual, kind, slug = source.feature, source.action, source.qualifier, source.kind, source.slug
        else:
            feature, action, qual, kind = topics[category][cursor[category] % len(topics[category])]
            cursor[category] += 1
            slug = _slug(feature, action, qual, kind)
        art = Article(i, _id(rng, taken_ids), category, lang, slug, feature, action, qual, kind,
                      _title(kind, lang, feature, action, qual), translation_of=source.id if source else None)
        k = 2
        while art.path in taken_paths:
            art.slug = f"{slug}-{k}"
            k += 1
        taken_paths.add(art.path)
        _plan_headings(art, random.Random(f"{seed}:{i}:head"))
        if lang == "en":
            en_by_cat[category].append(art)
        out.append(art)
    return out


def _plan_headings(art: Article, rng: random.Random) -> None:
    table = EN_HEADINGS if art.lang == "en" else ZH_HEADINGS
    feats = CATEGORIES[art.category][6]
    seen: dict[str, int] = {}
    heads = [(2, "before"), (2, "steps"), (3, "web"), (3, "mobile"), (2, "limits"), (2, "api"), (2, "trouble")]
    if rng.random() < 0.5:
        heads.append((2, "faq"))
    heads.append((2, "related"))
    for level, key in heads:
        text = _fmt(rng.choice(table[key]), art.lang, rng, art, feats)
        art.headings.append((level, text, unique_anchor(slugify(text, "-") or "_", seen)))


# --------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------


def _link(frm: Article, to: Article, anchor: str | None = None) -> str:
    target = posixpath.relpath(to.path, posixpath.dirname(frm.path))
    return f"[{to.title}]({target}{'#' + anchor if anchor else ''})"


def _words(text: str, lang: str) -> int:
    latin = len(re.findall(r"[A-Za-z0-9]+", text))
    if lang == "en":
        return latin
    return latin + len(re.findall(r"[\u3400-\u9fff]", text)) * 10 // 17  # ~1.7 characters per Chinese word


def _paragraph(rng: random.Random, art: Article, feats, k: int) -> str:
    pool = EN_SENTENCES if art.lang == "en" else ZH_SENTENCES
    sep = " " if art.lang == "en" else ""
    return sep.join(_fmt(t, art.lang, rng, art, feats) for t in rng.sample(pool, k))


def render(art: Article, everyone: list[Article], by_cat: dict[tuple[str, str], list[Article]], today: dt.date, seed: int) -> str:
    rng = random.Random(f"{seed}:{art.index}:body")
    feats = CATEGORIES[art.category][6]
    en = art.lang == "en"
    h = {key: text for key, (level, text, anchor) in zip(
        ["before", "steps", "web", "mobile", "limits", "api", "trouble"] + (["faq"] if len(art.headings) == 9 else []) + ["related"],
        art.headings)}

    def others(k: int, same_cat: bool = True) -> list[Article]:
        pool = by_cat.get((art.category, art.lang), []) if same_cat else everyone
        pool = [a for a in rng.sample(pool, min(len(pool), k + 3)) if a is not art] if pool else []
        if len(pool) < k:
            pool += [a for a in rng.sample(everyone, min(len(everyone), k + 3)) if a is not art and a not in pool]
        return pool[:k]

    def anchored(to: Article) -> str:
        level, text, anchor = rng.choice(to.headings[:-1])
        return _link(art, to, anchor)

    tags = [t for t in CATEGORIES[art.category][5]]
    tags = rng.sample(tags, min(len(tags), rng.randint(2, 3)))
    if rng.random() < 0.25:
        tags.append("troubleshooting" if art.kind == "troubleshoot" else rng.choice(list(TAGS)))
    tags = list(dict.fromkeys(tags))
    reviewed = today - dt.timedelta(days=rng.randint(0, 120))
    fm = {
        "id": art.id,
        "title": art.title,
        "summary": _fmt(rng.choice(EN_SENTENCES if en else ZH_SENTENCES), art.lang, rng, art, feats),
        "category": art.category,
        "tags": tags,
        "owner": rng.choice(OWNERS),
        "reviewed": reviewed.isoformat(),
        "review_every": rng.choice([180, 270, 365]),
        "lang": art.lang,
    }
    if art.translation_of:
        fm["translation_of"] = art.translation_of
    if rng.random() < 0.7:
        fm["applies_to"] = rng.choice(APPLIES)

    head_lines = ["---"]
    for key, value in fm.items():
        if isinstance(value, list):
            head_lines.append(f"{key}: [{', '.join(value)}]")
        elif key in ("title", "summary", "applies_to"):
            head_lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            head_lines.append(f"{key}: {value}")
    head_lines.append("---")

    target_words = rng.randint(300, 800)
    out: list[str] = []
    out.append(_paragraph(rng, art, feats, 3))
    out.append(f"## {h['before']}")
    out.append(_paragraph(rng, art, feats, 2))
    role, plan_ = rng.choice(ROLES), rng.choice(PLANS[1:])
    if en:
        out.append("\n".join([f"- The **{role[0]}** role in the project, or higher.",
                              f"- The **{plan_[0]}** plan or above.",
                              f"- Tasklane {rng.choice(VERSIONS)} or later on the mobile app.",
                              f"- {_link(art, others(1)[0])} done first, if you have not set it up yet."]))
    else:
        out.append("\n".join([f"- 在项目中拥有 **{role[1]}** 或更高的角色。",
                              f"- 使用 **{plan_[1]}** 或更高的套餐。",
                              f"- 移动端需升级到 Tasklane {rng.choice(VERSIONS)} 或更高版本。",
                              f"- 如果还没有完成相关设置，请先阅读 {_link(art, others(1)[0])}。"]))
    out.append(f"## {h['steps']}")
    out.append(_paragraph(rng, art, feats, 1))
    out.append(f"### {h['web']}")
    steps = []
    for k in range(rng.randint(4, 6)):
        ui = rng.choice(UI)
        if en:
            steps.append(f"{k + 1}. " + rng.choice([f"Click **{ui[0]}** in the toolbar.", f"Open **{ui[0]}**.",
                                                    f"Select the {art.feature[0]} you want to change.",
                                                    f"Choose **{art.action[0].capitalize()}** from the **{ui[0]}** menu.",
                                                    "Review the summary and click **Save**."]))
        else:
            steps.append(f"{k + 1}. " + rng.choice([f"点击工具栏中的 **{ui[1]}**。", f"打开 **{ui[1]}**。",
                                                    f"选择要修改的{art.feature[2]}。",
                                                    f"在 **{ui[1]}** 菜单中选择 **{art.action[1]}**。",
                                                    "确认摘要信息后点击 **保存**。"]))
    out.append("\n".join(steps))
    out.append(f"### {h['mobile']}")
    out.append(_paragraph(rng, art, feats, 2))
    kind, en_title, zh_title = rng.choice(ADMONITIONS)
    body = _paragraph(rng, art, feats, 2)
    out.append(f'!!! {kind} "{en_title if en else zh_title}"\n    {body}')
    out.append(f"## {h['limits']}")
    if en:
        rows = ["| Plan | Per project | Per workspace | History |", "|---|---|---|---|"]
        for p in PLANS:
            rows.append(f"| {p[0]} | {rng.choice([5, 10, 50, 200, 'Unlimited'])} | {rng.choice([20, 100, 1000, 'Unlimited'])} | {rng.choice([7, 30, 90, 365])} days |")
    else:
        rows = ["| 套餐 | 每个项目 | 每个工作区 | 历史记录 |", "|---|---|---|---|"]
        for p in PLANS:
            rows.append(f"| {p[1]} | {rng.choice([5, 10, 50, 200, '不限'])} | {rng.choice([20, 100, 1000, '不限'])} | {rng.choice([7, 30, 90, 365])} 天 |")
    out.append("\n".join(rows))
    out.append(_paragraph(rng, art, feats, 1))
    out.append(f"## {h['api']}")
    resource = re.sub(r"[^a-z]+", "_", art.feature[0].lower()).strip("_") + "s"
    out.append(_paragraph(rng, art, feats, 1))
    pid = rng.randint(1000, 99999)
    if rng.random() < 0.5:
        out.append(f"```bash\ncurl -s -H \"Authorization: Bearer $TASKLANE_TOKEN\" \\\n"
                   f"  https://api.tasklane.example/v3/projects/{pid}/{resource}?limit=50\n```")
    else:
        out.append(f"```python\nimport requests\n\nresp = requests.get(\n    \"https://api.tasklane.example/v3/projects/{pid}/{resource}\",\n"
                   f"    headers={{\"Authorization\": f\"Bearer {{token}}\"}},\n    timeout=10,\n)\nresp.raise_for_status()\n"
                   f"for item in resp.json()[\"data\"]:\n    print(item[\"id\"], item[\"name\"])\n```")
    out.append(f"## {h['trouble']}")
    for _ in range(2):
        err = rng.choice(ERRORS)
        if en:
            out.append(f"**`{err}`** — {_paragraph(rng, art, feats, 1)} See {anchored(others(1, same_cat=rng.random() < 0.7)[0])}.")
        else:
            out.append(f"**`{err}`**：{_paragraph(rng, art, feats, 1)}参见 {anchored(others(1, same_cat=rng.random() < 0.7)[0])}。")
    faq_at = len(out)
    if "faq" in h:
        out.append(f"## {h['faq']}")
    related = [f"## {h['related']}", "\n".join(f"- {anchored(o) if rng.random() < 0.3 else _link(art, o)}" for o in others(3))]
    if art.translation_of:
        src = by_cat["id", art.translation_of][0]
        related[1] += f"\n- English: {_link(art, src)}"
    # Pad up to the target length with more paragraphs (in the FAQ when there is one).
    text_so_far = "\n\n".join(out)
    while _words(text_so_far, art.lang) < target_words:
        para = _paragraph(rng, art, feats, rng.randint(2, 4))
        if "faq" in h:
            q = _fmt(rng.choice(EN_SENTENCES if en else ZH_SENTENCES), art.lang, rng, art, feats)
            para = f"**{q}**\n\n{para}"
            out.append(para)
        else:
            out.insert(faq_at, para)
            faq_at += 1
        text_so_far = "\n\n".join(out)
    out.extend(related)
    return "\n".join(head_lines) + "\n\n" + "\n\n".join(out) + "\n"


def write_taxonomy(root: Path) -> None:
    lines = ["# Categories of the synthetic benchmark help center (bench/synth.py)."]
    for order, (key, (en, zh, den, dzh, icon, _tags, _feats)) in enumerate(CATEGORIES.items(), start=1):
        j = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
        lines += [f"{key}:", f"  title: {{en: {j(en)}, zh: {j(zh)}}}", "  description:",
                  f"    en: {j(den)}", f"    zh: {j(dzh)}", f"  order: {order}", f"  icon: {icon}"]
    (root / "categories.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["# Tags of the synthetic benchmark help center (bench/synth.py)."]
    for key, (en, zh, syn) in TAGS.items():
        lines += [f"{key}:", f"  title: {{en: {json.dumps(en)}, zh: {json.dumps(zh, ensure_ascii=False)}}}",
                  f"  synonyms: [{', '.join(json.dumps(s, ensure_ascii=False) for s in syn)}]"]
    (root / "tags.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out: Path, n: int, seed: int = 1, today: dt.date | None = None) -> dict:
    """Write the help center into ``out`` (replacing an earlier generated one); returns its description."""
    out = Path(out)
    today = today or dt.date.today()
    params = {"n": n, "seed": seed, "today": today.isoformat(), "generator": 1}
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and was not made by bench/synth.py; refusing to overwrite it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    arts = plan(n, seed)
    by_cat: dict[tuple[str, str], list[Article]] = {}
    for a in arts:
        by_cat.setdefault((a.category, a.lang), []).append(a)
        by_cat["id", a.id] = [a]  # translations find their source here
    write_taxonomy(out)
    words = 0
    for a in arts:
        path = out / a.path
        path.parent.mkdir(parents=True, exist_ok=True)
        text = render(a, arts, by_cat, today, seed)
        words += _words(text.split("\n---\n", 1)[1], a.lang)
        path.write_text(text, encoding="utf-8")
    info = {**params, "articles": n, "zh": sum(a.lang == "zh" for a in arts), "words": words,
            "categories": {key: sum(a.category == key for a in arts) for key in CATEGORIES},
            "paths": [a.path for a in arts]}
    (out / MARKER).write_text(json.dumps(info, indent=1), encoding="utf-8")
    return info


def reuse_or_generate(out: Path, n: int, seed: int = 1, today: dt.date | None = None) -> tuple[dict, bool]:
    """The description of ``out`` if it already holds this help center (same n and seed), else a fresh one."""
    marker = Path(out) / MARKER
    if marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("n") == n and info.get("seed") == seed and info.get("generator") == 1:
            return info, True
    return generate(out, n, seed, today), False


def verify(root: Path) -> list[str]:
    """Problems with relative links and anchors between generated articles (empty when all resolve)."""
    root = Path(root)
    anchors: dict[str, set[str]] = {}
    bodies: dict[str, str] = {}
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        bodies[rel] = body
        anchors[rel] = {h.anchor for h in scan_headings(body)}
    problems = []
    for rel, body in bodies.items():
        for link in scan_links(body):
            target, _, anchor = link.target.partition("#")
            dest = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            if dest not in anchors:
                problems.append(f"{rel}:{link.line}: link to missing file {link.target}")
            elif anchor and anchor not in anchors[dest]:
                problems.append(f"{rel}:{link.line}: link to missing anchor {link.target}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="number of articles [200]")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (replaced if made by this script)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=None, help="reviewed dates are recent relative to this day")
    ap.add_argument("--verify", action="store_true", help="check every generated link and anchor afterwards")
    args = ap.parse_args(argv)
    info = generate(args.out, args.n, args.seed, args.today)
    print(f"wrote {info['articles']} articles ({info['zh']} Chinese, ~{info['words']:,} words) to {args.out}")
    if args.verify:
        problems = verify(args.out)
        for p in problems[:20]:
            print(p)
        print(f"{len(problems)} link problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
