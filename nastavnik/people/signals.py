"""Signals other apps listen to (an app never imports the apps after it, DESIGN §5)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction when a person loses the right to be in the banks: their processing
# consent was withdrawn, or they were deleted. Arguments: person, on (date), by (user), reason (str).
left_banks = Signal()

# Sent inside the transaction of a registry import (``people.importing.apply_registry``) once the people
# and their consents are written, so that other apps write what their registered columns asked for.
# Arguments: organization, rows (the loaded PersonRows: person_id and extra values set), on (date),
# by (user or None). A receiver returns a dict of what it added, e.g. {"mentors": 3, "mentees": 5}.
registry_applied = Signal()
