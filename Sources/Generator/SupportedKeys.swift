/// Every key Podman's Quadlet accepts in each unit type's group. A key not
/// listed here makes the unit fail with "unsupported key", as Quadlet does.
extension UnitKind {
    public var supportedKeys: Set<String> {
        switch self {
        case .container: Self.containerKeys
        case .volume: Self.volumeKeys
        case .network: Self.networkKeys
        case .pod: Self.podKeys
        case .kube: Self.kubeKeys
        case .image: Self.imageKeys
        case .build: Self.buildKeys
        case .artifact: Self.artifactKeys
        }
    }

    /// Keys of the `[Quadlet]` group, valid in every unit type.
    static let quadletKeys: Set<String> = ["DefaultDependencies"]

    static let containerKeys: Set<String> = [
        "AddCapability", "AddDevice", "AddHost", "Annotation", "AppArmor", "AutoUpdate", "CgroupsMode",
        "ContainerName", "ContainersConfModule", "DNS", "DNSOption", "DNSSearch", "DropCapability",
        "Entrypoint", "Environment", "EnvironmentFile", "EnvironmentHost", "Exec", "ExposeHostPort",
        "GIDMap", "GlobalArgs", "Group", "GroupAdd", "HealthCmd", "HealthInterval", "HealthLogDestination",
        "HealthMaxLogCount", "HealthMaxLogSize", "HealthOnFailure", "HealthRetries", "HealthStartPeriod",
        "HealthStartupCmd", "HealthStartupInterval", "HealthStartupRetries", "HealthStartupSuccess",
        "HealthStartupTimeout", "HealthTimeout", "HostName", "HttpProxy", "IP", "IP6", "Image", "Label",
        "LogDriver", "LogOpt", "Mask", "Memory", "Mount", "Network", "NetworkAlias", "NoNewPrivileges",
        "Notify", "PidsLimit", "Pod", "PodmanArgs", "PublishPort", "Pull", "ReadOnly", "ReadOnlyTmpfs",
        "ReloadCmd", "ReloadSignal", "RemapGid", "RemapUid", "RemapUidSize", "RemapUsers", "Retry",
        "RetryDelay", "Rootfs", "RunInit", "SeccompProfile", "Secret", "SecurityLabelDisable",
        "SecurityLabelFileType", "SecurityLabelLevel", "SecurityLabelNested", "SecurityLabelType",
        "ServiceName", "ShmSize", "StartWithPod", "StopSignal", "StopTimeout", "SubGIDMap", "SubUIDMap",
        "Sysctl", "Timezone", "Tmpfs", "UIDMap", "Ulimit", "Unmask", "User", "UserNS", "VolatileTmp",
        "Volume", "WorkingDir",
    ]

    static let volumeKeys: Set<String> = [
        "ContainersConfModule", "Copy", "Device", "Driver", "GlobalArgs", "Group", "Image", "Label",
        "Options", "PodmanArgs", "ServiceName", "Type", "User", "VolumeName",
    ]

    static let networkKeys: Set<String> = [
        "ContainersConfModule", "DNS", "DisableDNS", "Driver", "Gateway", "GlobalArgs", "IPAMDriver",
        "IPRange", "IPv6", "InterfaceName", "Internal", "Label", "NetworkDeleteOnStop", "NetworkName",
        "Options", "PodmanArgs", "ServiceName", "Subnet",
    ]

    static let podKeys: Set<String> = [
        "AddHost", "ContainersConfModule", "DNS", "DNSOption", "DNSSearch", "ExitPolicy", "GIDMap",
        "GlobalArgs", "HostName", "IP", "IP6", "Label", "Network", "NetworkAlias", "PodName", "PodmanArgs",
        "PublishPort", "RemapGid", "RemapUid", "RemapUidSize", "RemapUsers", "ServiceName", "ShmSize",
        "StopTimeout", "SubGIDMap", "SubUIDMap", "UIDMap", "UserNS", "Volume",
    ]

    static let kubeKeys: Set<String> = [
        "AutoUpdate", "ConfigMap", "ContainersConfModule", "ExitCodePropagation", "GlobalArgs",
        "KubeDownForce", "LogDriver", "LogOpt", "Network", "PodmanArgs", "PublishPort", "RemapGid",
        "RemapUid", "RemapUidSize", "RemapUsers", "ServiceName", "SetWorkingDirectory", "UserNS", "Yaml",
    ]

    static let imageKeys: Set<String> = [
        "AllTags", "Arch", "AuthFile", "CertDir", "ContainersConfModule", "Creds", "DecryptionKey",
        "GlobalArgs", "Image", "ImageTag", "OS", "PodmanArgs", "Policy", "Retry", "RetryDelay", "ServiceName",
        "TLSVerify", "Variant",
    ]

    static let buildKeys: Set<String> = [
        "Annotation", "Arch", "AuthFile", "BuildArg", "ContainersConfModule", "DNS", "DNSOption", "DNSSearch",
        "Environment", "File", "ForceRM", "GlobalArgs", "GroupAdd", "IgnoreFile", "ImageTag", "Label",
        "Network", "PodmanArgs", "Pull", "Retry", "RetryDelay", "Secret", "ServiceName", "SetWorkingDirectory",
        "Target", "TLSVerify", "Variant", "Volume",
    ]

    static let artifactKeys: Set<String> = [
        "Artifact", "AuthFile", "CertDir", "ContainersConfModule", "Creds", "DecryptionKey", "GlobalArgs",
        "PodmanArgs", "Quiet", "Retry", "RetryDelay", "ServiceName", "TLSVerify",
    ]
}
