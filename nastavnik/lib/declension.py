"""Russian names in the cases that orders need: «закрепить за наставником Кравченко Натальей
Григорьевной молодого специалиста Супрун Ольгу Александровну» (DESIGN §5: pytrovich).

The gender comes from the person's record when known, else from the patronymic; a name pytrovich
cannot decline (a foreign one, a rare surname) is kept as written, which is what a clerk would do.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case as _Case
from pytrovich.enums import Gender as _Gender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker


class Case(StrEnum):
    NOMINATIVE = "nominative"  # кто? что?
    GENITIVE = "genitive"  # кого? чего?
    DATIVE = "dative"  # кому? чему?
    ACCUSATIVE = "accusative"  # кого? что?
    INSTRUMENTAL = "instrumental"  # кем? чем?
    PREPOSITIONAL = "prepositional"  # о ком? о чём?


_CASES = {case: getattr(_Case, case.name) for case in Case}
_GENDERS = {"male": _Gender.MALE, "female": _Gender.FEMALE}
_maker = PetrovichDeclinationMaker()
_detector = PetrovichGenderDetector()


def gender_of(middle_name: str) -> str | None:
    """«male» or «female» from a Russian patronymic (…вич / …вна, …ич / …чна, …оглы / …кызы); None if unclear."""
    if not middle_name.strip():
        return None
    found = _detector.detect(middlename=middle_name.strip())
    return {_Gender.MALE: "male", _Gender.FEMALE: "female"}.get(found)


def decline_name(
    last_name: str, first_name: str, middle_name: str = "", *, case: Case, gender: str | None = None
) -> str:
    """The full name in ``case``: each part declined on its own, hyphenated parts each in turn."""
    gender = gender if gender in _GENDERS else gender_of(middle_name)
    if case == Case.NOMINATIVE or gender is None:
        return _join(last_name, first_name, middle_name)
    return _join(
        _part(NamePart.LASTNAME, last_name, gender, case),
        _part(NamePart.FIRSTNAME, first_name, gender, case),
        _part(NamePart.MIDDLENAME, middle_name, gender, case),
    )


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


@lru_cache(maxsize=4096)
def _part(kind: NamePart, value: str, gender: str, case: Case) -> str:
    if not value:
        return ""
    pieces = value.split("-")
    try:
        declined = [_maker.make(kind, _GENDERS[gender], _CASES[case], piece) for piece in pieces]
    except (KeyError, ValueError, IndexError):  # a name outside pytrovich's rules stays as written
        return value
    if case == Case.INSTRUMENTAL:
        declined = [_unstressed_after_hushing(piece) for piece in declined]
    return "-".join(declined)


def _unstressed_after_hushing(word: str) -> str:
    """After ж, ш, ч, щ, ц an unstressed ending is written «-ей»: «Деречей», not pytrovich's «Деречой»
    (a stressed one, «Левшой», is rare in names: the person's override covers it)."""
    if len(word) > 4 and word[-3] in "жшчщц" and word.endswith("ой"):
        return word[:-2] + "ей"
    return word
