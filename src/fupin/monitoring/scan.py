"""The discovery scan (风险预警) over the registry: every household with a survey of a year
evaluated by the monitoring regime in force, the flagged ones written as the early-warning
list ``warnings.csv``. It reads the registry and stores nothing: the same rule (the same
SQL) as the stored evaluation and the one-household evaluation, run by the bulk engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fupin.core.errors import InvalidInput
from fupin.policy.engine import scan_to_csv
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import load_regime, regime_for_year
from fupin.regions.selectors import region_get
from fupin.registry import snapshot


@dataclass(frozen=True)
class ScanResult:
    """What a scan found: the regime, the households evaluated, the flagged ones per status
    and the file written."""

    year: int
    regime: str
    region: str
    households: int
    flagged: dict[str, int]
    path: Path

    @property
    def flagged_total(self) -> int:
        return sum(self.flagged.values())


def warnings_scan(*, year: int, out_dir: str | Path, region: str | None = None) -> ScanResult:
    """Evaluate every household of the registry with a survey in `year` (only those under
    `region`, any code form, when given) by the regime in force in `year`, which must be a
    monitoring regime, and write the flagged households to `out_dir/warnings.csv`.
    InvalidInput for a year no monitoring regime covers; NotFound for an unknown region."""
    try:
        name = regime_for_year(year)
    except PolicyError as exc:  # no regime covers the year at all
        raise InvalidInput(f"no monitoring regime covers {year}") from exc
    regime = load_regime(name)
    if not regime.monitoring:
        raise InvalidInput(f"no monitoring regime covers {year}")
    regime.poverty_line(year)  # the range's reference value of the year exists
    code = region_get(code=region).code if region else ""
    facts = snapshot.registry_facts(year=year, region=code or None, monitoring=True)
    households = snapshot.of_year(facts, year).num_rows
    flagged = scan_to_csv(
        facts,
        year=year,
        regime=regime,
        out_dir=out_dir,
        monitoring_ranges=snapshot.monitoring_ranges(year=year),
    )
    return ScanResult(year, name, code, households, flagged, Path(out_dir) / "warnings.csv")
