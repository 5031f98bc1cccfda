"""Ranked search over the names of every record, in any script.

Imports `filmreg.store.writable` and `filmreg.model`."""
