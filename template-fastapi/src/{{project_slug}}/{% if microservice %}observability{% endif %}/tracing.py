"""OpenTelemetry tracing, configured by the standard OTEL_* environment variables.

Off unless an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); then FastAPI's own telemetry (the TELEMETRY setting) is
turned on and its spans go to that endpoint over OTLP/HTTP. OTEL_SERVICE_NAME names the service;
OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn tracing off again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from ..settings import Settings

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


def with_tracing(settings: Settings) -> Settings:
    """`settings`, with FastAPI's telemetry on if the environment configures an exporter."""
    if not tracing_configured():
        return settings
    if not _installed:  # one global provider per process, however many apps it creates
        _installed.append(exporting_tracer_provider())
        trace.set_tracer_provider(_installed[0])
    return settings.model_copy(update={"telemetry": True})
