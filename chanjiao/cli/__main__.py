"""``python -m chanjiao.cli COMMAND`` (how ``chanjiao serve`` starts its job workers)."""

import sys

from . import main

sys.exit(main())
