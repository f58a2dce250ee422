"""``core.memo.PerObject``: a value made once per definition object, never for another one
that happens to reuse its id, and a cache that starts afresh past its size."""

from __future__ import annotations

from kaoping.core.memo import PerObject


class Definition:
    def __init__(self, name: str) -> None:
        self.name = name


def test_made_once_per_object_and_never_shared_with_another() -> None:
    made: list[str] = []
    upper = PerObject(lambda d: made.append(d.name) or d.name.upper(), most=8)
    first, second = Definition("t09"), Definition("t09")  # equal names, two objects
    assert [upper(first), upper(first), upper(second)] == ["T09", "T09", "T09"]
    assert made == ["t09", "t09"]  # once for each object, not once for the pair


def test_an_id_reused_by_a_new_object_is_not_taken_for_the_old_one() -> None:
    names = PerObject(lambda d: d.name, most=8)
    old = Definition("old")
    assert names(old) == "old"
    names.found[id(old)] = (Definition("impostor"), "stale")  # as if old had died and its id been reused
    assert names(old) == "old"


def test_the_cache_starts_afresh_past_its_size() -> None:
    names = PerObject(lambda d: d.name, most=3)
    kept = [Definition(str(n)) for n in range(5)]
    assert [names(d) for d in kept] == ["0", "1", "2", "3", "4"]
    assert len(names.found) <= 3
