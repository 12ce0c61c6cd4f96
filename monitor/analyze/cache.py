"""Compiled lexicons kept on disk, so a worker or a command starts in milliseconds.

Compiling one language's lexicon (parsing its TOML and hundreds of phrases into
regexes) costs about 0.3 s; every read worker and every CLI command that analyses
did it again. The compiled :class:`~monitor.analyze.lexicon.Lexicon` is pickled
under the user's cache directory (``$NOTICEWATCH_CACHE_DIR``, else
``$XDG_CACHE_HOME/noticewatch``, else ``~/.cache/noticewatch``) and read back by the
next process. Read back, a phrase compiles its regex on first use only.

The file name carries a hash of everything the compiled form depends on: the
language's lexicon file, ``taxonomy.toml``, the code that reads and compiles them and the
Python version. An edit to any of them gives a new name, so a cached lexicon is
never stale (a lexicon edited while it is being compiled is used, not kept); the newest few names per language are kept. The cache is safe to delete, a file that cannot be read back
(truncated, corrupt, from another build) is ignored and rebuilt, and a cache
directory that cannot be written (read-only home, container) only means
compiling in each process, as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

CACHE_ENV = "NOTICEWATCH_CACHE_DIR"
#: The modules whose code decides what a compiled lexicon holds.
_CODE = ("cache.py", "lexicon.py", "patterns.py", "taxonomy.py", "text.py")


def cache_dir() -> Path:
    """Where compiled lexicons are kept (the directory may not exist yet)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "noticewatch"


def source_key(language: str) -> str:
    """A hash of the data and code a compiled lexicon of ``language`` is made from."""
    package = resources.files("monitor.analyze")
    digest = hashlib.sha256()
    digest.update(sys.implementation.cache_tag.encode())
    for name in (f"lexicons/{language}.toml", "taxonomy.toml", *_CODE):
        digest.update(name.encode() + b"\0")
        digest.update(package.joinpath(name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def cached(language: str, build: Callable[[], T], kind: type[T]) -> T:
    """The compiled lexicon of ``language`` from the disk cache, else ``build()`` (kept for next time).

    ``kind``: the type a file must hold to be used; anything else is rebuilt.
    """
    key = _key_or_none(language)
    if key is None:  # a package installed without its data: build says what is missing
        return build()
    directory = cache_dir()
    path = directory / f"lexicon-{language}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, kind):
            return found
        log.debug("ignoring %s: holds %s", path, type(found).__name__)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a broken cache file is rebuilt, never fatal
        log.debug("ignoring unreadable %s: %s", path, exc)
    value = build()
    # The sources are read twice, for the key and by ``build``: one edited in between (a
    # lexicon saved while a worker starts) would file the new form under the old name.
    if _key_or_none(language) == key:
        _store(directory, path, value, language)
    else:
        log.debug("lexicon %s changed while it was built: not kept", language)
    return value


def _key_or_none(language: str) -> str | None:
    """:func:`source_key`, or None when a source cannot be read."""
    try:
        return source_key(language)
    except OSError as exc:
        log.debug("no cache key for lexicon %s: %s", language, exc)
        return None


#: Files kept per language: the newest few keys, so checkouts or versions sharing the
#: directory keep theirs, while every edit of a lexicon does not leave a file behind.
KEEP = 4


def _store(directory: Path, path: Path, value: object, language: str) -> None:
    """Write ``value`` to ``path`` atomically and prune older keys (see KEEP); never raises."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        others = [p for p in directory.glob(f"lexicon-{language}-*.pickle") if p != path]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEEP - 1 :]:
            old.unlink(missing_ok=True)
    except Exception as exc:  # no cache is slower, not wrong
        log.debug("cannot keep compiled lexicon %s in %s: %s", language, directory, exc)
