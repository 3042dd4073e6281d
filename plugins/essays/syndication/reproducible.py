"""Keep the build's clock out of the output: the same commit builds the same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def source_date() -> datetime:
    """The date to stamp when content has none: $SOURCE_DATE_EPOCH, else 1970-01-01.

    SOURCE_DATE_EPOCH is the reproducible-builds.org convention
    (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    return datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), tz=UTC)
