"""The `filmreg` command line: Typer commands and options over `filmreg.api`."""
