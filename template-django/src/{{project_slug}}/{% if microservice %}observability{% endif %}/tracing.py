"""OpenTelemetry tracing, configured by the standard OTEL_* environment variables.

Off unless an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); then every request's span (see middleware.py) goes to that
endpoint over OTLP/HTTP. OTEL_SERVICE_NAME names the service; OTEL_SDK_DISABLED=true or
OTEL_TRACES_EXPORTER=none turn tracing off again. Incoming W3C `traceparent` headers are
continued.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_installed: list[TracerProvider] = []


def tracing_configured(environ: Mapping[str, str] = os.environ) -> bool:
    if environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    if environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() == "none":
        return False
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    )


def exporting_tracer_provider(endpoint: str | None = None) -> TracerProvider:
    """A tracer provider that batches spans to `endpoint`, else to the one the environment
    names."""
    provider = TracerProvider(resource=Resource.create())
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    return provider


def install_tracer_provider() -> None:
    """Make the exporting provider global, once per process, if an exporter is configured.
    Without one, OpenTelemetry's default provider makes every span a no-op."""
    if tracing_configured() and not _installed:
        _installed.append(exporting_tracer_provider())
        trace.set_tracer_provider(_installed[0])
