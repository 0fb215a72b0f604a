"""``python -m hinews.bench``: the same as ``hinews bench``."""

import sys

from hinews.bench.runner import main

sys.exit(main())
