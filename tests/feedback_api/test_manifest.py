"""ManifestStore: reloads a changed file, keeps the old manifest over a broken one, calls hooks."""

from __future__ import annotations

import os

from api_helpers import PAGES, write_manifest

from feedback_api.manifest import ManifestStore


def test_lookup_and_reload_on_change(site_dir):
    store = ManifestStore(site_dir / "manifest.json", check_interval=0)
    assert store.build_id == "build-1" and len(store.pages) == 3
    assert store.get("billing/refunds")["title"] == "Refunds" and "nope" not in store
    calls = []
    store.on_reload.append(lambda m: calls.append(m.build_id))
    path = write_manifest(site_dir, PAGES[:1], build_id="build-2")
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))  # a different mtime even on a coarse clock
    assert store.build_id == "build-2" and "billing/refunds" not in store
    assert calls == ["build-2"]


def test_half_written_file_keeps_the_previous_manifest(site_dir):
    store = ManifestStore(site_dir / "manifest.json", check_interval=0)
    (site_dir / "manifest.json").write_text('{"version": 1, "build_id": "build-2", "pa')
    assert store.build_id == "build-1" and "getting-started" in store
    (site_dir / "manifest.json").write_text('{"version": 2}')
    assert store.build_id == "build-1"
    write_manifest(site_dir, PAGES, build_id="build-3")  # the generator finishes: picked up next check
    assert store.build_id == "build-3"


def test_checks_the_file_at_most_once_per_interval(site_dir):
    store = ManifestStore(site_dir / "manifest.json", check_interval=3600)
    write_manifest(site_dir, PAGES, build_id="build-2")
    assert store.build_id == "build-1"  # not looked at again yet
    assert store.reload().build_id == "build-2"


def test_missing_file_means_no_articles(tmp_path):
    store = ManifestStore(tmp_path / "manifest.json", check_interval=0)
    assert store.pages == () and store.build_id is None
    write_manifest(tmp_path, PAGES)
    assert "getting-started" in store


def test_a_failing_hook_does_not_stop_the_others(site_dir):
    store = ManifestStore(site_dir / "manifest.json")
    seen = []
    store.on_reload.extend([lambda m: 1 / 0, lambda m: seen.append(m.build_id)])
    write_manifest(site_dir, PAGES, build_id="build-9")
    store.reload()
    assert seen == ["build-9"]
