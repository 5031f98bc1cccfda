"""The SQLite file: locating, opening, migrating, reading and writing it, and its search index.

Imports only `filmreg.model`."""
