"""Signals other apps listen to (an app never imports the apps after it, DESIGN §5)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``seed_demo`` once the demonstration pairs are written, so that the apps after this one add
# their part (the programs of the pairs…). Arguments: seed (int), today (date). A receiver returns a
# dict of what it added, e.g. {"programs": 9000}.
demo_pairs_created = Signal()
