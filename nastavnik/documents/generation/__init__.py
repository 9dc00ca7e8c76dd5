"""Documents generated from the data: a context dataclass per kind, rendered by docxtpl on a shipped
DOCX template (``templates/<kind>.docx``, built by ``build_templates.py``) or the municipality's own."""
