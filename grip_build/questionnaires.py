"""Load every questionnaire for the build with ``scoring``'s one folder validator (the CLI's
``python -m scoring validate`` runs the same): each file on its own, codes and ids unique across files,
the version record, and that every link names a page of the site. Anchors are checked later, in
``plugin.on_env``, once the pages are rendered."""

from __future__ import annotations

from scoring._validate import FolderError as SiteError
from scoring._validate import Loaded, load_folder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = ["Loaded", "SiteError", "load_all"]


def load_all(folder: Path, page_exists: Callable[[str], bool]) -> Loaded:
    """The valid catalog with each questionnaire's file and lines; ``SiteError`` lists every problem."""
    return load_folder(folder, page_exists)
