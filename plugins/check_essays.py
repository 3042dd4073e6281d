"""Check essays from any shell, no project venv needed: what the pre-commit hook runs.

    python plugins/check_essays.py [content/essays/x.md ...]

The same checks as `invoke check-content`, run from this checkout's own code; the
hook's environment (.pre-commit-config.yaml) holds only the libraries they read with.
"""

import sys

from toolkit.check_content import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
