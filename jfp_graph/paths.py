"""Where the bundled ontology, shapes, data and queries live.

In a source checkout (and an editable install) they are the top-level folders of the repository;
an installed wheel carries copies under ``jfp_graph/_bundle``.
"""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundle_root() -> Path:
    packaged = _PACKAGE_DIR / "_bundle"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


BUNDLE_ROOT = _bundle_root()
ONTOLOGY_DIR = BUNDLE_ROOT / "ontology"
SHAPES_DIR = BUNDLE_ROOT / "shapes"
DATA_DIR = BUNDLE_ROOT / "data"
QUERIES_DIR = BUNDLE_ROOT / "queries"
EXAMPLES_DIR = DATA_DIR / "examples"
