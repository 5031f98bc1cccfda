"""Read views as plain dicts: lists, full records, reports, the cooperation network.

Imports `filmreg.store.writable` and `filmreg.model`; no display words, no CLI flags."""
