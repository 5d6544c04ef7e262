"""`kb build` writes over the previous site instead of emptying its folder first.

MkDocs deletes every file of the site before a build and writes them all again: on a 5,000-page
site that is thousands of folders removed and made again, mostly waiting for the disk, for pages
that come out the same. ``written_over`` keeps the folder (MkDocs' cleaning is skipped), leaves a
page MkDocs renders byte for byte as it is on disk untouched, and, once the build is done, removes
every file the build neither wrote nor left as it was, so no stale page survives a deleted or
renamed one. What is stale is told by the inode's change time (``st_ctime_ns``, which every write,
rename or copy sets and no program can set back), noted before the build: a file whose change time
is the same afterwards was not written.

A page the build knows to be unchanged (the build cache: the same template context as the build
that wrote the file, and the file still holds what that build wrote) is ``keep``-ed: MkDocs' write
of it is skipped unread, and it is not stale.

The scope is MkDocs' own: every entry of the site folder but hidden ones (``.search`` is the index'
own business) and ``static-search/``, which the static index writes over and prunes itself. A file standing where the build needs a folder (or the reverse) stops the build;
``kb build`` then builds again the way MkDocs does, into an emptied folder.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..static_search.bundle import OUTPUT_SUBDIR as STATIC_INDEX

# What a build raises when an old file is where it writes a folder, or an old folder where it writes a file.
IN_THE_WAY = (FileExistsError, IsADirectoryError, NotADirectoryError)


class SiteFolder:
    """What ``written_over`` hands the build."""

    def __init__(self) -> None:
        self.unchanged: set[str] = set()  # files the build left as they were
        self.kept: set[str] = set()

    def keep(self, path: str) -> None:
        """The file at ``path`` already holds what the build writes there: whatever MkDocs writes is ignored."""
        path = os.path.normpath(path)
        self.kept.add(path)
        self.unchanged.add(path)


@contextmanager
def written_over(site_dir: Path | str) -> Iterator[SiteFolder]:
    """Build in the old site folder; afterwards, remove what the build did not write."""
    import mkdocs.utils

    site = Path(os.path.normpath(site_dir))
    before = _snapshot(site)
    folder = SiteFolder()
    unchanged = folder.unchanged
    write_file = mkdocs.utils.write_file

    def write_if_changed(content: bytes, output_path: str) -> None:
        """MkDocs' ``write_file`` (pages, sitemap, 404), skipped when the file already holds ``content``."""
        if folder.kept and os.path.normpath(output_path) in folder.kept:
            return
        try:
            with open(output_path, "rb") as fh:
                same = fh.read(len(content) + 1) == content
        except OSError:
            same = False
        if same:
            unchanged.add(os.path.normpath(output_path))
        else:
            write_file(content, output_path)

    # What mkdocs.commands.build calls (as ``utils.clean_directory``, ``utils.write_file``).
    clean = mkdocs.utils.clean_directory
    mkdocs.utils.clean_directory, mkdocs.utils.write_file = _keep, write_if_changed
    try:
        yield folder
    finally:
        mkdocs.utils.clean_directory, mkdocs.utils.write_file = clean, write_file
    _remove_stale(before, unchanged)


def _keep(directory: str) -> None:
    """MkDocs' cleaning, skipped: ``written_over`` removes stale files after the build."""
    logging.getLogger("mkdocs").info("(kept: what this build does not write is removed after it)")


def _snapshot(site: Path) -> tuple[dict[str, int], list[str]]:
    """Change time of every file under the site's non-hidden entries, and every folder (deepest last)."""
    files: dict[str, int] = {}
    folders: list[str] = []
    try:
        entries = list(os.scandir(site))
    except (FileNotFoundError, NotADirectoryError):
        return files, folders
    stack = [e for e in entries if not e.name.startswith(".") and e.name != STATIC_INDEX]
    while stack:
        entry = stack.pop()
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                stack.extend(os.scandir(entry.path))
            else:
                files[entry.path] = entry.stat(follow_symlinks=False).st_ctime_ns
        except FileNotFoundError:
            continue
    return files, folders


def _remove_stale(before: tuple[dict[str, int], list[str]], unchanged: set[str]) -> None:
    files, folders = before
    for path, ctime in files.items():
        if path in unchanged:
            continue
        try:
            if os.stat(path, follow_symlinks=False).st_ctime_ns == ctime:
                os.unlink(path)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            continue
    # Deepest first (a folder is listed before what it holds): a folder left empty goes too, as
    # after MkDocs' cleaning, where it would never have been made.
    for folder in sorted(folders, key=len, reverse=True):
        try:
            os.rmdir(folder)
        except OSError:  # not empty (the build wrote into it), or already gone
            continue
