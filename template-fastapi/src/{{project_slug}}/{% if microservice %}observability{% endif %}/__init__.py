"""The service profile: JSON logs with a request id, Prometheus metrics, OpenTelemetry tracing
configured from OTEL_* variables, and a readiness probe.

main.py uses `with_tracing(settings)` and `install(app)`; nothing else knows this package.
"""

from .router import install
from .tracing import with_tracing

__all__ = ["install", "with_tracing"]
