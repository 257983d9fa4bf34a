"""``python -m app`` starts Villa Desk like the ``villa-desk`` command."""

import sys

from app.cli import main

sys.exit(main())
