"""Signals other apps listen to (an app never imports the apps after it, DESIGN §5)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction when a person loses the right to be in the banks: their processing
# consent was withdrawn, or they were deleted. Arguments: person, on (date), by (user), reason (str).
left_banks = Signal()
