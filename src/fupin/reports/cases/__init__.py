"""The library of typical cases (典型案例): written, searched, chosen into reports."""
