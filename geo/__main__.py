"""`python -m geo build [--out DIR]` (see geo/build.py)."""
import sys

from geo.build import main

sys.exit(main())
