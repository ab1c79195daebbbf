"""Project code uses the public API of Django, Wagtail and every other package: it never
reads or writes an underscore attribute or method that the project itself does not
define (DESIGN.md, "Public API only"). Django's documented ``Model._meta`` API is public.

The check reads the source as text, as a reviewer would: every ``name._attribute``, and
every ``from package import _name`` of a package outside the project.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {"bench", "certificates", "content", "courses", "lms", "tests"}
# Public despite the underscore: Django's Model._meta, and os._exit (the documented way
# for a forked child to end without the parent's cleanup; certificates/rendering.py).
DOCUMENTED = {"_meta", "_exit"}

ACCESS = re.compile(r"\b\w+\.(_[A-Za-z][A-Za-z0-9_]*)\b(?!__)")
PRIVATE_IMPORT = re.compile(r"^\s*from\s+([\w.]+)\s+import\s+(.+)$", re.MULTILINE)


def project_sources() -> dict[str, str]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        name: (ROOT / name).read_text(encoding="utf-8")
        for name in listed
        if not name.startswith("tests/") and "/migrations/" not in name and (ROOT / name).exists()
    }


def own_private_names(sources: dict[str, str]) -> set[str]:
    names = set()
    for text in sources.values():
        names.update(re.findall(r"\bdef\s+(_[A-Za-z]\w*)", text))
        names.update(re.findall(r"\bclass\s+(_[A-Za-z]\w*)", text))
        names.update(re.findall(r"^\s*(_[A-Za-z]\w*)\s*[:=]", text, re.MULTILINE))
        names.update(re.findall(r"\b(?:self|cls)\.(_[A-Za-z]\w*)\s*(?::[^=]*)?=(?!=)", text))
        names.update(re.findall(r"\bas\s+(_[A-Za-z]\w*)", text))
    return names


def test_no_project_file_reaches_into_another_package():
    sources = project_sources()
    own = own_private_names(sources) | DOCUMENTED
    found = []
    for name, text in sources.items():
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            for attribute in ACCESS.findall(code):
                if attribute not in own:
                    found.append(f"{name}:{number}: {line.strip()}")
        for module, imported in PRIVATE_IMPORT.findall(text):
            if module.split(".")[0] in PROJECT_PACKAGES:
                continue
            for part in imported.strip("() ").split(","):
                if part.strip().split(" ")[0].startswith("_"):
                    found.append(f"{name}: from {module} import {part.strip()}")
    assert found == [], "private attributes of other packages:\n" + "\n".join(found)


def test_the_check_finds_a_private_attribute():
    """The check itself: a line like the ones it must catch is caught."""
    assert ACCESS.findall("request._wagtail_route_for_request = route") == [
        "_wagtail_route_for_request"
    ]
    assert "_wagtail_route_for_request" not in own_private_names(project_sources())
