"""Every points rule, level and badge, declared once.

The ledger (``ledger.py``) and the reward queue (``rewards.py``) take their amounts from here,
the profile and leaderboard take levels and badges from here, and docs/contributions.md must
name every rule (a test checks it), so changing a number is a one-line change in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    points: int | None  # None: the amount comes with the event (a question's bounty, a manual grant)
    waits_for_publication: bool
    description: str


APPROVED_ANSWER = Rule("approved_answer", 15, True, "A new article or an answer to an open question is approved.")
APPROVED_EDIT = Rule("approved_edit", 2, True, "A suggested edit to an existing article is approved.")
BOUNTY = Rule("accepted_bounty_answer", None, True, "The accepted answer to an open question earns its bounty.")
HELPFUL_VOTE = Rule("helpful_vote", 1, False, "A visitor marks an article the contributor wrote as helpful (not their own votes).")
REVERTED = Rule("reverted", None, False, "Published content is reverted: each grant it earned is reversed.")
MANUAL = Rule("manual", None, False, "Staff grant or revoke points by hand, with a reason (audited).")

RULES: tuple[Rule, ...] = (APPROVED_ANSWER, APPROVED_EDIT, BOUNTY, HELPFUL_VOTE, REVERTED, MANUAL)
BY_NAME = {r.name: r for r in RULES}

# At most this many helpful-vote points per contributor per UTC day, so one popular article (or
# a vote ring) cannot dominate the leaderboard.
HELPFUL_VOTE_DAILY_CAP = 10

# Bounties staff may put on an open question.
MIN_BOUNTY, MAX_BOUNTY = 5, 500


@dataclass(frozen=True)
class Level:
    name: str
    min_points: int


LEVELS: tuple[Level, ...] = (
    Level("Newcomer", 0),
    Level("Contributor", 20),
    Level("Trusted contributor", 100),
    Level("Expert", 300),
    Level("Maintainer", 1000),
)


def level_for(points: int) -> Level:
    return [lv for lv in LEVELS if points >= lv.min_points][-1] if points >= 0 else LEVELS[0]


@dataclass(frozen=True)
class Badge:
    key: str
    name: str
    rule: str  # counted over granted ledger rows of this rule
    count: int
    description: str


BADGES: tuple[Badge, ...] = (
    Badge("first-edit", "First edit", APPROVED_EDIT.name, 1, "One published edit."),
    Badge("editor", "Editor", APPROVED_EDIT.name, 10, "Ten published edits."),
    Badge("author", "Author", APPROVED_ANSWER.name, 1, "One published article or answer."),
    Badge("prolific-author", "Prolific author", APPROVED_ANSWER.name, 10, "Ten published articles or answers."),
    Badge("bounty-hunter", "Bounty hunter", BOUNTY.name, 1, "One accepted bounty answer."),
    Badge("helpful", "Helpful", HELPFUL_VOTE.name, 25, "Twenty-five helpful votes on your articles."),
)


def badges_for(rule_counts: dict[str, int]) -> list[Badge]:
    return [b for b in BADGES if rule_counts.get(b.rule, 0) >= b.count]
