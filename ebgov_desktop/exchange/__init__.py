"""The USB package: write, read, verify, sign (format: docs/exchange-format.md).

Imports only the domain; ``cryptography`` is imported when a key is made or a signature checked.
"""

from .errors import PackageError, ReadCancelled
from .package import FORMAT_VERSION, Schemas, VerifiedPackage, build_package, read_package

__all__ = ["PackageError", "ReadCancelled", "FORMAT_VERSION", "Schemas", "VerifiedPackage",
           "build_package", "read_package"]
