"""Free-text parser for sales reports: pure functions, no database (see PARSE_SPEC.md)."""

from .dates import read_date
from .parse import ParseResult, parse
from .records import KnownCustomer, load_customers_file

__all__ = ["KnownCustomer", "ParseResult", "load_customers_file", "parse", "read_date"]
