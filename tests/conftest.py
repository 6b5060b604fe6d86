import sys
from pathlib import Path

# tests import the shared builder as `from builders import DepartmentBuilder`
sys.path.insert(0, str(Path(__file__).parent))
