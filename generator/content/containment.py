"""The files of a content folder, never following a symbolic link out of it.

A link such as ``kb/articles/passwd.md -> /etc/passwd`` would otherwise be read as an article and
published, and a linked directory (``kb/all -> /``) walked whole. Links that stay inside the folder
are fine; links that leave it, and directory links that lead back into their own parent (a cycle
MkDocs would walk until the path is too long), are refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RefusedLink:
    path: str  # posix, relative to the content folder
    target: str  # where the link points, as written
    directory: bool
    reason: str

    def message(self) -> str:
        kind = "directory link" if self.directory else "symbolic link"
        return f"{kind} to '{self.target}' {self.reason}; it is not read or published"


def walk(root: Path) -> tuple[list[Path], list[RefusedLink]]:
    """Every regular file under ``root`` (sorted), following only links that stay inside it.

    Hidden files and folders (a leading '.') are skipped: they are not content and MkDocs does not
    publish them.
    """
    files: list[Path] = []
    refused: list[RefusedLink] = []
    _walk(Path(root), Path(root), Path(os.path.realpath(root)), (), files, refused)
    return sorted(files), sorted(refused, key=lambda r: r.path)


def _walk(top: Path, root: Path, root_real: Path, chain: tuple[Path, ...], files: list[Path], refused: list[RefusedLink]) -> None:
    """``chain``: the real folders entered through links on the way here (a cycle re-enters one)."""
    for current, dirnames, filenames in os.walk(top, followlinks=False):
        here = Path(current)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames:
            path = here / name
            if not path.is_symlink():
                continue  # os.walk descends into it itself
            problem, target = _judge(path, root_real, chain, directory=True)
            if problem:
                refused.append(RefusedLink(path.relative_to(root).as_posix(), os.readlink(path), True, problem))
            else:
                _walk(path, root, root_real, chain + (target,), files, refused)
        for name in filenames:
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                problem, _ = _judge(path, root_real, chain, directory=False)
                if problem:
                    refused.append(RefusedLink(path.relative_to(root).as_posix(), os.readlink(path), False, problem))
                    continue
            if path.is_file():
                files.append(path)


def _judge(path: Path, root_real: Path, chain: tuple[Path, ...], directory: bool) -> tuple[str | None, Path]:
    target = Path(os.path.realpath(path))
    if target != root_real and root_real not in target.parents:
        return "leads outside the content folder", target
    if directory:
        here = Path(os.path.realpath(path.parent))
        if any(target == d or target in d.parents for d in (here, *chain)):
            return "leads back into a folder that contains it (a cycle)", target
    return None, target
