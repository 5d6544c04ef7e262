"""jieba's dictionary from our faster cache is jieba's own: the same entries, the same total, the
same segmentation; a damaged cache file is never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import jieba
import pytest

from generator.search import analysis, jieba_dict

SENTENCES = ["云服务器登录失败怎么办", "甘特图的关键路径无法显示", "单点登录配置 SSO 之后成员收不到邀请邮件"]


def _tokenizer(tmp_path) -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path)  # our cache goes here, away from the machine's
    tk.cache_file = os.path.join(tempfile.gettempdir(), "jieba.cache")  # jieba's own, as every build reads it
    return tk


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def test_the_cached_dictionary_is_jiebas_own(tmp_path, reference, monkeypatch):
    first = _tokenizer(tmp_path)
    jieba_dict.initialize(first)  # jieba's own load, which writes our cache
    assert jieba_dict.cache_path(first).is_file()

    def jieba_load(self, dictionary=None):
        raise AssertionError("loaded jieba's way although the cache was there")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", jieba_load)
    second = _tokenizer(tmp_path)
    jieba_dict.initialize(second)
    assert second.initialized
    assert second.total == reference.total
    assert second.FREQ == reference.FREQ
    for s in SENTENCES:
        assert list(second.cut_for_search(s)) == list(reference.cut_for_search(s))
        assert list(second.cut(s)) == list(reference.cut(s))


@pytest.mark.parametrize("damage", ["truncated", "foreign", "empty"])
def test_a_damaged_cache_falls_back_to_jiebas_load_and_is_rewritten(tmp_path, reference, damage):
    jieba_dict.initialize(_tokenizer(tmp_path))
    path = jieba_dict.cache_path(_tokenizer(tmp_path))
    data = path.read_bytes()
    path.write_bytes({"truncated": data[:-100], "foreign": b"not ours" + data[8:], "empty": b""}[damage])

    tk = _tokenizer(tmp_path)
    jieba_dict.initialize(tk)
    assert tk.FREQ == reference.FREQ and tk.total == reference.total
    assert path.read_bytes() == data


def test_a_user_word_still_changes_segmentation(tmp_path):
    tk = _tokenizer(tmp_path)
    jieba_dict.initialize(tk)
    jieba_dict.initialize(tk)  # a second call changes nothing
    tk.add_word("关键路径分析器", 50000)
    assert "关键路径分析器" in list(tk.cut("打开关键路径分析器"))


def test_a_fresh_process_segments_as_jieba_does_without_pkg_resources(tmp_path: Path):
    """jieba_dict imports jieba with pkg_resources hidden (jieba then opens its data files by path):
    a process with no dictionary cache yet builds it from jieba's own files and segments as jieba
    imported the usual way does (this test process imported it with pkg_resources)."""
    text = "导出甘特图为 PDF，然后在工作区设置里修改成员权限"
    code = ("import json, sys; from generator.search import analysis; "
            f"print(json.dumps([list(analysis._cut_cjk({text!r})), 'pkg_resources' in sys.modules]))")
    env = dict(os.environ, TMPDIR=str(tmp_path))  # no cache file: jieba reads its dict.txt itself
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=True)
    words, had_pkg_resources = json.loads(out.stdout)
    assert not had_pkg_resources
    expected = [w for w in jieba.Tokenizer().cut_for_search(text, HMM=True) if w not in analysis.ZH_STOP]
    assert words == expected and "甘特图" in words
    assert list(tmp_path.glob("kb-jieba-*.bin"))  # and left the faster cache for the next process
