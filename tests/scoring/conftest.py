"""Inside Pyodide the suite runs against the wheel the site ships, which leaves out the build-only modules
(``grip_build.runtime.BUILD_ONLY``): the validator of questionnaire files is tested in CPython only (the linters run in
``tests/test_lint.py``)."""

from __future__ import annotations

import sys

collect_ignore = ["test_validate.py"] if sys.platform == "emscripten" else []
