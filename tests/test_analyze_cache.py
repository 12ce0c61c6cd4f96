"""The disk cache of compiled lexicons: used when fresh, rebuilt when stale or broken, optional."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.analyze import cache
from monitor.analyze.lexicon import LANGUAGES, Lexicon, Tokens, build_lexicon
from monitor.analyze.text import fold

ROOT = Path(__file__).resolve().parents[1]

SAMPLES = {
    "en": "We collect your email address and use it for advertising, based on your consent. "
    "We do not sell your personal data to third parties unless you ask us to.",
    "fr": "Nous collectons votre adresse e-mail pour la publicité, sur la base de votre "
    "consentement. Nous ne vendons pas vos données.",
    "de": "Wir verarbeiten Ihre E-Mail-Adresse zu Werbezwecken auf Grundlage Ihrer "
    "Einwilligung. Wir verkaufen Ihre Daten nicht.",
    "es": "Tratamos su dirección de correo electrónico con fines publicitarios sobre la base "
    "de su consentimiento.",
    "it": "Trattiamo il tuo indirizzo email per finalità di marketing sulla base del tuo consenso.",
    "nl": "Wij verwerken uw e-mailadres voor marketing op basis van uw toestemming.",
}


class Builds:
    """``build`` for ``cache.cached`` that counts its calls."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.calls = 0

    def __call__(self) -> Lexicon:
        self.calls += 1
        return build_lexicon(self.language)


def hits(lexicon: Lexicon, text: str) -> list[tuple[str, int, int]]:
    tokens = Tokens(fold(text))
    found = lexicon.facts.find(tokens) + lexicon.cues.find(tokens) + lexicon.clauses.find(tokens)
    return [(h.label, h.start, h.end) for h in found]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(directory))
    return directory


def test_second_load_reads_the_file_and_finds_the_same(cache_dir: Path) -> None:
    for language in LANGUAGES:
        build = Builds(language)
        first = cache.cached(language, build, Lexicon)
        again = cache.cached(language, build, Lexicon)
        assert build.calls == 1, language
        assert again is not first  # read back from the file, not the same object
        assert hits(again, SAMPLES[language]) == hits(first, SAMPLES[language])
        assert hits(first, SAMPLES[language]), f"the {language} sample finds nothing"
    assert len(list(cache_dir.glob("lexicon-*.pickle"))) == len(LANGUAGES)


def test_a_changed_source_is_a_new_key_and_is_rebuilt(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Builds("en")
    cache.cached("en", build, Lexicon)
    old_key = cache.source_key("en")
    # An edited lexicon file (or taxonomy, or analyzer code) hashes differently.
    monkeypatch.setattr(cache, "source_key", lambda language: "0" * 24)
    cache.cached("en", build, Lexicon)
    assert build.calls == 2
    names = sorted(p.name for p in cache_dir.iterdir())
    assert names == sorted([f"lexicon-en-{old_key}.pickle", f"lexicon-en-{'0' * 24}.pickle"])


def test_a_source_edited_while_building_is_used_but_not_kept(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The key is read before the build and again after it; an edit in between (here: the
    # second reading differs) must not file the new form under the old key.
    keys = iter(["a" * 24, "b" * 24])
    monkeypatch.setattr(cache, "source_key", lambda language: next(keys))
    build = Builds("en")
    lexicon = cache.cached("en", build, Lexicon)
    assert build.calls == 1
    assert hits(lexicon, SAMPLES["en"])
    assert list(cache_dir.glob("lexicon-en-*.pickle")) == []


def test_older_keys_are_pruned_to_the_newest_few(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Builds("en")
    keys = [f"{n:024d}" for n in range(cache.KEEP + 2)]
    for n, key in enumerate(keys):
        monkeypatch.setattr(cache, "source_key", lambda language, key=key: key)
        cache.cached("en", build, Lexicon)
        path = cache_dir / f"lexicon-en-{key}.pickle"
        os.utime(path, ns=(n * 10**9, n * 10**9))  # distinct ages, oldest first
    cache.cached("fr", Builds("fr"), Lexicon)  # another language is not counted
    kept = sorted(p.name for p in cache_dir.glob("lexicon-en-*.pickle"))
    assert kept == [f"lexicon-en-{key}.pickle" for key in keys[-cache.KEEP :]]
    assert len(list(cache_dir.glob("lexicon-fr-*.pickle"))) == 1
    assert build.calls == len(keys)


def test_the_key_covers_the_lexicon_taxonomy_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = {cache.source_key(language) for language in LANGUAGES}
    assert len(keys) == len(LANGUAGES)
    read = []
    real = cache.resources.files

    class Spy:
        def __init__(self, inner: object) -> None:
            self.inner = inner

        def joinpath(self, name: str) -> object:
            read.append(name)
            return self.inner.joinpath(name)  # type: ignore[attr-defined]

    monkeypatch.setattr(cache.resources, "files", lambda package: Spy(real(package)))
    cache.source_key("fr")
    assert read == ["lexicons/fr.toml", "taxonomy.toml", *cache._CODE]


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps({"a": "dict"})[:-3], pickle.dumps({"a": "dict"})],
    ids=["empty", "garbage", "truncated", "wrong type"],
)
def test_a_broken_file_is_ignored_and_replaced(cache_dir: Path, content: bytes) -> None:
    cache_dir.mkdir()
    path = cache_dir / f"lexicon-en-{cache.source_key('en')}.pickle"
    path.write_bytes(content)
    build = Builds("en")
    lexicon = cache.cached("en", build, Lexicon)
    assert build.calls == 1
    assert hits(lexicon, SAMPLES["en"])
    assert isinstance(pickle.loads(path.read_bytes()), Lexicon)  # rewritten
    cache.cached("en", build, Lexicon)
    assert build.calls == 1


def test_a_cache_dir_that_cannot_be_written_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A directory below a regular file can never be created (unlike chmod, this holds for root).
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    build = Builds("en")
    first = cache.cached("en", build, Lexicon)
    cache.cached("en", build, Lexicon)
    assert build.calls == 2  # compiled in each call, as without a cache
    assert hits(first, SAMPLES["en"])
    assert blocker.read_text() == "x"


def test_a_read_only_cache_dir_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root writes into read-only directories; see the test above")
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o500)
    monkeypatch.setenv(cache.CACHE_ENV, str(directory))
    try:
        build = Builds("en")
        assert hits(cache.cached("en", build, Lexicon), SAMPLES["en"])
        assert list(directory.iterdir()) == []
    finally:
        directory.chmod(0o700)


def test_the_default_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "noticewatch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "noticewatch"


_SCRIPT = """
import json, sys
from monitor.analyze import analyze
from monitor.codec import facts_to_json
from monitor.extract import extract
doc = extract(sys.argv[1].encode(), "text/markdown")
print(json.dumps(facts_to_json(analyze(doc))))
"""


def test_separate_processes_share_the_cache_and_agree(cache_dir: Path) -> None:
    text = "# Advertising\n\n" + SAMPLES["en"] + "\n\n" + SAMPLES["en"].replace("email", "IP")
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir), "PYTHONPATH": str(ROOT)}

    def run() -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT, text],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return json.loads(out.stdout)

    first = run()
    written = {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("lexicon-*.pickle")}
    assert f"lexicon-en-{cache.source_key('en')}.pickle" in written
    second = run()
    assert second == first
    assert first["statements"], "the sample states facts"
    # The second process read the files; it wrote none.
    assert {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("lexicon-*.pickle")} == written
