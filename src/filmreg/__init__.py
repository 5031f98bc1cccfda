"""filmreg: a sourced registry of state film agencies, their people, events and cooperation.

The command line is a thin layer over :mod:`filmreg.api`; scripts can import that directly.
This module stays light so that `filmreg --version` and read commands start fast.
"""

__version__ = "0.1.0"
