"""What a person sees: tables, records and reports on a terminal."""
