"""Records in and out: seed files, import files, exports, Popolo, the build, graphs.

Imports the layers below it (queries, search, store, model)."""
