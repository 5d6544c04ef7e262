"""`kb submissions export` writes approved work into a copy of kb/ that passes `kb check`."""

from __future__ import annotations

from click.testing import CliRunner
from contrib_helpers import ARTICLE_SOURCE, api_post, article, contributor, decide, edit, reviewer

from generator.cli import main
from generator.content.frontmatter import split


def test_export_writes_valid_files_once(client, other_client, contrib_db, kb_copy):
    original = split((kb_copy / ARTICLE_SOURCE).read_text(encoding="utf-8"))
    token = contributor(client, name="Ada Lovelace")
    changed = "Only owners can change the plan.\n\n" + original.body.split("\n\n", 1)[1]
    sub_edit = api_post(client, token, "/api/v1/submissions", edit(changed)).json()
    sub_new = api_post(client, token, "/api/v1/submissions", article("Share a board with a guest")).json()
    sub_zh = api_post(client, token, "/api/v1/submissions", article("与访客共享看板", lang="zh")).json()
    pending = api_post(client, token, "/api/v1/submissions", article("Not reviewed yet")).json()
    staff = reviewer(other_client, contrib_db)
    for sub in (sub_edit, sub_new, sub_zh):
        assert decide(staff, sub["id"]).status_code == 303

    runner = CliRunner()
    r = runner.invoke(main, ["submissions", "export", "--kb", str(kb_copy), "--database-url", contrib_db])
    assert r.exit_code == 0, r.output
    assert "3 exported" in r.output and pending["id"] not in r.output

    edited = split((kb_copy / ARTICLE_SOURCE).read_text(encoding="utf-8"))
    assert edited.body.strip().startswith("Only owners can change the plan.")
    assert edited.data["submission"] == sub_edit["id"] and edited.data["contributors"] == [
        f"Ada Lovelace (@{client.get('/api/v1/contributors/me').json()['handle']})"]
    for key in ("id", "title", "owner", "reviewed", "review_every", "tags", "category"):
        assert edited.data[key] == original.data[key]
    new_file = kb_copy / "articles/account/share-a-board-with-a-guest.md"
    new = split(new_file.read_text(encoding="utf-8"))
    assert new.data["id"].startswith("kb-") and new.data["submission"] == sub_new["id"]
    assert new.data["category"] == "account" and new.data["tags"] == ["billing"] and new.data["owner"] == "community"
    assert new.data["summary"] == "Open Share and invite the guest."
    zh_files = [p for p in (kb_copy / "articles/account/zh").glob("*.md") if sub_zh["id"] in p.read_text(encoding="utf-8")]
    assert len(zh_files) == 1 and split(zh_files[0].read_text(encoding="utf-8")).data["lang"] == "zh"

    check = runner.invoke(main, ["check", "--kb", str(kb_copy)])
    assert check.exit_code == 0, check.output
    assert "0 errors, 0 warnings" in check.output

    again = runner.invoke(main, ["submissions", "export", "--kb", str(kb_copy), "--database-url", contrib_db])
    assert again.exit_code == 0 and "0 exported" in again.output
    assert len(list((kb_copy / "articles/account").glob("share-a-board*.md"))) == 1
