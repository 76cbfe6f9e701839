import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path and not os.environ.get("RISKSCAN_TEST_INSTALLED"):
    sys.path.insert(0, str(SRC))

os.environ.setdefault("RISKSCAN_DEBUG", "1")

# corpora scanned by the tests, never collected as tests themselves (their own
# test files import packages that are not installed here)
collect_ignore_glob = ["audit/*", "audit_*/*", "hostile/*"]
