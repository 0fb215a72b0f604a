"""The hinews web app, Hugging Face Spaces style: ``python app.py [--translator NAME|DIR] ...``.

The same app as ``hinews serve``; see ``python app.py --help``. Importing this file does
not start a server.
"""

from __future__ import annotations

import sys

from hinews.webapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
