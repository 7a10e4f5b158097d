import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "policies"
DATA = Path(__file__).resolve().parent / "data"
