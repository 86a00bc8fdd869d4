import sys
from pathlib import Path

# the tests share small event generators in tests/events.py
sys.path.insert(0, str(Path(__file__).parent))
