import sys

from worksheets.cli import main

sys.exit(main())
