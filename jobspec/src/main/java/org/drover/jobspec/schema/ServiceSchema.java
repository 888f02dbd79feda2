package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.block;
import static org.drover.jobspec.schema.Field.blocks;
import static org.drover.jobspec.schema.Field.keyed;

/** {@code service} with its {@code check}, {@code check_restart} and {@code connect}: at group and task level. */
public final class ServiceSchema {

    public static final Block CHECK_RESTART = Block.of("check_restart",
            attr("limit", "Limit", Kind.INT),
            attr("grace", "Grace", Kind.DURATION),
            attr("ignore_warnings", "IgnoreWarnings", Kind.BOOL));

    /** Header is a map of lists of strings ({@code header { Authorization = ["Basic …"] }}). */
    public static final Block CHECK = Block.of("check",
            attr("address_mode", "AddressMode", Kind.STRING),
            attr("advertise", "Advertise", Kind.STRING),
            attr("args", "Args", Kind.STRINGS),
            attr("body", "Body", Kind.STRING),
            block("check_restart", "CheckRestart", CHECK_RESTART),
            attr("command", "Command", Kind.STRING),
            attr("expose", "Expose", Kind.BOOL),
            attr("failures_before_critical", "FailuresBeforeCritical", Kind.INT),
            attr("failures_before_warning", "FailuresBeforeWarning", Kind.INT),
            attr("grpc_service", "GRPCService", Kind.STRING),
            attr("grpc_use_tls", "GRPCUseTLS", Kind.BOOL),
            attr("header", "Header", Kind.ANY),
            attr("initial_status", "InitialStatus", Kind.STRING),
            attr("success_before_passing", "SuccessBeforePassing", Kind.INT),
            attr("interval", "Interval", Kind.DURATION),
            attr("method", "Method", Kind.STRING),
            attr("name", "Name", Kind.STRING),
            attr("notes", "Notes", Kind.STRING),
            attr("on_update", "OnUpdate", Kind.STRING),
            attr("path", "Path", Kind.STRING),
            attr("port", "PortLabel", Kind.STRING),
            attr("protocol", "Protocol", Kind.STRING),
            attr("task", "TaskName", Kind.STRING),
            attr("timeout", "Timeout", Kind.DURATION),
            attr("type", "Type", Kind.STRING),
            attr("tls_server_name", "TLSServerName", Kind.STRING),
            attr("tls_skip_verify", "TLSSkipVerify", Kind.BOOL));

    public static final Block MESH_GATEWAY = Block.of("mesh_gateway",
            attr("mode", "Mode", Kind.STRING));

    public static final Block UPSTREAMS = Block.of("upstreams",
            attr("config", "Config", Kind.ANY),
            attr("destination_name", "DestinationName", Kind.STRING),
            attr("destination_namespace", "DestinationNamespace", Kind.STRING),
            attr("destination_partition", "DestinationPartition", Kind.STRING),
            attr("destination_peer", "DestinationPeer", Kind.STRING),
            attr("destination_type", "DestinationType", Kind.STRING),
            attr("local_bind_port", "LocalBindPort", Kind.INT),
            attr("local_bind_address", "LocalBindAddress", Kind.STRING),
            attr("local_bind_socket_path", "LocalBindSocketPath", Kind.STRING),
            attr("local_bind_socket_mode", "LocalBindSocketMode", Kind.STRING),
            attr("datacenter", "Datacenter", Kind.STRING),
            block("mesh_gateway", "MeshGateway", MESH_GATEWAY));

    public static final Block EXPOSE_PATH = Block.of("path",
            attr("path", "Path", Kind.STRING),
            attr("protocol", "Protocol", Kind.STRING),
            attr("local_path_port", "LocalPathPort", Kind.INT),
            attr("listener_port", "ListenerPort", Kind.STRING));

    public static final Block EXPOSE = Block.of("expose",
            blocks("path", "Paths", EXPOSE_PATH));

    public static final Block TRANSPARENT_PROXY = Block.of("transparent_proxy",
            attr("exclude_inbound_ports", "ExcludeInboundPorts", Kind.STRINGS),
            attr("exclude_outbound_cidrs", "ExcludeOutboundCIDRs", Kind.STRINGS),
            attr("exclude_outbound_ports", "ExcludeOutboundPorts", Kind.INTS),
            attr("exclude_uids", "ExcludeUIDs", Kind.STRINGS),
            attr("no_dns", "NoDNS", Kind.BOOL),
            attr("outbound_port", "OutboundPort", Kind.INT),
            attr("uid", "UID", Kind.STRING));

    /* The API's deprecated ExposeConfig, which Nomad still reads when Expose is absent, is left out. */
    public static final Block PROXY = Block.of("proxy",
            attr("config", "Config", Kind.ANY),
            block("expose", "Expose", EXPOSE),
            attr("local_service_address", "LocalServiceAddress", Kind.STRING),
            attr("local_service_port", "LocalServicePort", Kind.INT),
            block("transparent_proxy", "TransparentProxy", TRANSPARENT_PROXY),
            blocks("upstreams", "Upstreams", UPSTREAMS));

    public static final Block SIDECAR_SERVICE = Block.of("sidecar_service",
            attr("disable_default_tcp_check", "DisableDefaultTCPCheck", Kind.BOOL),
            attr("meta", "Meta", Kind.STRING_MAP),
            attr("port", "Port", Kind.STRING),
            block("proxy", "Proxy", PROXY),
            attr("tags", "Tags", Kind.STRINGS));

    /** The task Nomad runs the proxy in: a task's fields, fewer of them; its identities are all named. */
    public static final Block SIDECAR_TASK = Block.of("sidecar_task",
            attr("name", "Name", Kind.STRING),
            attr("driver", "Driver", Kind.STRING),
            attr("user", "User", Kind.STRING),
            attr("config", "Config", Kind.ANY),
            attr("env", "Env", Kind.STRING_MAP),
            attr("meta", "Meta", Kind.STRING_MAP),
            block("resources", "Resources", WorkloadSchema.RESOURCES),
            block("logs", "LogConfig", WorkloadSchema.LOGS),
            attr("kill_timeout", "KillTimeout", Kind.DURATION),
            attr("kill_signal", "KillSignal", Kind.STRING),
            attr("shutdown_delay", "ShutdownDelay", Kind.DURATION),
            blocks("volume_mount", "VolumeMounts", WorkloadSchema.VOLUME_MOUNT),
            blocks("identity", "Identities", WorkloadSchema.IDENTITY));

    /** {@code envoy_gateway_bind_addresses "name" {…}}. */
    public static final Block BIND_ADDRESS = Block.of("envoy_gateway_bind_addresses",
            attr("address", "Address", Kind.STRING),
            attr("port", "Port", Kind.INT));

    public static final Block GATEWAY_PROXY = Block.of("proxy",
            attr("connect_timeout", "ConnectTimeout", Kind.DURATION),
            attr("envoy_gateway_bind_tagged_addresses", "EnvoyGatewayBindTaggedAddresses", Kind.BOOL),
            keyed("envoy_gateway_bind_addresses", "EnvoyGatewayBindAddresses", BIND_ADDRESS),
            attr("envoy_gateway_no_default_bind", "EnvoyGatewayNoDefaultBind", Kind.BOOL),
            attr("envoy_dns_discovery_type", "EnvoyDNSDiscoveryType", Kind.STRING),
            attr("config", "Config", Kind.ANY));

    public static final Block SDS = Block.of("sds",
            attr("cluster_name", "ClusterName", Kind.STRING),
            attr("cert_resource", "CertResource", Kind.STRING));

    public static final Block GATEWAY_TLS = Block.of("tls",
            attr("enabled", "Enabled", Kind.BOOL),
            attr("tls_min_version", "TLSMinVersion", Kind.STRING),
            attr("tls_max_version", "TLSMaxVersion", Kind.STRING),
            attr("cipher_suites", "CipherSuites", Kind.STRINGS),
            block("sds", "SDS", SDS));

    /** {@code request_headers} and {@code response_headers} of an ingress gateway's service. */
    public static final Block HEADER_MODIFIERS = Block.of("request_headers",
            attr("add", "Add", Kind.STRING_MAP),
            attr("set", "Set", Kind.STRING_MAP),
            attr("remove", "Remove", Kind.STRINGS));

    public static final Block INGRESS_SERVICE = Block.of("service",
            attr("name", "Name", Kind.STRING),
            attr("hosts", "Hosts", Kind.STRINGS),
            block("tls", "TLS", GATEWAY_TLS),
            block("request_headers", "RequestHeaders", HEADER_MODIFIERS),
            block("response_headers", "ResponseHeaders", HEADER_MODIFIERS),
            attr("max_connections", "MaxConnections", Kind.INT),
            attr("max_pending_requests", "MaxPendingRequests", Kind.INT),
            attr("max_concurrent_requests", "MaxConcurrentRequests", Kind.INT));

    public static final Block LISTENER = Block.of("listener",
            attr("port", "Port", Kind.INT),
            attr("protocol", "Protocol", Kind.STRING),
            blocks("service", "Services", INGRESS_SERVICE));

    public static final Block INGRESS = Block.of("ingress",
            block("tls", "TLS", GATEWAY_TLS),
            blocks("listener", "Listeners", LISTENER));

    public static final Block LINKED_SERVICE = Block.of("service",
            attr("name", "Name", Kind.STRING),
            attr("ca_file", "CAFile", Kind.STRING),
            attr("cert_file", "CertFile", Kind.STRING),
            attr("key_file", "KeyFile", Kind.STRING),
            attr("sni", "SNI", Kind.STRING));

    public static final Block TERMINATING = Block.of("terminating",
            blocks("service", "Services", LINKED_SERVICE));

    /** A mesh gateway has nothing to set: the block's presence is the setting. */
    public static final Block MESH = Block.of("mesh");

    public static final Block GATEWAY = Block.of("gateway",
            block("proxy", "Proxy", GATEWAY_PROXY),
            block("ingress", "Ingress", INGRESS),
            block("terminating", "Terminating", TERMINATING),
            block("mesh", "Mesh", MESH));

    public static final Block CONNECT = Block.of("connect",
            attr("native", "Native", Kind.BOOL),
            block("gateway", "Gateway", GATEWAY),
            block("sidecar_service", "SidecarService", SIDECAR_SERVICE),
            block("sidecar_task", "SidecarTask", SIDECAR_TASK));

    public static final Block WEIGHTS = Block.of("weights",
            attr("passing", "Passing", Kind.INT),
            attr("warning", "Warning", Kind.INT));

    public static final Block SERVICE = Block.of("service",
            attr("provider", "Provider", Kind.STRING),
            attr("cluster", "Cluster", Kind.STRING),
            blocks("check", "Checks", CHECK),
            block("check_restart", "CheckRestart", CHECK_RESTART),
            block("connect", "Connect", CONNECT),
            block("identity", "Identity", WorkloadSchema.IDENTITY),
            attr("name", "Name", Kind.STRING),
            attr("port", "PortLabel", Kind.STRING),
            attr("tags", "Tags", Kind.STRINGS),
            attr("canary_tags", "CanaryTags", Kind.STRINGS),
            attr("enable_tag_override", "EnableTagOverride", Kind.BOOL),
            attr("address", "Address", Kind.STRING),
            attr("address_mode", "AddressMode", Kind.STRING),
            attr("task", "TaskName", Kind.STRING),
            attr("meta", "Meta", Kind.STRING_MAP),
            attr("canary_meta", "CanaryMeta", Kind.STRING_MAP),
            attr("tagged_addresses", "TaggedAddresses", Kind.STRING_MAP),
            attr("on_update", "OnUpdate", Kind.STRING),
            block("weights", "Weights", WEIGHTS),
            attr("kind", "Kind", Kind.STRING));

    private ServiceSchema() {
    }
}
