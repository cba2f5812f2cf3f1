"""The agreement's texts in Swedish and English, kept as content files in wording/*.yaml."""
from functools import lru_cache
from pathlib import Path

import yaml

WORDING_DIR = Path(__file__).parent / "wording"
LANGUAGES = ("sv", "en")


@lru_cache(maxsize=None)
def wording(language):
    if language not in LANGUAGES:
        language = "sv"
    with open(WORDING_DIR / f"{language}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
