"""Reports: the annual work report of a unit or of a region's leading group (Word and PDF),
the library of typical cases (典型案例), and facts read back from report and news texts."""
