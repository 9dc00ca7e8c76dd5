"""How a model reaches the scopes of access (used by accounts.access)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AccessPaths:
    """ORM lookups from a model to its region, municipality, organization and owning person.

    None means that level of grant does not reach the model: an organization's curator does not reach
    municipality records. ``person`` is the path to the Person the record belongs to (for a mentor or
    mentee seeing their own records); ``personal`` marks personal files that a psychologist may not
    read (DESIGN §2).
    """

    region: str
    municipality: str | None
    organization: str | None
    person: str | None = None
    personal: bool = False
