"""Free-text parser for sales reports: pure functions, no database (see PARSE_SPEC.md)."""

from .dates import read_date
from .figures import read_count, read_percent
from .money import read_amount
from .parse import ParseResult, parse
from .records import Amount, KnownCustomer, load_customers_file

__all__ = ["Amount", "KnownCustomer", "ParseResult", "load_customers_file", "parse", "read_amount", "read_count", "read_date",
           "read_percent"]
