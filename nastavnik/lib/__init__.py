"""Helpers with no models: they import no app of the project (DESIGN §5)."""
