"""Helpers shared by the in-process scenarios: timing, peak memory, the report viewer."""

import contextlib
import gc
import statistics
import time
from pathlib import Path


def rss_kb(field: str = "VmRSS") -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def peak_reset() -> int:
    """Reset the kernel's peak-RSS mark (VmHWM) and return the current RSS in KB."""
    gc.collect()
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return rss_kb()


def peak_growth_mb(start_kb: int) -> float:
    return round((rss_kb("VmHWM") - start_kb) / 1024, 1)


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def median_seconds(function, repeat: int) -> float:
    return statistics.median(timed(function)[0] for _ in range(repeat))


def national_viewer():
    """The national HR demo account: reports of every county."""
    from django.contrib.auth import get_user_model

    from lms.people.demo import DEMO_ACCOUNTS

    email = next(a.email for a in DEMO_ACCOUNTS if a.role == "hr_national")
    return get_user_model().objects.get(email=email)
