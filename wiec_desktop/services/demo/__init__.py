"""Demo databases beyond the small default one: the large district (``build_large_demo``)."""

from wiec_desktop.services.demo.large import DEFAULT_SEED, LargeDemoSummary, build_large_demo

__all__ = ["DEFAULT_SEED", "LargeDemoSummary", "build_large_demo"]
