// The user Alloy of environments/all-features.ts (`alloyMetrics.extraConfig`): pipelines the library does
// not model yet, written as a user pastes them from Alloy's documentation. Kept apart so tests can break
// each snippet in one place (tests/render/extra-config.test.ts). Not an environment: environments/*.ts only.

/** An OTLP trace pipeline: receiver -> batch -> OTLP exporter. */
export const otlpTraces = `otelcol.receiver.otlp "apps" {
	grpc {
		endpoint = "0.0.0.0:4317"
	}

	output {
		traces = [otelcol.processor.batch.apps.input]
	}
}

otelcol.processor.batch "apps" {
	timeout = "5s"

	output {
		traces = [otelcol.exporter.otlp.tempo.input]
	}
}

otelcol.exporter.otlp "tempo" {
	client {
		endpoint = "tempo.tracing.svc:4317"
	}
}
`;

/** The node exporter built into Alloy, scraped into the local Prometheus. */
export const unixExporter = `prometheus.exporter.unix "host" {
	set_collectors = ["cpu", "meminfo", "loadavg"]
}

prometheus.scrape "host" {
	targets         = prometheus.exporter.unix.host.targets
	forward_to      = [prometheus.remote_write.local.receiver]
	scrape_interval = "30s"
}
`;

/** ServiceMonitor objects of the Prometheus Operator, scraped into the local Prometheus. */
export const serviceMonitors = `prometheus.operator.servicemonitors "apps" {
	forward_to = [prometheus.remote_write.local.receiver]

	selector {
		match_labels = {
			team = "apps",
		}
	}
}
`;

export const allFeaturesExtraConfig: Readonly<Record<string, string>> = {
  'otlp-traces.alloy': otlpTraces,
  'host-metrics.alloy': unixExporter,
  'service-monitors.alloy': serviceMonitors,
};
