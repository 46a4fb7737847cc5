"""The USB package: write, read, verify, sign (format: docs/exchange-format.md).

Imports only the domain; ``cryptography`` is imported when a key is made or a signature checked.
"""

from .errors import PackageError
from .package import FORMAT_VERSION, Schemas, VerifiedPackage, build_package, read_package

__all__ = ["PackageError", "FORMAT_VERSION", "Schemas", "VerifiedPackage", "build_package", "read_package"]
